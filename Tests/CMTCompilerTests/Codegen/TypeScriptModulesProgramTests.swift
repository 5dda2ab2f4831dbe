import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Foundation
import Testing

/// `Goldens/programs/shop/`, a program of four modules written as a TypeScript developer would
/// (imports and exports, a class hierarchy with an interface, parameter properties and `super`,
/// template literals, switch, destructuring, spread, arrow functions): the entry file is read, its imports followed from disk, compiled and run, with its
/// output and gas pinned.
@Suite struct TypeScriptModulesProgramTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Goldens/programs/shop").path

    @Test("the shop program follows its imports, compiles, runs and prints its receipt", arguments: [true, false])
    func shop(optimize: Bool) throws {
        let sources = SourceManager()
        let entryPath = Self.folder + "/main.cmt"
        let entryData = try #require(FileManager.default.contents(atPath: entryPath), "main.cmt is missing")
        let entry = sources.add(path: entryPath, bytes: [UInt8](entryData))
        let files = Frontend.followImports([entry], sources: sources, resolver: ModuleResolver()) { path in
            FileManager.default.contents(atPath: path).map { sources.add(path: path, bytes: [UInt8]($0)) }
        }
        #expect(files.map { ($0.path as NSString).lastPathComponent } == ["main.cmt", "model.cmt", "pricing.cmt", "rounding.cmt"])
        let output = Compiler.compile(files, sources: sources, options: Compiler.Options(optimize: optimize))
        #expect(output.diagnostics.isEmpty, "\(DiagnosticRenderer(sources: sources).render(output.diagnostics))")
        let (outcome, printed) = try runMain(try #require(output.module))
        #expect(outcome.status == .returned(.null))
        #expect(printed == [
            "first line: 3 × tea, then 2 more",
            "3 × tea: 12.15 CMT (10% off)",
            "1 × mug ×2: 12 CMT",
            "1 × book: 19 CMT (5% off)",
            "total for ada: 43.15 CMT",
        ])
        if optimize { #expect(outcome.gasUsed == 1524) }
    }
}
