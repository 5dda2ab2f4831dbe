import CMTCompiler
import CMTRules
import CMTSource
import Foundation
import Testing

/// Golden tests of the DRL front end's diagnostics: each `Goldens/<name>.drl` is checked as a file
/// named `<name>.drl` together with `Goldens/facts.cmt` (the fact classes), and the plain-text render
/// of every diagnostic must equal `Goldens/<name>.expected` byte for byte.
///
/// To accept new output after an intended change, run with `CMT_UPDATE_GOLDENS=1`; then read every
/// changed `.expected` file and explain each change in the commit.
@Suite("DRL diagnostic goldens")
struct RuleGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    static let names: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return entries.filter { $0.hasSuffix(".drl") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static func check(_ name: String) throws -> (RuleFrontend.Result, SourceManager) {
        let rules = try String(contentsOf: directory.appendingPathComponent(name + ".drl"), encoding: .utf8)
        let facts = try String(contentsOf: directory.appendingPathComponent("facts.cmt"), encoding: .utf8)
        return RuleFrontend.check(rules: rules, path: name + ".drl", cmt: facts, cmtPath: "facts.cmt")
    }

    @Test("the golden folder holds enough inputs, each with its expected output")
    func folderIsComplete() {
        #expect(Self.names.count >= 30)
        for name in Self.names {
            let expected = Self.directory.appendingPathComponent(name + ".expected")
            #expect(FileManager.default.fileExists(atPath: expected.path), "missing \(name).expected")
        }
    }

    @Test("diagnostics render exactly as the golden file says", arguments: names)
    func golden(_ name: String) throws {
        let (result, sources) = try Self.check(name)
        let actual = DiagnosticRenderer(sources: sources).render(result.diagnostics)
        let expectedURL = Self.directory.appendingPathComponent(name + ".expected")
        if ProcessInfo.processInfo.environment["CMT_UPDATE_GOLDENS"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(actual == expected, "\(name).drl: the rendered diagnostics differ from \(name).expected")
    }

    @Test("every diagnostic, note and fix-it points inside the golden's own .drl file", arguments: names)
    func spansStayInFile(_ name: String) throws {
        let (result, sources) = try Self.check(name)
        let file = try #require(sources.allFiles.first { $0.path == name + ".drl" })
        #expect(!result.diagnostics.isEmpty, "\(name) reports nothing")
        for diagnostic in result.diagnostics {
            var spans = [diagnostic.span]
            spans += diagnostic.notes.compactMap(\.span)
            spans += diagnostic.fixIts.flatMap { $0.changes.map(\.span) }
            for span in spans {
                #expect(span.file == file.id, "\(name): '\(diagnostic.text)' points into another file")
                #expect(span.start <= span.end && span.end <= file.bytes.count, "\(name): '\(diagnostic.text)' has span \(span.start)..<\(span.end)")
            }
        }
    }

    @Test("inputs named multi_* report several independent errors", arguments: names.filter { $0.hasPrefix("multi_") })
    func severalErrorsReported(_ name: String) throws {
        let (result, _) = try Self.check(name)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.count >= 5, "\(name) reports \(errors.count) errors")
        #expect(Set(errors.map(\.span.start)).count == errors.count, "\(name): two errors at one position")
    }
}
