import ArgumentParser
import CMTBuild
import CMTCompiler
import CMTRules
import CMTSource
import CMTWorkflow
import Foundation

/// `cmtc check PATH…`: reports every diagnostic (at most 50 per file in text), or what was checked
/// when it is clean; exit 0 when clean, 1 on errors, 2 on usage errors.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check CMT, DRL and process files for errors without building them.",
        discussion: """
            Files in the same directory are checked together as one module: the rules of its .drl and .rl files are checked \
            against the classes of its .cmt files, and each .bpm file is read as a process definition. A folder with a \
            cmt.toml is a project wherever it is named (given, or found inside a given folder): each project is compiled \
            on its own as 'cmtc build' does, manifest and cross-language checks included. A path named twice is read once; \
            tests/ folders are left out ('cmtc test' checks them). At most 50 diagnostics of each file are shown, then a count \
            of the rest. Exit status: 0 when there are no errors, 1 when there are, 2 on a usage error.
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
        let inputs: CheckInputs
        do {
            inputs = try CheckInputs.plan(paths.isEmpty ? ["."] : paths)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        for path in inputs.skipped { printError("note: skipped '\(path)': not a .cmt, .drl, .rl or .bpm file") }
        if inputs.projects.isEmpty && inputs.files.isEmpty {
            printError("error: no .cmt, .drl, .rl or .bpm files found in \((paths.isEmpty ? ["."] : paths).joined(separator: ", "))")
            throw ExitCode(2)
        }
        let sources = SourceManager()
        var all: [Diagnostic] = []
        var fileCount = 0
        for project in inputs.projects {
            let (diagnostics, count) = try checkProject(project, sources: sources)
            all += diagnostics
            fileCount += count
        }
        all += try checkFiles(inputs.files, sources: sources)
        fileCount += inputs.files.count
        let errors = all.count { $0.severity == .error }
        let warnings = all.count { $0.severity == .warning }
        switch format {
        case .json:
            print(DiagnosticJSON(sources: sources).render(all))
        case .text:
            let useColor = color || isatty(2) != 0
            let renderer = DiagnosticRenderer(sources: sources, decorator: useColor ? ANSIDecorator() : PlainDecorator())
            let text = renderer.render(all, perFile: DiagnosticLimit.defaultPerFile)
            if !text.isEmpty { printError(text, terminator: "") }
            if errors > 0 || warnings > 0 {
                printError(summary(errors: errors, warnings: warnings, files: fileCount))
            } else {
                printError(checked(inputs, files: fileCount))
            }
        }
        if errors > 0 || (denyWarnings && warnings > 0) { throw ExitCode(1) }
    }

    /// A project folder (with cmt.toml) is checked as `cmtc build` compiles it: manifest, sources,
    /// rules, processes and the checks between them.
    private func checkProject(_ folder: String, sources: SourceManager) throws -> ([Diagnostic], Int) {
        let result = ProgramCompiler.compile(paths: [folder], sources: sources)
        if let inputError = result.inputError {
            printError("error: \(inputError)")
            throw ExitCode(2)
        }
        return (result.diagnostics, result.fileCount)
    }

    /// Plain files: the CMT and rule files of one directory are checked together; each process
    /// definition is read as process XML and its expressions compiled against its own variables.
    private func checkFiles(_ files: [String], sources: SourceManager) throws -> [Diagnostic] {
        var all: [Diagnostic] = []
        for module in InputFiles.modules(files) {
            var sourceFiles: [SourceFile] = []
            var ruleFiles: [SourceFile] = []
            for path in module {
                let file: SourceFile
                do {
                    file = sources.add(path: path, bytes: try InputFiles.read(path))
                } catch {
                    printError("error: \(error)")
                    throw ExitCode(2)
                }
                if CheckInputs.isProcessFile(path) {
                    let parsed = ProcessParser.parse(file)
                    all += parsed.diagnostics
                    if let definition = parsed.definition { all += ProcessCompiler.compile(definition).diagnostics }
                } else if InputFiles.isRuleFile(path) {
                    ruleFiles.append(file)
                } else {
                    sourceFiles.append(file)
                }
            }
            let followed = ProgramModules.followPlainFiles(sourceFiles, sources: sources)
            sourceFiles = followed.files
            if !ruleFiles.isEmpty {
                let checked = RuleFrontend.check(cmt: sourceFiles, rules: ruleFiles, sources: sources, resolver: followed.resolver)
                all += checked.diagnostics
                all += RuleFrontend.loweringDiagnostics(checked, rules: ruleFiles, sources: sources)
            } else if !sourceFiles.isEmpty {
                all += Frontend.check(sourceFiles, sources: sources, resolver: followed.resolver).diagnostics
            }
        }
        return all
    }

    private static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    private func summary(errors: Int, warnings: Int, files: Int) -> String {
        "\(Self.plural(errors, "error")), \(Self.plural(warnings, "warning")) in \(Self.plural(files, "file"))"
    }

    /// What a clean check covered: `checked 2 projects (pricing, purchase) and 3 files: no errors`.
    private func checked(_ inputs: CheckInputs, files: Int) -> String {
        var parts: [String] = []
        if !inputs.projects.isEmpty {
            let names = inputs.projects.map { (($0.hasSuffix("/") ? String($0.dropLast()) : $0) as NSString).lastPathComponent }
            parts.append(Self.plural(inputs.projects.count, "project") + " (" + names.joined(separator: ", ") + ")")
        }
        if !inputs.files.isEmpty { parts.append(Self.plural(inputs.files.count, inputs.projects.isEmpty ? "file" : "other file")) }
        let total = inputs.projects.isEmpty ? "" : ", \(Self.plural(files, "file")) in all"
        return "checked " + parts.joined(separator: " and ") + total + ": no errors"
    }
}

func printError(_ text: String, terminator: String = "\n") {
    FileHandle.standardError.write(Data((text + terminator).utf8))
}
