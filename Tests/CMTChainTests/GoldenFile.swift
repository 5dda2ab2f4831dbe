import Foundation
import Testing

/// `Goldens/chain.txt`: `name value` lines, the chain's determinism vectors (receipt bytes, the
/// 50-block script's app hash). A missing file or name fails the test.
enum GoldenFile {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens/chain.txt")

    static func value(_ name: String) throws -> String {
        let text = try String(contentsOf: url, encoding: .utf8)
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return String(line.dropFirst(name.count + 1))
        }
        Issue.record("Goldens/chain.txt has no '\(name)'")
        throw GoldenMissing()
    }

    struct GoldenMissing: Error {}
}
