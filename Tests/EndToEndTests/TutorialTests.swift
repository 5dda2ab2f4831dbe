import Foundation
import Testing

/// docs/tutorial.md, followed to the letter: every file block (a fence with `file=PATH`) is written
/// to that path, and every command of a `console` block is run with the built `cmtc`; the output
/// shown under a command must appear in what it prints, line by line in order (`…` in a shown
/// line stands for any text).
@Suite("Tutorial", .serialized)
struct TutorialTests {
    /// One step of the tutorial, in document order.
    enum Step {
        case file(path: String, text: String, line: Int)
        case command(arguments: [String], expected: [String], line: Int)
    }

    static func steps(in markdown: String) -> [Step] {
        var steps: [Step] = []
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            let fence = lines[index].trimmingCharacters(in: .whitespaces)
            guard fence.hasPrefix("```"), fence.count > 3 else {
                index += 1
                continue
            }
            let info = fence.dropFirst(3).split(separator: " ").map(String.init)
            var body: [String] = []
            let start = index + 1
            index += 1
            while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "```" {
                body.append(lines[index])
                index += 1
            }
            index += 1
            if let path = info.first(where: { $0.hasPrefix("file=") })?.dropFirst(5) {
                steps.append(.file(path: String(path), text: body.joined(separator: "\n") + "\n", line: start))
            } else if info.first == "console" {
                var offset = 0
                while offset < body.count {
                    let line = body[offset]
                    guard line.hasPrefix("$ ") else {
                        offset += 1
                        continue
                    }
                    var expected: [String] = []
                    var next = offset + 1
                    while next < body.count, !body[next].hasPrefix("$ ") {
                        expected.append(body[next])
                        next += 1
                    }
                    let arguments = line.dropFirst(2).split(separator: " ").map(String.init)
                    steps.append(.command(arguments: arguments, expected: expected, line: start + offset))
                    offset = next
                }
            }
        }
        return steps
    }

    /// Whether `actual` contains the lines of `expected` in order; `…` in an expected line matches
    /// any text.
    static func matches(_ expected: [String], in actual: String) -> Bool {
        let lines = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var position = 0
        for wanted in expected where !wanted.isEmpty {
            guard let found = lines[position...].firstIndex(where: { lineMatches(wanted, $0) }) else { return false }
            position = found + 1
        }
        return true
    }

    static func lineMatches(_ pattern: String, _ line: String) -> Bool {
        let parts = pattern.components(separatedBy: "…")
        guard parts.count > 1 else { return pattern == line }
        var rest = Substring(line)
        for (i, part) in parts.enumerated() {
            if i == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if i == parts.count - 1 {
                return part.isEmpty || rest.hasSuffix(part)
            } else if !part.isEmpty {
                guard let range = rest.range(of: part) else { return false }
                rest = rest[range.upperBound...]
            }
        }
        return true
    }

    @Test("the steps of docs/tutorial.md are found")
    func stepsAreFound() throws {
        let text = try String(contentsOf: CmtcCheckTests.packageRoot.appendingPathComponent("docs/tutorial.md"), encoding: .utf8)
        let steps = Self.steps(in: text)
        let files = steps.compactMap { step -> String? in
            if case .file(let path, _, _) = step { return path }
            return nil
        }
        #expect(files.contains("src/shop.cmt") && files.contains("rules/discount.drl") && files.contains("processes/order.bpm"))
        #expect(steps.contains { step in
            if case .command(let arguments, _, _) = step { return arguments.starts(with: ["cmtc", "test"]) }
            return false
        })
        #expect(Self.lineMatches("PASS testX (gas …)", "PASS testX (gas 123)"))
        #expect(!Self.lineMatches("PASS testX (gas …)", "FAIL testX (gas 123)"))
    }

    @Test("every file and command of docs/tutorial.md works as printed")
    func tutorialWorks() throws {
        let text = try String(contentsOf: CmtcCheckTests.packageRoot.appendingPathComponent("docs/tutorial.md"), encoding: .utf8)
        var directory = try CmtcCheckTests.temporaryDirectory()
        for step in Self.steps(in: text) {
            switch step {
            case .file(let path, let body, _):
                let url = directory.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try body.write(to: url, atomically: true, encoding: .utf8)
            case .command(let arguments, let expected, let line):
                if arguments.first == "cd", arguments.count == 2 {
                    directory = directory.appendingPathComponent(arguments[1])
                    continue
                }
                if arguments.first == "rm" {
                    for name in arguments.dropFirst() {
                        try removeMatching(name, in: directory)
                    }
                    continue
                }
                try #require(arguments.first == "cmtc", "tutorial.md:\(line): only cmtc, cd and rm commands are run")
                let run = try Self.cmtc(Array(arguments.dropFirst()), in: directory)
                let output = run.stdout + run.stderr
                #expect(run.status == 0, "tutorial.md:\(line): \(arguments.joined(separator: " ")) exited \(run.status):\n\(output)")
                #expect(Self.matches(expected, in: output), "tutorial.md:\(line): expected\n\(expected.joined(separator: "\n"))\ngot\n\(output)")
            }
        }
    }

    /// Runs the built `cmtc` in `directory` with the repository's Stdlib (as the project tests do).
    static func cmtc(_ arguments: [String], in directory: URL) throws -> CmtcCheckTests.Run {
        try CmtcProjectTests.cmtc(arguments, in: directory)
    }

    /// `rm DIR/*.EXT` or `rm PATH` inside the tutorial's project.
    func removeMatching(_ pattern: String, in directory: URL) throws {
        let url = directory.appendingPathComponent(pattern)
        let name = url.lastPathComponent
        guard name.hasPrefix("*") else {
            try FileManager.default.removeItem(at: url)
            return
        }
        let folder = url.deletingLastPathComponent()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(String(name.dropFirst())) {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(file))
        }
    }
}
