import CMTBytecode
import Foundation
import SwiftProtobuf

/// Conversions between ``Transaction`` and the generated protobuf types (`proto/cmt/tx/v1/tx.proto`).
/// The generated types never leave this file and ``StatelessCheck``.
extension Transaction {
    /// The canonical TxBody bytes: fields in number order, default values left out, minimal varints.
    public func encodedBody() throws(TxRejection) -> [UInt8] {
        do {
            return try wireBody().serializedBytes()
        } catch {
            throw TxRejection(.undecodable, "the body could not be encoded: \(error)")
        }
    }

    /// The envelope bytes of this transaction signed by `signer` (whose public key must be
    /// ``signer``) and, when the transaction names one, by `feePayer`.
    public func signed(by signer: SigningKey, feePayer: SigningKey? = nil) throws(TxRejection) -> [UInt8] {
        let body = try encodedBody()
        let message = SignBytes.of(body: body, chainID: chainID)
        var raw = Cmt_Tx_V1_TxRaw()
        raw.body = Data(body)
        do {
            raw.signature = Data(try signer.sign(message))
            if let feePayer { raw.feePayerSignature = Data(try feePayer.sign(message)) }
            return try raw.serializedBytes()
        } catch {
            throw TxRejection(.badSignature, "signing failed: \(error)")
        }
    }

    func wireBody() -> Cmt_Tx_V1_TxBody {
        var body = Cmt_Tx_V1_TxBody()
        body.chainID = chainID
        body.nonce = nonce
        body.gasLimit = gasLimit
        body.maxFeePerGas = maxFeePerGas.wire
        body.priorityFeePerGas = priorityFeePerGas.wire
        body.expiryHeight = expiryHeight ?? 0
        body.signer = Self.wire(signer)
        if let feePayer { body.feePayer = Self.wire(feePayer) }
        switch action {
        case .transfer(let to, let amount):
            var transfer = Cmt_Tx_V1_Transfer()
            transfer.to = Data(to.bytes)
            transfer.amount = amount.wire
            body.action = .transfer(transfer)
        case .deploy(let bundle, let arguments, let parameters, let value):
            var deploy = Cmt_Tx_V1_Deploy()
            deploy.bundle = Data(bundle)
            deploy.constructorArgs = Data(arguments)
            deploy.parameters = parameters.map { parameter in
                var wire = Cmt_Tx_V1_TemplateParameter()
                wire.name = parameter.name
                wire.value = Data(parameter.value)
                return wire
            }
            deploy.value = value.wire
            body.action = .deploy(deploy)
        case .call(let contract, let function, let arguments, let value):
            var call = Cmt_Tx_V1_Call()
            call.contract = Data(contract.bytes)
            call.function = function
            call.args = Data(arguments)
            call.value = value.wire
            body.action = .call(call)
        case .webhookEvent(let contract, let hook, let payload):
            var event = Cmt_Tx_V1_WebhookEvent()
            event.contract = Data(contract.bytes)
            event.hook = hook
            event.payload = Data(payload)
            body.action = .webhookEvent(event)
        }
        return body
    }

    private static func wire(_ key: PublicKey) -> Cmt_Tx_V1_PublicKey {
        var wire = Cmt_Tx_V1_PublicKey()
        wire.type = .ed25519
        wire.key = Data(key.bytes)
        return wire
    }

    /// The transaction a decoded body describes, with every field checked (keys, amounts,
    /// addresses, names, the action), but not the chain id or the signatures.
    init(wire body: Cmt_Tx_V1_TxBody) throws(TxRejection) {
        guard body.hasSigner else { throw TxRejection(.badPublicKey, "the body names no signer") }
        let signer = try Self.publicKey(body.signer, role: "signer")
        let feePayer = try body.hasFeePayer ? Self.publicKey(body.feePayer, role: "fee payer") : nil
        let maxFee = try Self.amount(body.maxFeePerGas, "max_fee_per_gas")
        let priorityFee = try Self.amount(body.priorityFeePerGas, "priority_fee_per_gas")
        guard body.gasLimit > 0 else { throw TxRejection(.badFees, "the gas limit is zero") }
        guard priorityFee <= maxFee else {
            throw TxRejection(
                .badFees, "the priority fee per gas \(priorityFee) CMT exceeds the maximum fee per gas \(maxFee) CMT")
        }
        let action: TxAction
        switch body.action {
        case nil:
            throw TxRejection(.missingAction, "the body has no action (transfer, deploy, call or webhook event)")
        case .transfer(let transfer):
            action = .transfer(
                to: try Self.address(Array(transfer.to), "transfer.to"),
                amount: try Self.amount(transfer.amount, "transfer.amount"))
        case .deploy(let deploy):
            var names = Set<String>()
            for parameter in deploy.parameters {
                guard !parameter.name.isEmpty, names.insert(parameter.name).inserted else {
                    throw TxRejection(.badName, "template parameter name '\(parameter.name)' is empty or repeated")
                }
            }
            action = .deploy(
                bundle: Array(deploy.bundle), constructorArguments: Array(deploy.constructorArgs),
                parameters: deploy.parameters.map { TemplateParameter(name: $0.name, value: Array($0.value)) },
                value: try Self.amount(deploy.value, "deploy.value"))
        case .call(let call):
            guard !call.function.isEmpty else { throw TxRejection(.badName, "the call names no function") }
            action = .call(
                contract: try Self.address(Array(call.contract), "call.contract"), function: call.function,
                arguments: Array(call.args),
                value: try Self.amount(call.value, "call.value"))
        case .webhookEvent(let event):
            guard !event.hook.isEmpty else { throw TxRejection(.badName, "the webhook event names no hook") }
            action = .webhookEvent(
                contract: try Self.address(Array(event.contract), "webhook_event.contract"), hook: event.hook,
                payload: Array(event.payload))
        }
        self.init(
            chainID: body.chainID, nonce: body.nonce, gasLimit: body.gasLimit, maxFeePerGas: maxFee,
            priorityFeePerGas: priorityFee,
            expiryHeight: body.expiryHeight == 0 ? nil : body.expiryHeight, signer: signer, feePayer: feePayer,
            action: action)
    }

    private static func publicKey(_ wire: Cmt_Tx_V1_PublicKey, role: String) throws(TxRejection) -> PublicKey {
        guard wire.type == .ed25519 else {
            throw TxRejection(.unsupportedKeyType, "the \(role)'s key type \(wire.type.rawValue) is not Ed25519 (1)")
        }
        do throws(KeyError) {
            return try PublicKey(bytes: Array(wire.key))
        } catch {
            throw TxRejection(.badPublicKey, "the \(role)'s key is \(error.message)")
        }
    }

    private static func amount(_ text: String, _ field: String) throws(TxRejection) -> Amount {
        guard let amount = Amount(wire: text) else {
            throw TxRejection(.badAmount, "\(field) '\(text.prefix(80))' is not an amount in canonical atto-CMT digits")
        }
        return amount
    }

    private static func address(_ bytes: [UInt8], _ field: String) throws(TxRejection) -> Address {
        guard let address = Address(bytes: bytes) else {
            throw TxRejection(.badAddress, "\(field) is \(bytes.count) bytes, an address is \(Address.size)")
        }
        return address
    }
}
