import Testing

import CMTChain
import CMTFuzzKit
import CMTTxFuzzKit

/// The quick, fixed-seed version of the `fuzz-tx` harness (docs/fuzzing.md): the seeds pass the
/// stateless check, and mutated transactions (bodies edited and signed again, envelopes and bytes
/// edited) go through the same entry point as libFuzzer's inputs without breaking a property.
@Suite struct MutatedTransactionTests {
    @Test("every seed transaction passes the stateless check")
    func seedsAreValid() throws {
        let seeds = TxSeeds.transactions()
        #expect(seeds.count == 9)
        for seed in seeds {
            _ = try TxTarget.check.check(seed)
            #expect(TxTarget.run(seed) == nil)
        }
    }

    @Test("3,000 mutated transactions: no crash, every property holds, the check's stages are all reached")
    func mutatedTransactions() {
        let seeds = TxSeeds.transactions()
        var random = FuzzRandom(seed: 12)
        var codes: [UInt32: Int] = [:]
        var input = seeds[0]
        for round in 0..<3_000 {
            input = TxMutator.mutate(round % 10 == 0 ? seeds[round / 10 % seeds.count] : input, seeds: seeds, maxSize: 8_192, using: &random)
            #expect(TxTarget.run(input) == nil, "input \(round): \(input)")
            do {
                _ = try TxTarget.check.check(input)
                codes[0, default: 0] += 1
            } catch {
                codes[error.code.rawValue, default: 0] += 1
            }
        }
        // Accepted (0) and every rejection but oversize (the mutations stay small) are reached.
        #expect(Set(codes.keys).isSuperset(of: Set(0...14).subtracting([1])), "reached: \(codes.sorted { $0.key < $1.key })")
    }
}
