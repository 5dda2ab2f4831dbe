import ArgumentParser
import CMTBuild
import CMTSource
import Foundation

/// Shared by `cmtc build`, `cmtc run`, `cmtc bundle` and `cmtc repl`: loads the inputs as a project
/// (CMTBuild's ``ProjectLoader``) and compiles it (``ProgramCompiler``). ``compile(_:optimize:color:)``
/// prints diagnostics the way `cmtc check` does and exits 2 on unreadable input and 1 on compile
/// errors; ``attempt(_:optimize:)`` returns them instead.
enum CompileSupport {
    typealias Compiled = CompiledProgram

    /// What one compilation gave: the program when it compiled, and everything to report either way.
    struct Attempt {
        /// The program, when the inputs were readable and there were no errors.
        let compiled: Compiled?
        /// Every diagnostic (errors and warnings), sorted.
        let diagnostics: [Diagnostic]
        let sources: SourceManager
        /// How many files were compiled (for the summary line).
        let fileCount: Int
        /// Why the inputs could not be read (a missing file, no source files): a usage error.
        let inputError: String?
    }

    /// Compiles the program and prints its diagnostics; exits 2 on unreadable input and 1 on
    /// compile errors (`cmtc build`, `cmtc run`).
    static func compile(_ paths: [String], optimize: Bool = true, color: Bool = false) throws -> Compiled {
        let attempt = attempt(paths, optimize: optimize)
        if let inputError = attempt.inputError {
            printError("error: \(inputError)")
            throw ExitCode(2)
        }
        report(attempt.diagnostics, sources: attempt.sources, files: attempt.fileCount, color: color)
        guard let compiled = attempt.compiled else { throw ExitCode(1) }
        return compiled
    }

    /// Compiles the program without printing or exiting (the REPL reports and goes on).
    ///
    /// `testFiles` are compiled with the program as test files (`cmtc test`): they may use the
    /// test-only built-ins.
    static func attempt(_ paths: [String], optimize: Bool = true, testFiles: [String] = []) -> Attempt {
        let sources = SourceManager()
        for path in testFiles { sources.markAsTestFile(path: path) }
        let options = ProgramCompiler.Options(optimize: optimize, extraFiles: testFiles.map { ProjectFile(path: $0, name: $0) })
        let result = ProgramCompiler.compile(paths: paths, sources: sources, options: options)
        return Attempt(compiled: result.compiled, diagnostics: result.diagnostics, sources: sources, fileCount: result.fileCount,
                       inputError: result.inputError)
    }

    static func report(_ diagnostics: [Diagnostic], sources: SourceManager, files: Int, color: Bool) {
        guard !diagnostics.isEmpty else { return }
        let useColor = color || isatty(2) != 0
        let renderer = DiagnosticRenderer(sources: sources, decorator: useColor ? ANSIDecorator() : PlainDecorator())
        let text = renderer.render(diagnostics, perFile: DiagnosticLimit.defaultPerFile)
        if !text.isEmpty { printError(text, terminator: "") }
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        printError("\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(files, "file"))")
    }
}
