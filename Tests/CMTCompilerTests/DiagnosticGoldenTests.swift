import CMTCompiler
import CMTSource
import Foundation
import Testing

/// Golden tests of the front end's diagnostics: each `Goldens/<name>.cmt` is checked as a file named
/// `<name>.cmt`, and the plain-text render of every diagnostic must equal `Goldens/<name>.expected`
/// byte for byte (message, code, position and caret).
///
/// To accept new output after an intended change, run with `CMT_UPDATE_GOLDENS=1`; then read every
/// changed `.expected` file and explain each change in the commit.
@Suite("Diagnostic goldens")
struct DiagnosticGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    /// The names (without extension) of every golden input, sorted.
    static let names: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return entries.filter { $0.hasSuffix(".cmt") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static func input(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name + ".cmt"), encoding: .utf8)
    }

    static func check(_ name: String) throws -> (Frontend.Result, SourceManager) {
        Frontend.check(text: try input(name), path: name + ".cmt")
    }

    static func render(_ name: String) throws -> String {
        let (result, sources) = try check(name)
        return DiagnosticRenderer(sources: sources).render(result.diagnostics)
    }

    /// Every code the goldens exercise. A code that is in this list must appear in some golden, and
    /// a code that appears in a golden must be in this list, so the list is the coverage record.
    static let coveredCodes: Set<String> = [
        // Lexical errors.
        "E0001", "E0002", "E0003", "E0004", "E0005", "E0006",
        // Syntax errors.
        "E0100", "E0101", "E0102", "E0103", "E0104", "E0105", "E0106", "E0107", "E0108", "E0109",
        "E0110", "E0111", "E0112", "E0113", "E0114", "E0115", "E0116", "E0120",
        // Name and type errors (E0263, inference nested too deeply, has no golden).
        "E0200", "E0201", "E0202", "E0203", "E0204", "E0205", "E0206", "E0207", "E0208", "E0209",
        "E0210", "E0211", "E0212", "E0213", "E0214", "E0215", "E0216", "E0217", "E0218", "E0219",
        "E0220", "E0221", "E0222", "E0223", "E0224", "E0225", "E0226", "E0227", "E0228", "E0229",
        "E0230", "E0231", "E0232", "E0233", "E0234", "E0235", "E0236", "E0237", "E0238",
        "E0240", "E0241", "E0242", "E0243", "E0244", "E0245", "E0247",
        "E0250", "E0251", "E0252", "E0253", "E0254", "E0255", "E0256", "E0257", "E0258", "E0259",
        "E0260", "E0261", "E0262", "E0264", "E0265", "E0266", "E0267", "E0268", "E0269",
        "E0270", "E0271", "E0272",
        // switch, labels, template literals, spread, destructuring and rest parameters.
        "E0280", "E0281", "E0282", "E0283", "E0284", "E0285", "E0286", "E0287", "E0288", "E0289", "E0295",
        // Class hierarchies, interfaces and access modifiers.
        "E0300", "E0301", "E0302", "E0303", "E0304", "E0305", "E0306", "E0307", "E0308", "E0309",
        "E0310", "E0311", "E0312", "E0313", "E0314", "E0315",
        // Contract rules.
        "E0400", "E0401", "E0405", "E0406",
        // Database tables.
        "E0407", "E0408", "E0409", "E0410", "E0411", "E0412", "E0413", "E0414", "E0415", "E0416",
        // Module constants of contract programs.
        "E0417",
        // Warnings.
        "W0001", "W0002", "W0003", "W0004", "W0005", "W0006",
    ]

    @Test("the golden folder holds enough inputs, each with its expected output")
    func folderIsComplete() throws {
        #expect(Self.names.count >= 70)
        for name in Self.names {
            let expected = Self.directory.appendingPathComponent(name + ".expected")
            #expect(FileManager.default.fileExists(atPath: expected.path), "missing \(name).expected")
        }
    }

    @Test("diagnostics render exactly as the golden file says", arguments: names)
    func golden(_ name: String) throws {
        let actual = try Self.render(name)
        let expectedURL = Self.directory.appendingPathComponent(name + ".expected")
        if ProcessInfo.processInfo.environment["CMT_UPDATE_GOLDENS"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(actual == expected, "\(name).cmt: the rendered diagnostics differ from \(name).expected")
    }

    @Test("every diagnostic and note points inside the golden's own file", arguments: names)
    func spansStayInFile(_ name: String) throws {
        let (result, sources) = try Self.check(name)
        let files = sources.allFiles.filter { $0.path == name + ".cmt" }
        try #require(files.count == 1)
        let file = files[0]
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

    @Test("inputs named multi_* report several independent errors, not only the first", arguments: names.filter { $0.hasPrefix("multi_") })
    func severalErrorsReported(_ name: String) throws {
        let (result, _) = try Self.check(name)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.count >= 3, "\(name) reports \(errors.count) errors")
        #expect(Set(errors.map(\.span.start)).count == errors.count, "\(name): two errors at one position")
    }

    @Test("the goldens cover exactly the codes listed in coveredCodes, all of them real catalog codes")
    func codeCoverage() throws {
        var seen = Set<String>()
        for name in Self.names {
            let (result, _) = try Self.check(name)
            seen.formUnion(result.diagnostics.map(\.code))
        }
        let uncovered = Self.coveredCodes.subtracting(seen)
        let unlisted = seen.subtracting(Self.coveredCodes)
        #expect(uncovered.isEmpty, "listed but in no golden: \(uncovered.sorted())")
        #expect(unlisted.isEmpty, "in a golden but not listed: \(unlisted.sorted())")

        // The catalog is CompilerMessages.swift and its sections in CompilerMessages+*.swift.
        let sourceDirectory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CMTCompiler")
        let catalogFiles = try FileManager.default.contentsOfDirectory(atPath: sourceDirectory.path)
            .filter { $0.hasPrefix("CompilerMessages") && $0.hasSuffix(".swift") }.sorted()
        #expect(catalogFiles.contains("CompilerMessages.swift"))
        let catalog = try catalogFiles.map { try String(contentsOf: sourceDirectory.appendingPathComponent($0), encoding: .utf8) }
            .joined(separator: "\n")
        for code in Self.coveredCodes {
            #expect(catalog.contains("\"\(code)\""), "\(code) is not in CompilerMessages")
        }
    }
}
