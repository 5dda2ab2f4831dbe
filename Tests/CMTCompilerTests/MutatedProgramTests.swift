import CMTFuzzKit
import Foundation
import Testing

/// A short, deterministic run of the front-end fuzzer (docs/fuzzing.md): mutated golden and example
/// programs go through the lexer, parser, checker, renderers and formatter without crashing.
@Suite struct MutatedProgramTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every `.cmt` file under the golden, example and fuzz seed folders.
    static func seeds() -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        for folder in ["Tests/CMTCompilerTests/Goldens", "Examples", "Benchmarks/fuzz/seeds"] {
            let url = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: url.path) else { continue }
            for case let path as String in walker where path.hasSuffix(".cmt") {
                if let data = FileManager.default.contents(atPath: url.appendingPathComponent(path).path) {
                    seeds.append(Array(data))
                }
            }
        }
        return seeds.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test("mutated programs never crash the lexer, parser, checker or formatter")
    func mutatedProgramsAreHandled() {
        let seeds = Self.seeds()
        #expect(seeds.count > 100)
        var random = FuzzRandom(seed: 0xC3_7F_2025)
        var input: [UInt8] = []
        for iteration in 0..<2_000 {
            if iteration % 8 == 0 || input.isEmpty { input = random.pick(seeds) ?? [] }
            input = SourceMutator.mutate(input, other: random.pick(seeds), maxSize: 4_096, using: &random)
            FrontendTarget.run(input)
        }
    }
}
