import CMTBytecode
import CMTCompiler
import CMTProcessEngine
import CMTRuleEngine
import CMTRules
import CMTSource
import CMTVM
import CMTWorkflow

/// A project compiled: the bytecode module, its rule sets and process definitions, and what the
/// checks and the bundle writer need (the checked module, the sources).
public struct CompiledProgram {
    public let project: Project
    public let output: Compiler.Output
    public let module: Module
    public let sources: SourceManager
    /// The checked CMT module (classes, contracts, events) the module was lowered from.
    public let checked: CheckedModule
    /// The program's process definitions by their project-relative name.
    public let processes: [String: CompiledProcess]
    /// The program's rule sets by their project-relative name.
    public let ruleSets: [String: CompiledRuleSet]
    /// Other names `load_rules` and `start_process` accept (a unique bare file name) → the project-relative name.
    public let aliases: [String: String]
    /// The checked rules (fact types with their field types, queries), when the program has rule files.
    public let ruleBase: CheckedRuleBase?
    /// The source files by project-relative name (the bundle's source map and `--with-sources` use them).
    public let files: [(name: String, file: SourceFile)]

    /// The contract's name, nil for a script.
    public var contractName: String? { checked.classes.first { $0.kind == .contract }?.name }

    /// The host services for running the module: the process and rules engines, with every name
    /// `load_rules`/`start_process` accepts.
    public func services(for program: Program) -> (WorkflowProcessService, RulesEngineService) {
        ProgramServices.make(program: program, processes: processes, ruleSets: ruleSets, aliases: aliases,
                             decisionFact: DecisionRulesCheck.layout(checked: checked, module: module))
    }
}

/// Builds the host services of a program from its named parts (shared by compiled programs and bundles).
public enum ProgramServices {
    /// Without `decisionFact`, the `Decision` class is found by its field names in the module.
    public static func make(program: Program, processes: [String: CompiledProcess], ruleSets: [String: CompiledRuleSet],
                            aliases: [String: String], decisionFact: DecisionFactLayout? = nil) -> (WorkflowProcessService, RulesEngineService) {
        var allProcesses = processes
        var allRules = ruleSets
        for (alias, name) in aliases.sorted(by: { $0.key < $1.key }) {
            if let process = processes[name], allProcesses[alias] == nil { allProcesses[alias] = process }
            if let rules = ruleSets[name], allRules[alias] == nil { allRules[alias] = rules }
        }
        let layout = decisionFact ?? RuleDecision.layout(classes: program.module.module.classes.map { ($0.name, $0.fields) })
        return (WorkflowProcessService(definitions: allProcesses, decisionFact: layout), RulesEngineService(ruleSets: allRules, program: program))
    }
}
