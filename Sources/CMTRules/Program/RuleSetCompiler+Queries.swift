import CMTBytecode
import CMTRuleEngine
import CMTSource
import CMTVM

extension RuleSetCompiler {
    /// Compiles the queries of `file` into query rules, after the rules, and adds the fact type of
    /// query calls (the query's name, then as many argument fields as the longest parameter list).
    static func compileQueries(
        _ base: CheckedRuleBase, file: FileID?, compiler: inout Builder, layouts: inout [FactLayout], rules: inout [RuleDefinition]
    ) throws(RuleSetError) -> [CompiledQuery] {
        let selected = base.queries.filter { file == nil || $0.span.file == file }
        guard !selected.isEmpty else { return [] }
        let callType = layouts.count
        let arguments = selected.map(\.parameters.count).max() ?? 0
        layouts.append(FactLayout(name: "__QueryCall", fields: ["query"] + (0..<arguments).map { "argument\($0)" }))
        var queries: [CompiledQuery] = []
        for query in selected {
            for variant in try alternatives(query.conditions) {
                rules.append(try compiler.query(query, conditions: variant, callType: callType))
            }
            queries.append(CompiledQuery(name: query.name, parameters: query.parameters.map { CompiledGlobal(name: $0.name, type: $0.type) }))
        }
        return queries
    }
}

extension RuleSetCompiler.Builder {
    /// One alternative of a query: a pattern on the call fact (its name field equal to the query's
    /// name), whose argument fields the parameters are bound to, then the query's conditions.
    mutating func query(_ query: CheckedQuery, conditions checked: [CheckedCondition], callType: Int) throws(RuleSetError) -> RuleDefinition {
        bindings = [:]
        factTypes = [:]
        queryParameters = [:]
        for (index, parameter) in query.parameters.enumerated() {
            queryParameters[parameter.name] = index
            bindings[parameter.name] = .field(position: 0, slot: index + 1)
        }
        factTypes[0] = UInt16(truncatingIfNeeded: callType)
        position = 1
        var conditions: [Condition] = [.pattern(Pattern(type: callType, constraints: [.compare(field: 0, .equal, .constant(.string(query.name)))]))]
        for condition in checked { try add(condition, to: &conditions, negated: nil) }
        var definition = RuleDefinition(name: query.name, conditions: conditions)
        definition.isQuery = true
        return definition
    }
}

extension RuleSetCompiler.Builder {
    /// Whether a consequence may call `insertLogical`: its code does, or a DRL function might
    /// (a false positive only costs the engine a little work).
    func mayInsertLogically(_ consequence: EmbeddedCode) -> Bool {
        let start = max(0, min(consequence.generatedSpan.start, generatedBytes.count))
        let end = max(start, min(consequence.generatedSpan.end, generatedBytes.count))
        return Self.callsInsertLogical(generatedBytes, start..<end) || functionsInsertLogically
    }

    /// Whether `text[range]` contains `insertLogical(`.
    static func callsInsertLogical(_ text: [UInt8], _ range: Range<Int>) -> Bool {
        let call = Array("insertLogical(".utf8)
        guard range.count >= call.count else { return false }
        return (range.lowerBound...(range.upperBound - call.count)).contains { text[$0] == call[0] && text[$0..<($0 + call.count)].elementsEqual(call) }
    }
}
