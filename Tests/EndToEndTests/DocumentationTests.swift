import CMTBytecode
import CMTCompiler
import CMTVM
import CMTSource
import Foundation
import Testing

/// Every `cmt` code block in docs/, and every `.cmt` file in Examples/ and Grammar/, passes
/// `cmtc check` (no errors).
@Suite("Documentation and examples check")
struct DocumentationTests {
    static let root = CmtcCheckTests.packageRoot

    static func files(under folder: String, suffix: String) -> [URL] {
        let base = root.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter { $0.path.hasSuffix(suffix) }.sorted { $0.path < $1.path }
    }

    /// The fenced blocks tagged `cmt` (or `tag`) in a Markdown text, with the line each starts on.
    static func cmtBlocks(in text: String, tag: String = "cmt") -> [(line: Int, code: String)] {
        var blocks: [(Int, String)] = []
        var current: [Substring]?
        var start = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil, trimmed == "```" + tag {
                current = []
                start = index + 2
            } else if current != nil, trimmed == "```" {
                blocks.append((start, current?.joined(separator: "\n") ?? ""))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    /// Whether `file` lies inside a project folder (one with a `cmt.toml`) under the package root.
    static func isInProject(_ file: URL) -> Bool {
        var folder = file.deletingLastPathComponent()
        while folder.path.count > root.path.count {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("cmt.toml").path) { return true }
            folder = folder.deletingLastPathComponent()
        }
        return false
    }

    func errors(in text: String, path: String) -> String {
        let (result, sources) = Frontend.check(text: text, path: path)
        let errors = result.diagnostics.filter { $0.severity == .error }
        return DiagnosticRenderer(sources: sources).render(errors)
    }

    @Test("every cmt code block in docs/ checks without errors")
    func documentationBlocks() throws {
        for file in Self.files(under: "docs", suffix: ".md") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for block in Self.cmtBlocks(in: text) {
                let rendered = errors(in: block.code, path: "\(file.lastPathComponent):\(block.line)")
                #expect(rendered.isEmpty, "\(file.lastPathComponent) block at line \(block.line):\n\(rendered)")
            }
        }
    }

    @Test("every .cmt file in Examples/ and Grammar/ checks without errors")
    func exampleFiles() throws {
        // Projects (folders with a cmt.toml) are compiled as projects by `cmtc test` in ExamplesTests.
        let files = Self.files(under: "Examples", suffix: ".cmt").filter { !Self.isInProject($0) } + Self.files(under: "Grammar", suffix: ".cmt")
        #expect(!files.isEmpty)
        // Files in one folder form one module, as with `cmtc check DIR`; a test file (in a tests/
        // folder) is checked with its project's files, as `cmtc test` compiles it.
        let isTest = { (url: URL) in url.deletingLastPathComponent().lastPathComponent == "tests" }
        let byFolder = Dictionary(grouping: files.filter { !isTest($0) }) { $0.deletingLastPathComponent().path }
        var modules = byFolder.sorted(by: { $0.key < $1.key }).map { (program: $0.value, test: URL?.none) }
        for test in files where isTest(test) {
            modules.append((byFolder[test.deletingLastPathComponent().deletingLastPathComponent().path] ?? [], test))
        }
        #expect(modules.contains { $0.test != nil })
        for (group, test) in modules {
            let sources = SourceManager()
            var sourceFiles = try group.map { sources.add(path: $0.path, text: try String(contentsOf: $0, encoding: .utf8)) }
            if let test {
                let file = sources.add(path: test.path, text: try String(contentsOf: test, encoding: .utf8))
                sources.markAsTestFile(file.id)
                sourceFiles.append(file)
            }
            let result = Frontend.check(sourceFiles, sources: sources)
            let errors = result.diagnostics.filter { $0.severity != .note }
            #expect(errors.isEmpty, "\(DiagnosticRenderer(sources: sources).render(errors))")
        }
    }

    @Test("every 'cmt test' code block in docs/ checks as a test file with the cmt block before it")
    func documentationTestBlocks() throws {
        var checked = 0
        for file in Self.files(under: "docs", suffix: ".md") {
            let text = try String(contentsOf: file, encoding: .utf8)
            let programs = Self.cmtBlocks(in: text)
            for block in Self.cmtBlocks(in: text, tag: "cmt test") {
                let sources = SourceManager()
                var inputs: [SourceFile] = []
                if let program = programs.last(where: { $0.line < block.line }) {
                    inputs.append(sources.add(path: "\(file.lastPathComponent):\(program.line)", text: program.code))
                }
                let test = sources.add(path: "\(file.lastPathComponent):\(block.line)", text: block.code)
                sources.markAsTestFile(test.id)
                let errors = Frontend.check(inputs + [test], sources: sources).diagnostics.filter { $0.severity == .error }
                #expect(errors.isEmpty, "\(file.lastPathComponent) block at line \(block.line):\n\(DiagnosticRenderer(sources: sources).render(errors))")
                checked += 1
            }
        }
        #expect(checked >= 1)
    }

    @Test("every cmt code block in docs/ compiles, and every script among them runs to the end")
    func documentationBlocksRun() throws {
        var ran = 0
        for file in Self.files(under: "docs", suffix: ".md") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for block in Self.cmtBlocks(in: text) {
                let sources = SourceManager()
                let source = sources.add(path: "\(file.lastPathComponent):\(block.line)", text: block.code)
                let output = Compiler.compile([source], sources: sources)
                // Only the middleware that later pieces provide (E0500) may keep a block from compiling.
                let blocking = output.diagnostics.filter { $0.severity == .error && $0.message.id.code != "E0500" }
                #expect(blocking.isEmpty, "\(file.lastPathComponent) block at line \(block.line): \(DiagnosticRenderer(sources: sources).render(blocking))")
                guard let module = output.module, output.isScript else { continue }
                let program = Program(try Verifier.verify(module))
                let outcome = VM.call(program, entryPoint: "main", arguments: [], context: CallContext(contract: Address.named("docs"), sender: Address.named("user")),
                                      host: InMemoryHost(), limits: ExecutionLimits(gasLimit: 10_000_000))
                #expect(outcome.returnValue != nil, "\(file.lastPathComponent) block at line \(block.line): \(outcome.status)")
                ran += 1
            }
        }
        #expect(ran >= 15)
    }
}
