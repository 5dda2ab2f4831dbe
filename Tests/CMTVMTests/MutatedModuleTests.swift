import CMTBytecode
import CMTFuzzKit
import Testing

/// A short, deterministic run of the VM fuzzer (docs/fuzzing.md): mutated and random modules are
/// decoded, verified and, when accepted, loaded and run with a small gas limit, without crashing.
@Suite struct MutatedModuleTests {
    @Test("every VM fuzzer seed assembles (or compiles) and verifies")
    func seedsVerify() {
        let seeds = VMSeeds.modules()
        // Six assembled programs, each with and without debug info, and three compiled by cmtc.
        #expect(seeds.count == 15)
        for seed in seeds { #expect(VMTarget.run(seed)) }
    }

    @Test("mutated modules never crash the verifier or the VM")
    func mutatedModulesAreHandled() {
        let seeds = VMSeeds.modules()
        var random = FuzzRandom(seed: 0x5EED_0F_B17E)
        var input: [UInt8] = []
        var accepted = 0
        for iteration in 0..<2_000 {
            if iteration % 16 == 0 || input.isEmpty { input = random.pick(seeds) ?? [] }
            input = ModuleMutator.mutate(input, seeds: seeds, maxSize: 1 << 16, using: &random)
            if VMTarget.run(input) { accepted += 1 }
        }
        // Most mutations are rejected, but enough pass to exercise the interpreter.
        #expect(accepted > 100)
    }

    @Test("random bytes after a valid header never crash the decoder")
    func randomBytesAreRejected() {
        var random = FuzzRandom(seed: 7)
        for _ in 0..<2_000 {
            var bytes = Module.magic + [1, 0, 0, 0]
            for _ in 0..<random.below(96) { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
            VMTarget.run(bytes)
        }
    }
}
