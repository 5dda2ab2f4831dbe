import CMTFuzzKit
import CMTReaderFuzzKit
import Foundation
import Testing

/// The `fuzz-readers` targets on fixed-seed mutations of the examples' process, rule and manifest
/// files (docs/fuzzing.md): every input must be read to diagnostics, never crash or hang. The inputs
/// the libFuzzer runs found are kept here too.
@Suite struct MutatedReaderInputTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The example files a reader reads, as seeds.
    static func seeds(_ target: ReaderTarget) throws -> [[UInt8]] {
        let suffixes: [String] = switch target {
        case .process: [".bpm"]
        case .rules: [".drl", ".rl"]
        case .manifest: ["cmt.toml"]
        }
        let examples = packageRoot.appendingPathComponent("Examples")
        let enumerator = try #require(FileManager.default.enumerator(atPath: examples.path))
        var found: [[UInt8]] = []
        for case let relative as String in enumerator where suffixes.contains(where: { relative.hasSuffix($0) }) {
            found.append(Array(try Data(contentsOf: examples.appendingPathComponent(relative))))
        }
        return found
    }

    /// Rounds per reader: the DRL checker compiles every input's embedded CMT, so it gets fewer.
    static func rounds(_ target: ReaderTarget) -> Int { target == .rules ? 300 : 1_000 }

    @Test("seeded mutations of each reader's example files are read without a crash", arguments: ReaderTarget.allCases)
    func mutatedInputs(target: ReaderTarget) throws {
        let seeds = try Self.seeds(target)
        #expect(seeds.count >= 3, "too few \(target) seeds in Examples/")
        var random = FuzzRandom(seed: 0xC0FFEE)
        var reported = 0
        let rounds = Self.rounds(target)
        for round in 0..<rounds {
            let seed = seeds[round % seeds.count]
            let input = SourceMutator.mutate(seed, other: random.pick(seeds), maxSize: 16_384, grammar: target.grammar, using: &random)
            reported += target.run(input) > 0 ? 1 : 0
        }
        // Most mutations break the file: the readers must say so rather than accept everything.
        #expect(reported > rounds / 2, "\(reported) of \(rounds) mutated \(target) inputs gave a diagnostic")
    }
}
