import Dispatch
import Testing

@testable import CMTChain

/// The verification stage: stateless checks over all cores give what one thread gives, in input
/// order, and what was verified is remembered (bounded) so a block does not verify it again.
@Suite struct VerificationStageTests {
    static let check = StatelessCheck(chainID: ChainFixture.chainID)

    static func mixed(_ count: Int) throws -> [[UInt8]] {
        try (0..<count).map { index in
            var bytes = try ChainFixture.transfer(UInt32(index % 4), to: ChainFixture.key(9).address, Amount(atto: UInt128(index + 1)), nonce: UInt64(index))
            if index % 7 == 3 { bytes[bytes.count - 1] ^= 1 }
            if index % 11 == 5 { bytes = [0xFF] }
            return bytes
        }
    }

    @Test("concurrent checks equal sequential ones, in input order")
    func concurrentEqualsSequential() throws {
        let transactions = try Self.mixed(300)
        let concurrent = VerificationStage.checkConcurrently(transactions, with: Self.check)
        #expect(concurrent.count == transactions.count)
        for (bytes, result) in zip(transactions, concurrent) {
            let sequential: Result<CheckedTransaction, TxRejection> = Result { () throws(TxRejection) in try Self.check.check(bytes) }
            #expect(result == sequential)
        }
    }

    @Test("verified transactions are remembered up to the capacity and forgotten once committed")
    func remembers() throws {
        let stage = VerificationStage(check: Self.check, capacity: 50)
        let transactions = try Self.mixed(40)
        let first = stage.check(transactions)
        let valid = first.filter { if case .success = $0 { true } else { false } }.count
        #expect(stage.count == valid)
        #expect(stage.check(transactions) == first)
        #expect(stage.count == valid)
        let more = try (0..<40).map { try ChainFixture.transfer(1, to: ChainFixture.key(8).address, Amount(atto: 1), nonce: UInt64(1_000 + $0)) }
        _ = stage.check(more)
        #expect(stage.count == 50)
        stage.forget(more.prefix(10).compactMap { try? Self.check.check($0).hash })
        #expect(stage.count == 40)
    }
}

/// Verifying ahead of CheckTx from another thread (``SignatureVerifier``) while the stage checks.
@Suite struct SignatureVerifierTests {
    @Test("verifying on another thread while a block checks gives the same results, and CheckTx finds them verified")
    func verifiesAheadConcurrently() throws {
        let stage = VerificationStage(check: VerificationStageTests.check)
        let ahead = try VerificationStageTests.mixed(200)
        let now = try (0..<100).map { try ChainFixture.transfer(2, to: ChainFixture.key(7).address, Amount(atto: 5), nonce: UInt64(5_000 + $0)) }
        let verifier = SignatureVerifier(stage: stage)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { verifier.verify(ahead) }
        let checkedNow = stage.check(now)
        group.wait()
        #expect(checkedNow.allSatisfy { (try? $0.get()) != nil })
        let valid = VerificationStage.checkConcurrently(ahead, with: VerificationStageTests.check).filter { (try? $0.get()) != nil }.count
        #expect(SignatureVerifier(stage: VerificationStage(check: VerificationStageTests.check)).verify(ahead) == valid)
        #expect(stage.count == valid + now.count)
        // Checking them again takes nothing new and gives what a fresh check gives.
        #expect(stage.check(ahead) == VerificationStage.checkConcurrently(ahead, with: VerificationStageTests.check))
        #expect(stage.count == valid + now.count)
    }
}
