import CMTBytecode
import CMTCompiler
import CMTProcessEngine
import CMTRuleEngine
import CMTRules
import CMTSource
import CMTVM
import CMTWorkflow
import Foundation

/// Compiles a ``Project``: the CMT sources (with library modules) and rule files checked as one
/// module (the DRL checker checks every fact type and field against the CMT classes), the process
/// definitions compiled, `load_rules`/`start_process` paths checked against the project's files,
/// process actions checked against the contract, and the manifest checked against the contract
/// (``ProjectChecks``). `cmtc build`, `run`, `bundle`, `repl` and `test` all compile through here.
public enum ProgramCompiler {
    /// Options of one compilation.
    public struct Options: Sendable {
        public var optimize: Bool
        /// Extra CMT files compiled with the sources (the test files of `cmtc test`).
        public var extraFiles: [ProjectFile]
        public init(optimize: Bool = true, extraFiles: [ProjectFile] = []) {
            self.optimize = optimize
            self.extraFiles = extraFiles
        }
    }

    /// What one compilation gave: the program when it compiled, and everything to report either way.
    public struct Result {
        public let compiled: CompiledProgram?
        /// Every diagnostic (errors and warnings), sorted.
        public let diagnostics: [Diagnostic]
        /// How many files were compiled (for the summary line).
        public let fileCount: Int
        /// Why the inputs could not be read: a usage error.
        public let inputError: String?

        public var hasErrors: Bool { compiled == nil }
    }

    /// Loads `paths` (see ``ProjectLoader``) and compiles the project.
    public static func compile(paths: [String], sources: SourceManager, options: Options = Options(), stdlib: String? = nil) -> Result {
        let loaded = ProjectLoader.load(paths, sources: sources, stdlib: stdlib)
        if let inputError = loaded.inputError {
            return Result(compiled: nil, diagnostics: loaded.diagnostics, fileCount: 0, inputError: inputError)
        }
        guard let project = loaded.project else {
            return Result(compiled: nil, diagnostics: Diagnostic.sorted(loaded.diagnostics), fileCount: 1, inputError: nil)
        }
        let result = compile(project, sources: sources, options: options)
        return Result(compiled: result.compiled, diagnostics: Diagnostic.sorted(loaded.diagnostics + result.diagnostics),
                      fileCount: result.fileCount, inputError: result.inputError)
    }

    public static func compile(_ project: Project, sources: SourceManager, options: Options = Options()) -> Result {
        var named: [(name: String, file: SourceFile)] = []
        var cmtFiles: [SourceFile] = []
        var ruleFiles: [(name: String, file: SourceFile)] = []
        do {
            for entry in project.cmt + project.libraries + options.extraFiles {
                let file = sources.add(path: entry.path, bytes: try read(entry.path))
                cmtFiles.append(file)
                named.append((entry.name, file))
            }
            for entry in project.rules {
                let file = sources.add(path: entry.path, bytes: try read(entry.path))
                ruleFiles.append((entry.name, file))
                named.append((entry.name, file))
            }
        } catch {
            return Result(compiled: nil, diagnostics: [], fileCount: 0, inputError: "\(error)")
        }
        var diagnostics: [Diagnostic] = []
        var parsedProcesses: [(name: String, definition: ProcessDefinition)] = []
        for entry in project.processes {
            let file: SourceFile
            do {
                file = sources.add(path: entry.path, bytes: try read(entry.path))
            } catch {
                return Result(compiled: nil, diagnostics: [], fileCount: 0, inputError: "\(error)")
            }
            named.append((entry.name, file))
            let parsed = ProcessParser.parse(file)
            diagnostics += parsed.diagnostics
            guard let definition = parsed.definition else { continue }
            parsedProcesses.append((entry.name, definition))
        }
        // One deployment: process-states bind their sub-processes by name among the project's definitions.
        let deployed = ProcessDeployment.compile(parsedProcesses)
        diagnostics += deployed.diagnostics
        let processes = deployed.processes
        let ruleNames = Names(project.rules.map(\.name))
        let processNames = Names(project.processes.map(\.name))
        var compilerOptions = Compiler.Options(optimize: options.optimize, processDefinitions: processNames.accepted,
                                               ruleFiles: ruleNames.accepted,
                                               pathAliases: ruleNames.aliases.merging(processNames.aliases) { first, _ in first })
        let anchor = cmtFiles.first.map { Span.point($0.id, 0) } ?? ruleFiles.first.map { Span.point($0.file.id, 0) }
        let checkedModule: CheckedModule
        let output: Compiler.Output
        var ruleBase: CheckedRuleBase?
        if ruleFiles.isEmpty {
            let checked = Frontend.check(cmtFiles, sources: sources)
            checkedModule = checked.module
            output = Compiler.compile(checked: checked.module, diagnostics: checked.diagnostics, sources: sources, options: compilerOptions,
                                      anchor: anchor)
        } else {
            let checked = RuleFrontend.check(cmt: cmtFiles, rules: ruleFiles.map(\.file), sources: sources)
            ruleBase = checked.ruleBase
            compilerOptions.ruleSignatures = checked.ruleBase?.signatures
            checkedModule = checked.ruleBase?.module ?? checked.cmt.module
            compilerOptions.ruleSignatures = checked.ruleBase?.signatures
            output = Compiler.compile(checked: checkedModule, diagnostics: checked.diagnostics, sources: sources, options: compilerOptions,
                                      anchor: anchor)
        }
        diagnostics = Diagnostic.sorted(diagnostics + output.diagnostics)
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
                    diagnostics.append(Diagnostic(RuleMessages.unsupportedConstruct(error.description), at: error.span ?? Span.point(file.id, 0)))
                }
            }
        }
        if let module = output.module {
            diagnostics += ProjectChecks.check(project, module: module, checked: checkedModule, isScript: output.isScript)
            diagnostics += ProcessVariableCheck.check(checkedModule, processes: processes, names: processNames)
            diagnostics += DecisionRulesCheck.check(processes: processes, checked: checkedModule, module: module,
                                                    ruleFiles: Set(ruleNames.accepted))
        }
        let fileCount = named.count + (project.manifestFile == nil ? 0 : 1)
        guard let module = output.module, !output.hasErrors, !diagnostics.contains(where: { $0.severity == .error }) else {
            return Result(compiled: nil, diagnostics: Diagnostic.sorted(diagnostics), fileCount: fileCount, inputError: nil)
        }
        let compiled = CompiledProgram(project: project, output: output, module: module, sources: sources, checked: checkedModule,
                                       processes: processes, ruleSets: ruleSets, aliases: ruleNames.aliases.merging(processNames.aliases) { a, _ in a },
                                       ruleBase: ruleBase, files: named)
        return Result(compiled: compiled, diagnostics: Diagnostic.sorted(diagnostics), fileCount: fileCount, inputError: nil)
    }

    /// The names a set of project files answers to: each project-relative name, and each file name
    /// that only one file has.
    struct Names {
        let canonical: [String]
        let aliases: [String: String]

        init(_ names: [String]) {
            canonical = names
            var byFileName: [String: [String]] = [:]
            for name in names {
                let fileName = name.split(separator: "/").last.map(String.init) ?? name
                if fileName != name { byFileName[fileName, default: []].append(name) }
            }
            var aliases: [String: String] = [:]
            for (fileName, owners) in byFileName where owners.count == 1 && !names.contains(fileName) {
                aliases[fileName] = owners[0]
            }
            self.aliases = aliases
        }

        var accepted: [String] { (canonical + aliases.keys).sorted() }

        func resolve(_ name: String) -> String? {
            canonical.contains(name) ? name : aliases[name]
        }
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ProjectError(description: "cannot read '\(path)'") }
        return [UInt8](data)
    }

}
