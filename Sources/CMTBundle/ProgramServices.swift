import CMTProcessEngine
import CMTRuleEngine
import CMTVM

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
