import CMTBytecode
import CMTProcessEngine
import CMTRuleEngine
import CMTRules
import CMTSource
import CMTVM
import CMTWorkflow

/// The rules engine the jPDL conformance runner uses for decisions with `<handler rules="x.drl"/>`:
/// each rule file of the suite's folder is compiled alone (its `declare Decision` is the fact
/// class) and run by the same rules engine as contracts, on an in-memory host.
public final class ConformanceRuleFiles: ConformanceRules {
    /// Compiled rule files by path.
    var loaded: [String: (host: any Host, contract: Address, layout: DecisionFactLayout)] = [:]

    public init() {}

    public func environment(ruleFile path: String, name: String) throws -> (host: any Host, contract: Address, layout: DecisionFactLayout) {
        if let cached = loaded[path] { return cached }
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [path], sources: sources)
        guard let compiled = result.compiled else {
            let text = result.inputError ?? DiagnosticRenderer(sources: sources).render(result.diagnostics)
            throw ProcessError(.action, "the rule file '\(name)' does not compile:\n\(text)")
        }
        guard let layout = DecisionRulesCheck.layout(checked: compiled.checked, module: compiled.module) else {
            throw ProcessError(.action, "the rule file '\(name)' declares no Decision class (node: string, variables: Map<string, T>, transition: string)")
        }
        guard let ruleSet = compiled.ruleSets.values.first, compiled.ruleSets.count == 1 else {
            throw ProcessError(.action, "the rule file '\(name)' gave no rule set")
        }
        let program = Program(try Verifier.verify(compiled.module))
        let host = InMemoryHost()
        let contract = Address.named("conformance")
        host.deploy(program, at: contract)
        host.ruleService = RulesEngineService(ruleSets: [name: ruleSet], program: program)
        let environment: (host: any Host, contract: Address, layout: DecisionFactLayout) = (host, contract, layout)
        loaded[path] = environment
        return environment
    }
}
