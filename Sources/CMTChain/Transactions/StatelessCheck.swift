import Crypto
import Foundation
import SwiftProtobuf

/// The checks a transaction passes before it may enter the mempool, with no state: its size, its
/// decoding (canonical, no unknown fields), its fields, its chain id and its signatures
/// (docs/chain.md, "The stateless check"). Every failure is a ``TxRejection`` with a stable code.
public struct StatelessCheck: Sendable {
    /// This chain's id.
    public let chainID: String
    /// The most bytes one transaction may have.
    public let maxTransactionBytes: Int

    /// The default size limit: 1 MiB (CometBFT's default `max_tx_bytes`).
    public static let defaultMaxTransactionBytes = 1 << 20

    public init(chainID: String, maxTransactionBytes: Int = defaultMaxTransactionBytes) {
        self.chainID = chainID
        self.maxTransactionBytes = maxTransactionBytes
    }

    /// Checks the submitted `bytes`.
    /// - Throws: the first ``TxRejection`` in the order of docs/chain.md.
    public func check(_ bytes: [UInt8]) throws(TxRejection) -> CheckedTransaction {
        guard bytes.count <= maxTransactionBytes else {
            throw TxRejection(
                .oversize, "the transaction is \(bytes.count) bytes, more than the \(maxTransactionBytes) allowed")
        }
        let raw: Cmt_Tx_V1_TxRaw = try Self.decode(bytes, "envelope")
        try Self.requireNoUnknownFields(raw, "envelope")
        try Self.requireCanonical(raw, bytes, "envelope")
        guard !raw.body.isEmpty else { throw TxRejection(.undecodable, "the envelope has no body") }
        let bodyBytes = Array(raw.body)
        let body: Cmt_Tx_V1_TxBody = try Self.decode(bodyBytes, "body")
        try Self.requireNoUnknownFields(body, "body")
        try Self.requireNoUnknownFields(body.signer, "signer")
        try Self.requireNoUnknownFields(body.feePayer, "fee payer")
        switch body.action {
        case .transfer(let transfer): try Self.requireNoUnknownFields(transfer, "transfer")
        case .deploy(let deploy):
            try Self.requireNoUnknownFields(deploy, "deploy")
            for parameter in deploy.parameters { try Self.requireNoUnknownFields(parameter, "template parameter") }
        case .call(let call): try Self.requireNoUnknownFields(call, "call")
        case .webhookEvent(let event): try Self.requireNoUnknownFields(event, "webhook event")
        case nil: break
        }
        try Self.requireCanonical(body, bodyBytes, "body")
        guard body.chainID == chainID else {
            throw TxRejection(
                .wrongChainID, "the transaction is for chain '\(body.chainID.prefix(60))', this is '\(chainID)'")
        }
        let transaction = try Transaction(wire: body)
        let message = SignBytes.of(body: bodyBytes, chainID: chainID)
        guard transaction.signer.isValidSignature(Array(raw.signature), for: message) else {
            throw TxRejection(.badSignature, "the signer's signature does not verify")
        }
        if let feePayer = transaction.feePayer {
            guard feePayer.isValidSignature(Array(raw.feePayerSignature), for: message) else {
                throw TxRejection(.badFeePayerSignature, "the fee payer's signature does not verify")
            }
        } else if !raw.feePayerSignature.isEmpty {
            throw TxRejection(.badFeePayerSignature, "a fee payer signature without a fee payer")
        }
        return CheckedTransaction(transaction: transaction, hash: Array(SHA256.hash(data: bytes)), bytes: bytes)
    }

    private static func decode<M: Message>(_ bytes: [UInt8], _ what: String) throws(TxRejection) -> M {
        do {
            return try M(serializedBytes: bytes)
        } catch {
            throw TxRejection(.undecodable, "the \(what) does not decode: \(error)")
        }
    }

    private static func requireNoUnknownFields(_ message: some Message, _ what: String) throws(TxRejection) {
        guard message.unknownFields.data.isEmpty else {
            throw TxRejection(.unknownField, "the \(what) has fields the format does not define")
        }
    }

    /// The bytes must be exactly what encoding the decoded message gives: fields in number order,
    /// each once, no default values, minimal varints.
    private static func requireCanonical(_ message: some Message, _ bytes: [UInt8], _ what: String) throws(TxRejection)
    {
        let again: [UInt8]? = try? message.serializedBytes()
        guard again == bytes else { throw TxRejection(.nonCanonical, "the \(what) is not canonically encoded") }
    }
}
