import ArgumentParser
import CMTBytecode
import CMTCompiler
import CMTSource
import Foundation

/// Shared by `cmtc build` and `cmtc run`: reads the inputs as one module, compiles it, and prints
/// diagnostics the way `cmtc check` does. Exits 2 on unreadable input and 1 on compile errors.
enum CompileSupport {
    struct Compiled {
        let output: Compiler.Output
        let module: Module
        let sources: SourceManager
    }

    static func compile(_ paths: [String], optimize: Bool = true, color: Bool = false) throws -> Compiled {
        let files: [String]
        do {
            files = try InputFiles.expand(paths)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        if files.isEmpty {
            printError("error: no .cmt files found in \(paths.joined(separator: ", "))")
            throw ExitCode(2)
        }
        let sources = SourceManager()
        var sourceFiles: [SourceFile] = []
        for path in files {
            do {
                sourceFiles.append(sources.add(path: path, bytes: try InputFiles.read(path)))
            } catch {
                printError("error: \(error)")
                throw ExitCode(2)
            }
        }
        let output = Compiler.compile(sourceFiles, sources: sources, options: Compiler.Options(optimize: optimize))
        report(output.diagnostics, sources: sources, files: files.count, color: color)
        guard let module = output.module, !output.hasErrors else { throw ExitCode(1) }
        return Compiled(output: output, module: module, sources: sources)
    }

    static func report(_ diagnostics: [Diagnostic], sources: SourceManager, files: Int, color: Bool) {
        guard !diagnostics.isEmpty else { return }
        let useColor = color || isatty(2) != 0
        let renderer = DiagnosticRenderer(sources: sources, decorator: useColor ? ANSIDecorator() : PlainDecorator())
        let text = renderer.render(diagnostics)
        if !text.isEmpty { printError(text, terminator: "") }
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        printError("\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(files, "file"))")
    }
}
