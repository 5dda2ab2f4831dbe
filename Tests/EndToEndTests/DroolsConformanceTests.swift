import Foundation
import Testing

/// The Drools-semantics conformance suite (`Conformance/drools`, see its README): each folder's
/// `session.repl` is run through `cmtc repl` on the folder, and the output must be
/// `expected.txt` (lines between `{unordered` and `unordered}` in any order).
@Suite("Drools conformance", .serialized)
struct DroolsConformanceTests {
    static let root = CmtcCheckTests.packageRoot.appendingPathComponent("Conformance/drools")

    static let programs: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return entries.filter { !$0.hasSuffix(".md") }.sorted()
    }()

    @Test("the suite holds at least twelve programs, each with its script and expected output")
    func suiteIsComplete() {
        #expect(Self.programs.count >= 12)
        for program in Self.programs {
            for file in ["rules.drl", "session.repl", "expected.txt"] {
                #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("\(program)/\(file)").path), "\(program)/\(file)")
            }
        }
    }

    @Test("the program prints what Drools' documented semantics give", arguments: programs)
    func program(_ name: String) throws {
        let folder = Self.root.appendingPathComponent(name)
        let script = try String(contentsOf: folder.appendingPathComponent("session.repl"), encoding: .utf8)
        let expected = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
        let run = try CmtcCheckTests.cmtc(["repl", folder.path], stdin: script)
        #expect(run.stderr == "", "\(name): \(run.stderr)")
        let actual = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Self.matches(actual, expected: expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)),
                "\(name) printed:\n\(run.stdout)")
    }

    /// Whether `actual` is `expected`, where each `{unordered` … `unordered}` block matches the same
    /// lines in any order.
    static func matches(_ actual: [String], expected: [String]) -> Bool {
        var position = 0
        var index = 0
        while index < expected.count {
            if expected[index] == "{unordered" {
                guard let end = expected[index...].firstIndex(of: "unordered}") else { return false }
                let block = Array(expected[(index + 1)..<end])
                guard position + block.count <= actual.count,
                      actual[position..<(position + block.count)].sorted() == block.sorted() else { return false }
                position += block.count
                index = end + 1
                continue
            }
            guard position < actual.count, actual[position] == expected[index] else { return false }
            position += 1
            index += 1
        }
        return position == actual.count
    }
}
