import ArgumentParser
import CMTBytecode
import CMTCompiler
import CMTRules
import CMTSource
import CMTVM
import CMTWorkflow
import Foundation

/// Shared by `cmtc build`, `cmtc run` and `cmtc repl`: reads the inputs as one module and compiles
/// it. ``compile(_:optimize:color:)`` prints diagnostics the way `cmtc check` does and exits 2 on
/// unreadable input and 1 on compile errors; ``attempt(_:optimize:)`` returns them instead.
enum CompileSupport {
    struct Compiled {
        let output: Compiler.Output
        let module: Module
        let sources: SourceManager
        /// The program's process definitions by the name `start_process` uses.
        let processes: [String: CompiledProcess]
        /// The program's rule sets by the name `load_rules` uses.
        let ruleSets: [String: CompiledRuleSet]
        /// The checked rules (fact types with their field types, queries), when the program has rule files.
        let ruleBase: CheckedRuleBase?

        /// The host services for running the module: the process and rules engines.
        func services(for program: Program) -> (WorkflowProcessService, RulesEngineService) {
            (WorkflowProcessService(definitions: processes), RulesEngineService(ruleSets: ruleSets, program: program))
        }
    }

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
    static func attempt(_ paths: [String], optimize: Bool = true) -> Attempt {
        let sources = SourceManager()
        func failed(_ message: String) -> Attempt {
            Attempt(compiled: nil, diagnostics: [], sources: sources, fileCount: 0, inputError: message)
        }
        let files: [String]
        do {
            files = try InputFiles.expand(paths)
        } catch {
            return failed("\(error)")
        }
        if files.isEmpty {
            return failed("no .cmt, .drl or .rl files found in \(paths.joined(separator: ", "))")
        }
        var sourceFiles: [SourceFile] = []
        var ruleFiles: [(name: String, file: SourceFile)] = []
        for path in files {
            do {
                if path.hasSuffix(".cmt") {
                    sourceFiles.append(sources.add(path: path, bytes: try InputFiles.read(path)))
                } else if InputFiles.isRuleFile(path) {
                    ruleFiles.append(((path as NSString).lastPathComponent, sources.add(path: path, bytes: try InputFiles.read(path))))
                }
            } catch {
                return failed("\(error)")
            }
        }
        let processes: [String: CompiledProcess]
        let processDiagnostics: [Diagnostic]
        do {
            (processes, processDiagnostics) = try compileProcesses(in: paths, sources: sources)
        } catch {
            return failed("\(error)")
        }
        var options = Compiler.Options(optimize: optimize, processDefinitions: processes.keys.sorted(), ruleFiles: ruleFiles.map(\.name).sorted())
        let output: Compiler.Output
        var ruleBase: CheckedRuleBase?
        if ruleFiles.isEmpty {
            output = Compiler.compile(sourceFiles, sources: sources, options: options)
        } else {
            let checked = RuleFrontend.check(cmt: sourceFiles, rules: ruleFiles.map(\.file), sources: sources)
            ruleBase = checked.ruleBase
            options.ruleSignatures = checked.ruleBase?.signatures
            output = Compiler.compile(checked: checked.ruleBase?.module ?? checked.cmt.module, diagnostics: checked.diagnostics, sources: sources,
                                      options: options, anchor: sourceFiles.first.map { Span.point($0.id, 0) })
        }
        var diagnostics = Diagnostic.sorted(processDiagnostics + output.diagnostics)
        if let module = output.module, output.isScript == false {
            for name in processes.keys.sorted() {
                if let process = processes[name] { diagnostics += ContractActionCheck.check(process.definition, against: module) }
            }
        }
        var ruleSets: [String: CompiledRuleSet] = [:]
        if let module = output.module, let ruleBase {
            for (name, file) in ruleFiles {
                do {
                    ruleSets[name] = try RuleSetCompiler.compile(ruleBase, module: module, file: file.id)
                } catch {
                    diagnostics.append(Diagnostic(CompilerMessageBridge.ruleSet(error.description), at: error.span ?? Span.point(file.id, 0)))
                }
            }
        }
        let fileCount = sourceFiles.count + processes.count + ruleFiles.count
        guard let module = output.module, !output.hasErrors, !diagnostics.contains(where: { $0.severity == .error }) else {
            return Attempt(compiled: nil, diagnostics: diagnostics, sources: sources, fileCount: fileCount, inputError: nil)
        }
        let compiled = Compiled(output: output, module: module, sources: sources, processes: processes, ruleSets: ruleSets, ruleBase: ruleBase)
        return Attempt(compiled: compiled, diagnostics: diagnostics, sources: sources, fileCount: fileCount, inputError: nil)
    }

    /// The `.bpm` files beside the program (in a directory argument, or beside a file argument),
    /// parsed and compiled; named by their path relative to that directory, as `start_process` names them.
    /// - Throws: ``InputFiles/Failure`` when a definition cannot be read.
    static func compileProcesses(in paths: [String], sources: SourceManager) throws -> ([String: CompiledProcess], [Diagnostic]) {
        var found: [(name: String, path: String)] = []
        let manager = FileManager.default
        for argument in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
            let directory = isDirectory.boolValue ? argument : (argument as NSString).deletingLastPathComponent
            let base = directory.isEmpty ? "." : directory
            guard let enumerator = manager.enumerator(atPath: base) else { continue }
            for case let relative as String in enumerator where relative.hasSuffix(".bpm") {
                if !isDirectory.boolValue, relative.contains("/") { continue }
                found.append((relative, (base as NSString).appendingPathComponent(relative)))
            }
        }
        var processes: [String: CompiledProcess] = [:]
        var diagnostics: [Diagnostic] = []
        for (name, path) in found.sorted(by: { $0.name < $1.name }) where processes[name] == nil {
            let file: SourceFile
            file = sources.add(path: path, bytes: try InputFiles.read(path))
            let parsed = ProcessParser.parse(file)
            diagnostics += parsed.diagnostics
            guard let definition = parsed.definition else { continue }
            let compiled = ProcessCompiler.compile(definition)
            diagnostics += compiled.diagnostics
            if let process = compiled.process { processes[name] = process }
        }
        return (processes, diagnostics)
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

/// Messages cmtc adds when it puts the pieces of a program together.
enum CompilerMessageBridge {
    static func ruleSet(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: MessageID(domain: "cmtc", name: "ruleSetNotSupported", code: "E0769"), severity: .error, text: text)
    }
}
