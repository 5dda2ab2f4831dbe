import CMTCompiler
import CMTFuzzKit
import CMTSource
import Foundation
import Testing

/// The front-end fuzz target reads one input as several files (`//--- name` lines), so mutations
/// reach imports, exports and dependency contracts; its hand-written seeds (`Benchmarks/fuzz/seeds`)
/// must stay valid programs so that mutations start deep in the checker.
@Suite struct FrontendFuzzSeedTests {
    static let seedFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Benchmarks/fuzz/seeds")

    static func seed(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: seedFolder.appendingPathComponent(name)))
    }

    @Test("an input is split into files at '//--- name' lines, the first one named fuzz.cmt")
    func inputIsSplitIntoFiles() {
        let files = FrontendTarget.split(Array("let a = 1;\n//--- b.cmt\nexport const b = 2;\n//--- \nx\n// --- not a marker\n".utf8))
        #expect(files.map(\.path) == ["fuzz.cmt", "b.cmt", "fuzz2.cmt"])
        #expect(files.map { String(decoding: $0.bytes, as: UTF8.self) } == ["let a = 1;\n", "export const b = 2;\n", "x\n// --- not a marker\n"])
        #expect(FrontendTarget.split([]).map(\.path) == ["fuzz.cmt"])
    }

    @Test("an input of many markers is split into at most the file limit")
    func fileCountIsBounded() {
        let input = String(repeating: "//--- f.cmt\n", count: 1_000)
        let files = FrontendTarget.split(Array(input.utf8))
        #expect(files.count == 16)
        FrontendTarget.run(Array(input.utf8))
    }

    @Test("the modules, dependency and try/catch seed checks with no diagnostic", arguments: ["modules_dependency_try.cmt", "class_hierarchy.cmt"])
    func cleanSeedsCheck(name: String) throws {
        let sources = SourceManager()
        let files = FrontendTarget.split(try Self.seed(name)).map { sources.add(path: $0.path, bytes: $0.bytes) }
        let result = Frontend.check(files, sources: sources, resolver: FrontendTarget.resolver)
        #expect(result.diagnostics.isEmpty, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
        #expect(result.module.modules.hasModules == (name == "modules_dependency_try.cmt"))
    }

    @Test("the module errors seed reaches each module diagnostic")
    func moduleErrorSeedReachesTheModuleErrors() throws {
        let sources = SourceManager()
        let files = FrontendTarget.split(try Self.seed("module_cycle_errors.cmt")).map { sources.add(path: $0.path, bytes: $0.bytes) }
        let codes = Set(Frontend.check(files, sources: sources, resolver: FrontendTarget.resolver).diagnostics.map(\.code))
        // Unknown file, not exported, a cycle, unsupported syntax, unknown package, unknown library.
        for code in ["E0320", "E0321", "E0323", "E0325", "E0326", "E0327"] {
            #expect(codes.contains(code), "missing \(code) in \(codes.sorted())")
        }
    }
}
