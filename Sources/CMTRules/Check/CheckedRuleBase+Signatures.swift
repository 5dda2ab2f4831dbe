public import CMTCompiler

extension CheckedRuleBase {
    /// The globals and queries of the rule files, for the compiler to check `engine.setGlobal` and
    /// `engine.query` calls (``Compiler/Options/ruleSignatures``).
    public var signatures: RuleSignatures {
        var result = RuleSignatures()
        for global in globals { result.globals[global.name, default: []].append(global.type) }
        for query in queries {
            result.queries[query.name, default: []].append(query.parameters.map { RuleSignatures.Parameter(name: $0.name, type: $0.type) })
        }
        return result
    }
}
