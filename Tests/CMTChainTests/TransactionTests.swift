import Crypto
import Foundation
import Testing

import CMTBytecode
@testable import CMTChain

/// The transaction envelope and the stateless check (docs/chain.md, "Transactions").
@Suite struct TransactionTests {
    static let chainID = "cmt-test-1"
    static let check = StatelessCheck(chainID: chainID)
    static let alice = DevAccounts.key(0)
    static let bob = DevAccounts.key(1)
    static let carol = DevAccounts.key(2)

    static func transfer(nonce: UInt64 = 0, feePayer: PublicKey? = nil) -> Transaction {
        Transaction(
            chainID: chainID, nonce: nonce, gasLimit: 21_000, maxFeePerGas: Amount(atto: 2_000_000_000),
            priorityFeePerGas: Amount(atto: 1_000_000_000), expiryHeight: 100, signer: alice.publicKey,
            feePayer: feePayer,
            action: .transfer(to: bob.address, amount: Amount(atto: 10 * Amount.attoPerCMT)))
    }

    static func actions() throws -> [TxAction] {
        let contract = try #require(Address(bytes: Hex.decode("00112233445566778899aabbccddeeff00112233") ?? []))
        return [
            .transfer(to: bob.address, amount: Amount(atto: 1)),
            .deploy(
                bundle: Array("PK bundle bytes".utf8), constructorArguments: [1, 2, 3],
                parameters: [TemplateParameter(name: "rate", value: [4]), TemplateParameter(name: "owner", value: [])],
                value: .zero),
            .call(
                contract: contract, function: "repay", arguments: [9, 9], value: Amount(atto: 5 * Amount.attoPerCMT / 2)
            ),
            .webhookEvent(contract: contract, hook: "shipment", payload: Array("{\"orderId\":\"o1\"}".utf8)),
        ]
    }

    /// Signs `body` bytes as they are (canonical or not) into an envelope.
    static func envelope(body: [UInt8], signer: SigningKey = alice, extra: [UInt8] = []) throws -> [UInt8] {
        var raw = ProtoBytes()
        raw.bytes(1, body)
        raw.bytes(2, try signer.sign(SignBytes.of(body: body, chainID: chainID)))
        raw.raw(extra)
        return raw.bytes
    }

    static func rejection(_ bytes: [UInt8], check: StatelessCheck = check) -> TxRejection? {
        do {
            _ = try check.check(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("every action kind, with and without a fee payer, passes the check and decodes to what was signed")
    func roundTrip() throws {
        for action in try Self.actions() {
            for feePayer in [nil, Self.carol] {
                var transaction = Self.transfer(feePayer: feePayer?.publicKey)
                transaction.action = action
                let bytes = try transaction.signed(by: Self.alice, feePayer: feePayer)
                let checked = try Self.check.check(bytes)
                #expect(checked.transaction == transaction)
                #expect(checked.bytes == bytes)
                #expect(checked.hash == Array(SHA256.hash(data: bytes)))
                #expect(checked.transaction.sender == Self.alice.address)
            }
        }
    }

    @Test("the signed bytes are the prefix, the chain id and the body")
    func signBytes() throws {
        let body = try Self.transfer().encodedBody()
        let expected = Array("CMT/tx/v1".utf8) + [0, UInt8(Self.chainID.utf8.count)] + Array(Self.chainID.utf8) + body
        #expect(SignBytes.of(body: body, chainID: Self.chainID) == expected)
        let bytes = try Self.transfer().signed(by: Self.alice)
        let other = StatelessCheck(chainID: "cmt-other")
        #expect(Self.rejection(bytes, check: other)?.code == .wrongChainID)
    }

    @Test("bad signatures are rejected: another key, a changed byte, a missing or unwanted fee payer signature")
    func badSignatures() throws {
        let body = try Self.transfer().encodedBody()
        #expect(Self.rejection(try Self.envelope(body: body, signer: Self.bob))?.code == .badSignature)
        var bytes = try Self.transfer().signed(by: Self.alice)
        bytes[bytes.count - 1] ^= 1
        #expect(Self.rejection(bytes)?.code == .badSignature)
        let sponsored = Self.transfer(feePayer: Self.carol.publicKey)
        #expect(Self.rejection(try sponsored.signed(by: Self.alice))?.code == .badFeePayerSignature)
        #expect(Self.rejection(try sponsored.signed(by: Self.alice, feePayer: Self.bob))?.code == .badFeePayerSignature)
        #expect(
            Self.rejection(try Self.transfer().signed(by: Self.alice, feePayer: Self.carol))?.code
                == .badFeePayerSignature)
    }

    @Test("non-canonical encodings are rejected even when signed")
    func nonCanonical() throws {
        let body = try Self.transfer().encodedBody()
        // The same body with a field written twice, a non-minimal varint, a default written out, fields out of order.
        var twice = ProtoBytes()
        twice.raw(body)
        twice.varint(2, 0)
        var longVarint = ProtoBytes()
        longVarint.string(1, Self.chainID)
        longVarint.raw([2 << 3, 0x80, 0x00])  // nonce 0 in two bytes
        longVarint.raw(Array(body.dropFirst(2 + Self.chainID.utf8.count)))
        var reordered = ProtoBytes()
        reordered.raw(Array(body.dropFirst(2 + Self.chainID.utf8.count)))
        reordered.string(1, Self.chainID)
        for bad in [twice.bytes, longVarint.bytes, reordered.bytes] {
            #expect(
                Self.rejection(try Self.envelope(body: bad))
                    == TxRejection(.nonCanonical, "the body is not canonically encoded"))
        }
        // The envelope itself: signature before body.
        var raw = ProtoBytes()
        raw.bytes(2, try Self.alice.sign(SignBytes.of(body: body, chainID: Self.chainID)))
        raw.bytes(1, body)
        #expect(Self.rejection(raw.bytes) == TxRejection(.nonCanonical, "the envelope is not canonically encoded"))
    }

    @Test("unknown fields are rejected in the envelope, the body and nested messages")
    func unknownFields() throws {
        let body = try Self.transfer().encodedBody()
        var extended = ProtoBytes()
        extended.raw(body)
        extended.varint(99, 1)
        #expect(Self.rejection(try Self.envelope(body: extended.bytes))?.code == .unknownField)
        var extra = ProtoBytes()
        extra.varint(7, 1)
        #expect(Self.rejection(try Self.envelope(body: body, extra: extra.bytes))?.code == .unknownField)
        // Inside the transfer message (field 10): rebuild it with an extra field 5.
        var transfer = ProtoBytes()
        transfer.bytes(1, Self.bob.address.bytes)
        transfer.string(2, "1")
        transfer.varint(5, 3)
        var nested = ProtoBytes()
        nested.string(1, Self.chainID)
        nested.varint(3, 21_000)
        var signer = ProtoBytes()
        signer.varint(1, 1)
        signer.bytes(2, Self.alice.publicKey.bytes)
        nested.bytes(7, signer.bytes)
        nested.bytes(10, transfer.bytes)
        #expect(
            Self.rejection(try Self.envelope(body: nested.bytes))
                == TxRejection(.unknownField, "the transfer has fields the format does not define"))
    }

    @Test("undecodable, empty and oversize input is rejected before anything else")
    func undecodableAndOversize() throws {
        #expect(Self.rejection([0xFF])?.code == .undecodable)
        #expect(Self.rejection([0x0A, 0x05, 1])?.code == .undecodable)
        #expect(Self.rejection([]) == TxRejection(.undecodable, "the envelope has no body"))
        #expect(Self.rejection(try Self.envelope(body: [0xFF, 0xFF]))?.code == .undecodable)
        let small = StatelessCheck(chainID: Self.chainID, maxTransactionBytes: 100)
        let bytes = try Self.transfer().signed(by: Self.alice)
        #expect(
            Self.rejection(bytes, check: small)
                == TxRejection(.oversize, "the transaction is \(bytes.count) bytes, more than the 100 allowed"))
    }

    @Test("field checks: key type and bytes, action, addresses, amounts, fees and names")
    func fieldChecks() throws {
        func rejected(_ change: (inout Cmt_Tx_V1_TxBody) -> Void) throws -> TxRejection.Code? {
            var body = Self.transfer().wireBody()
            change(&body)
            return Self.rejection(try Self.envelope(body: try body.serializedBytes()))?.code
        }
        #expect(try rejected { $0.signer.type = .unspecified } == .unsupportedKeyType)
        #expect(try rejected { $0.signer.key = Data([1, 2, 3]) } == .badPublicKey)
        #expect(try rejected { $0.clearSigner() } == .badPublicKey)
        #expect(try rejected { $0.feePayer.type = .ed25519 } == .badPublicKey)
        #expect(try rejected { $0.action = nil } == .missingAction)
        #expect(try rejected { $0.transfer.to = Data([1, 2]) } == .badAddress)
        for amount in ["0", "01", "-1", "1.5", " 1", "340282366920938463463374607431768211456"] {
            #expect(try rejected { $0.transfer.amount = amount } == .badAmount, "amount '\(amount)'")
        }
        #expect(try rejected { $0.maxFeePerGas = "x" } == .badAmount)
        #expect(try rejected { $0.gasLimit = 0 } == .badFees)
        #expect(try rejected { $0.priorityFeePerGas = "3000000000" } == .badFees)
        #expect(try rejected { $0.action = .call(Cmt_Tx_V1_Call()) } == .badName)
        #expect(try rejected { $0.action = .webhookEvent(Cmt_Tx_V1_WebhookEvent()) } == .badName)
        #expect(try rejected { $0.chainID = "other" } == .wrongChainID)
        #expect(Amount(wire: "340282366920938463463374607431768211455")?.atto == UInt128.max)
        #expect(Amount(atto: 1_500_000_000_000_000_000).description == "1.5")
    }

    @Test("rejection codes keep their numbers")
    func codes() {
        let codes: [TxRejection.Code] = [
            .oversize, .undecodable, .nonCanonical, .unknownField, .wrongChainID, .unsupportedKeyType, .badPublicKey,
            .badSignature, .badFeePayerSignature, .missingAction, .badAddress, .badAmount, .badFees, .badName,
        ]
        #expect(codes.map(\.rawValue) == Array(1...14))
        #expect(TxRejection(.badSignature, "x").description == "8 badSignature: x")
    }
}
