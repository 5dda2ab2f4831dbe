import CMTBuild
import CMTSource
import Foundation
import Testing

/// Golden tests of manifest diagnostics: each `Goldens/<name>.toml` becomes the `cmt.toml` of a
/// project whose `src/escrow.cmt` is `Goldens/escrow.cmt`; the plain render of every diagnostic of
/// the build (paths relative to the project) must equal `Goldens/<name>.expected`.
/// Run with `CMT_UPDATE_GOLDENS=1` to accept new output, then read every changed file.
@Suite("cmt.toml diagnostic goldens")
struct ManifestGoldenTests {
    static let names: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: TestProject.goldens.path)) ?? []
        return entries.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    static func render(_ name: String) throws -> String {
        let root = try TestProject.make([
            "cmt.toml": try TestProject.golden(name + ".toml"), "src/escrow.cmt": try TestProject.golden("escrow.cmt"),
        ])
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [root], sources: sources, stdlib: root + "/no-stdlib")
        #expect(result.inputError == nil)
        let text = DiagnosticRenderer(sources: sources).render(result.diagnostics)
        return text.replacingOccurrences(of: root + "/", with: "")
    }

    @Test("every golden input has its expected output")
    func folderIsComplete() {
        #expect(Self.names.count >= 10)
        for name in Self.names {
            #expect(FileManager.default.fileExists(atPath: TestProject.goldens.appendingPathComponent(name + ".expected").path), "missing \(name).expected")
        }
    }

    @Test("manifest diagnostics render exactly as the golden file says", arguments: names)
    func golden(_ name: String) throws {
        let actual = try Self.render(name)
        let expectedURL = TestProject.goldens.appendingPathComponent(name + ".expected")
        if ProcessInfo.processInfo.environment["CMT_UPDATE_GOLDENS"] != nil {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(actual == expected)
        #expect(!actual.isEmpty, "a golden input must produce at least one diagnostic")
    }
}
