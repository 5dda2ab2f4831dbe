import ArgumentParser
import CMTBuild
import CMTCompiler
import CMTRules
import CMTSource
import Foundation

/// `cmtc check PATH…`: reports every diagnostic; exit 0 when clean, 1 on errors, 2 on usage errors.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check CMT and DRL files for errors without building them.",
        discussion: """
            Files in the same directory are checked together as one module: the rules of its .drl and .rl files are checked \
            against the classes of its .cmt files. A project folder (with cmt.toml) is compiled as 'cmtc build' does, \
            manifest and cross-language checks included. Exit status: 0 when there are no errors, 1 when there are, 2 on a usage error.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Files or directories to check; a project folder (with cmt.toml) is checked as a whole (default: the current folder).")
    var paths: [String] = []

    @Option(help: "How to print diagnostics: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var denyWarnings = false

    @Flag(help: "Colour the output (default: when standard error is a terminal).")
    var color = false

    func run() throws {
        let inputs = paths.isEmpty ? ["."] : paths
        let (sources, all, fileCount) = try inputs.count == 1 && ProjectLoader.isProject(inputs[0]) ? checkProject(inputs[0]) : checkFiles(inputs)
        let errors = all.count { $0.severity == .error }
        let warnings = all.count { $0.severity == .warning }
        switch format {
        case .json:
            print(DiagnosticJSON(sources: sources).render(all))
        case .text:
            let useColor = color || isatty(2) != 0
            let renderer = DiagnosticRenderer(sources: sources, decorator: useColor ? ANSIDecorator() : PlainDecorator())
            let text = renderer.render(all)
            if !text.isEmpty { printError(text, terminator: "") }
            if errors > 0 || warnings > 0 {
                printError(summary(errors: errors, warnings: warnings, files: fileCount))
            }
        }
        if errors > 0 || (denyWarnings && warnings > 0) { throw ExitCode(1) }
    }

    /// A project folder (with cmt.toml) is checked as `cmtc build` compiles it: manifest, sources,
    /// rules, processes and the checks between them.
    private func checkProject(_ folder: String) throws -> (SourceManager, [Diagnostic], Int) {
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [folder], sources: sources)
        if let inputError = result.inputError {
            printError("error: \(inputError)")
            throw ExitCode(2)
        }
        return (sources, result.diagnostics, result.fileCount)
    }

    /// Files, and folders without cmt.toml: files in the same directory are checked together.
    private func checkFiles(_ inputs: [String]) throws -> (SourceManager, [Diagnostic], Int) {
        let files: [String]
        do {
            files = try InputFiles.expand(inputs)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        if files.isEmpty {
            printError("error: no .cmt, .drl or .rl files found in \(inputs.joined(separator: ", "))")
            throw ExitCode(2)
        }
        let sources = SourceManager()
        var all: [Diagnostic] = []
        for module in InputFiles.modules(files) {
            var sourceFiles: [SourceFile] = []
            var ruleFiles: [SourceFile] = []
            for path in module {
                do {
                    let file = sources.add(path: path, bytes: try InputFiles.read(path))
                    if InputFiles.isRuleFile(path) { ruleFiles.append(file) } else { sourceFiles.append(file) }
                } catch {
                    printError("error: \(error)")
                    throw ExitCode(2)
                }
            }
            if ruleFiles.isEmpty {
                all.append(contentsOf: Frontend.check(sourceFiles, sources: sources).diagnostics)
            } else {
                let checked = RuleFrontend.check(cmt: sourceFiles, rules: ruleFiles, sources: sources)
                all.append(contentsOf: checked.diagnostics)
                all.append(contentsOf: RuleFrontend.loweringDiagnostics(checked, rules: ruleFiles, sources: sources))
            }
        }
        return (sources, all, files.count)
    }

    private func summary(errors: Int, warnings: Int, files: Int) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(files, "file"))"
    }
}

func printError(_ text: String, terminator: String = "\n") {
    FileHandle.standardError.write(Data((text + terminator).utf8))
}
