import CMTBytecode
import Crypto
import Testing

@testable import CMTChain

/// Every rejection of the stateless and the stateful check, through CheckTx and in a finalized
/// block, each with its stable code and no change to any account (docs/chain.md, "The stateful
/// check").
@Suite struct RejectionTests {
    typealias F = ChainFixture

    /// Bad transactions for the fixture chain after its first (empty) block, with the code each must get.
    static func cases(_ chain: ChainFixture) throws -> [(String, [UInt8], TxRejection.Code)] {
        let bob = F.key(1).address
        let good = try F.transfer(0, to: bob, Amount(atto: 1), nonce: 0)
        var badSignature = good
        badSignature[badSignature.count - 1] ^= 0x01
        var unknownField = ProtoBytes()
        unknownField.raw(good)
        unknownField.varint(9, 1)
        // The envelope's fields out of order: signature before body.
        var nonCanonical = ProtoBytes()
        let (body, signature) = try Self.split(good)
        nonCanonical.bytes(2, signature)
        nonCanonical.bytes(1, body)
        let oversize = try F.transaction(0, nonce: 0, action: .call(contract: bob, function: "f", arguments: [UInt8](repeating: 7, count: 400), value: .zero), gasLimit: 100_000)
        return [
            ("undecodable bytes", [0x0A, 0xFF, 0x01], .undecodable),
            ("a non-canonical envelope", nonCanonical.bytes, .nonCanonical),
            ("an unknown field", unknownField.bytes, .unknownField),
            ("a bad signature", badSignature, .badSignature),
            ("another chain's id", try F.transaction(0, nonce: 0, action: .transfer(to: bob, amount: Amount(atto: 1)), chainID: "other-chain"), .wrongChainID),
            ("a gapped nonce", try F.transfer(0, to: bob, Amount(atto: 1), nonce: 1), .nonceTooHigh),
            ("an expired transaction", try F.transfer(0, to: bob, Amount(atto: 1), nonce: 0, expiry: chain.height), .expired),
            ("a fee above the balance", try F.transfer(0, to: bob, Amount(atto: 1), nonce: 0, gasLimit: 40_000_000, maxFee: Amount(atto: 3 * F.cmt / 1_000_000)), .insufficientFundsForFee),
            ("a fee payer without the fee", try F.transfer(0, to: bob, Amount(atto: 1), nonce: 0, gasLimit: 21_000, maxFee: Amount(atto: 10 * F.cmt / 21_000), feePayer: 5), .insufficientFundsForFee),
            ("a value above the balance", try F.transfer(0, to: bob, Amount(atto: 100 * F.cmt), nonce: 0), .insufficientFundsForValue),
            ("a gas limit above the block's", try F.transfer(0, to: bob, Amount(atto: 1), nonce: 0, gasLimit: ChainParameters.standard.blockGasLimit + 1), .gasLimitAboveBlock),
            ("a gas limit below the transfer's gas", try F.transfer(0, to: bob, Amount(atto: 1), nonce: 0, gasLimit: 20_999), .gasBelowIntrinsic),
            ("a fee below the base fee", try F.transfer(0, to: bob, Amount(atto: 1), nonce: 0, maxFee: Amount(atto: 999_999_999), priority: .zero), .feeBelowBaseFee),
            ("an oversize transaction", oversize, .oversize),
        ]
    }

    /// The body and signature fields of an envelope the generated code wrote.
    static func split(_ envelope: [UInt8]) throws -> ([UInt8], [UInt8]) {
        var fields: [[UInt8]] = []
        var index = 0
        while index < envelope.count {
            index += 1  // tag (fields 1 and 2 are one byte)
            var length = 0
            var shift = 0
            while true {
                let byte = envelope[index]
                index += 1
                length |= Int(byte & 0x7F) << shift
                shift += 7
                if byte < 0x80 { break }
            }
            fields.append(Array(envelope[index..<index + length]))
            index += length
        }
        return (try #require(fields.first), try #require(fields.dropFirst().first))
    }

    @Test("CheckTx rejects each bad transaction with its code and changes nothing")
    func checkTxRejects() throws {
        var parameters = ChainParameters.standard
        parameters.maxTransactionBytes = 400
        let chain = try ChainFixture(parameters: parameters)
        try chain.block([])
        let before = try chain.accounts()
        for (name, bytes, code) in try Self.cases(chain) {
            let result = chain.app.checkTx(bytes)
            #expect(result.code == code.rawValue, "\(name): \(result.log)")
            #expect(result.codespace == ResultCodespace.transaction)
            #expect(!result.log.isEmpty)
        }
        #expect(try chain.accounts() == before)
    }

    @Test("in a block, each bad transaction gets a rejected receipt with its code, is charged nothing and changes nothing")
    func blockRejects() throws {
        var parameters = ChainParameters.standard
        parameters.maxTransactionBytes = 400
        let chain = try ChainFixture(parameters: parameters)
        try chain.block([])
        let before = try chain.accounts()
        let cases = try Self.cases(chain)
        let result = try chain.block(cases.map(\.1))
        for ((name, bytes, code), item) in zip(cases, result.results) {
            #expect(item.code == code.rawValue, "\(name)")
            #expect(item.receipt.status == .rejected)
            #expect(item.receipt.rejection == code)
            #expect(item.receipt.gasUsed == 0 && item.receipt.fee == .zero)
            #expect(item.receipt.transactionHash == Array(SHA256.hash(data: bytes)))
        }
        #expect(try chain.accounts() == before)
        #expect(chain.app.processProposal(ProposalContext(height: 3, time: chain.time, proposer: chain.proposer), transactions: [cases[0].1]) != .accept)
    }

    @Test("a replayed transaction is rejected once its nonce is used, in CheckTx and in a later block")
    func replay() throws {
        let chain = try ChainFixture()
        let bytes = try F.transfer(0, to: F.key(1).address, Amount(atto: 1), nonce: 0)
        #expect(chain.app.checkTx(bytes).isAccepted)
        try chain.block([bytes])
        let before = try chain.accounts()
        #expect(chain.app.checkTx(bytes).code == TxRejection.Code.nonceTooLow.rawValue)
        let result = try chain.block([bytes])
        #expect(result.results[0].code == TxRejection.Code.nonceTooLow.rawValue)
        // Only the block result key changed, no account.
        #expect(try chain.accounts() == before)
    }

    @Test("the codes of the stateful check are pinned")
    func codesArePinned() {
        let codes: [TxRejection.Code] = [
            .nonceTooLow, .nonceTooHigh, .expired, .gasLimitAboveBlock, .feeBelowBaseFee, .insufficientFundsForFee,
            .insufficientFundsForValue, .gasBelowIntrinsic, .blockFull,
        ]
        #expect(codes.map(\.rawValue) == Array(15...23))
        #expect(codes.map(\.description) == [
            "nonceTooLow", "nonceTooHigh", "expired", "gasLimitAboveBlock", "feeBelowBaseFee", "insufficientFundsForFee",
            "insufficientFundsForValue", "gasBelowIntrinsic", "blockFull",
        ])
    }
}
