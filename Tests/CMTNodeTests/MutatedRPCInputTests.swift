import CMTFuzzKit
import CMTRPCFuzzKit
import Testing

/// The `fuzz-rpc` target on fixed-seed mutations of its seed bodies (docs/fuzzing.md): every
/// input is decoded and answered without a crash, and every answer written reads back.
@Suite struct MutatedRPCInputTests {
    @Test("seeded mutations of JSON-RPC bodies decode without a crash and their answers round-trip")
    func mutatedBodies() {
        let seeds = RPCTarget.seeds.map { Array($0.utf8) }
        var random = FuzzRandom(seed: 0x5EED)
        var answered = 0
        for round in 0..<3_000 {
            let input = SourceMutator.mutate(seeds[round % seeds.count], other: random.pick(seeds), maxSize: 4_096, grammar: RPCTarget.grammar, using: &random)
            answered += RPCTarget.run(input)
        }
        #expect(answered > 1_000)
    }
}
