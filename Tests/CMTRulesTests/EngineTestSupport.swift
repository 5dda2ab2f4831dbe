import CMTBytecode
import CMTRuleEngine
import CMTRules
import CMTVM

/// Callbacks for engine tests: consequences are Swift closures by rule name, predicate `id` holds
/// when the last fact's first field is greater than `id`, and a salience expression is the first
/// field of the fact at position `id`.
final class ScriptedRules: RuleCallbacks {
    var actions: [String: (RuleSession, [FactHandle?]) throws -> Void] = [:]
    var fired: [String] = []
    let rules: [RuleDefinition]

    init(_ rules: [RuleDefinition]) { self.rules = rules }

    func evaluate(predicate id: Int, facts: [FactHandle?], session: RuleSession) -> Bool {
        guard let handle = facts.last ?? nil, case .number(let value)? = session.fields(of: handle)?.first else { return false }
        return value > Decimal18(Int64(id))
    }

    func fire(rule: Int, facts: [FactHandle?], session: RuleSession) throws {
        fired.append(rules[rule].name)
        try actions[rules[rule].name]?(session, facts)
    }

    func salience(_ id: Int, facts: [FactHandle?], session: RuleSession) -> Int {
        guard id < facts.count, let handle = facts[id], case .number(let value)? = session.fields(of: handle)?.first,
              let integer = value.int64Value else { return 0 }
        return Int(integer)
    }

    static let types = [FactLayout(name: "A", fields: ["x"]), FactLayout(name: "B", fields: ["x"]), FactLayout(name: "C", fields: ["x"])]
    static func a(_ constraints: [Constraint] = []) -> Pattern { Pattern(type: 0, constraints: constraints) }
    static func b(_ constraints: [Constraint] = []) -> Pattern { Pattern(type: 1, constraints: constraints) }
    static func c(_ constraints: [Constraint] = []) -> Pattern { Pattern(type: 2, constraints: constraints) }
    static func n(_ value: Int64) -> ContractValue { .number(Decimal18(value)) }

    /// A session of `rules` over A, B and C (and `extra` types), with these callbacks.
    static func session(_ rules: [RuleDefinition], extra: [FactLayout] = [], queryCallType: Int? = nil) -> (RuleSession, ScriptedRules) {
        let callbacks = ScriptedRules(rules)
        let base = RuleBase(types: types + extra, rules: rules, queryCallType: queryCallType)
        return (RuleSession(ruleBase: base, callbacks: callbacks), callbacks)
    }

    /// The first field of each fact of `type`, in insertion order.
    static func values(_ session: RuleSession, type: Int) -> [ContractValue] {
        session.handles(ofType: type).compactMap { session.fields(of: $0)?.first }
    }
}

/// The engine-memory gas of the schedule (docs/gas.md, "Rules engine"): what a fact of `fields`
/// fields, a token, an activation and a firing add to a session's gas.
enum RuleMemoryGas {
    static func gas(_ bytes: Int64) -> Int64 {
        let perGas = GasSchedule.current.ruleMemoryBytesPerGas
        return (bytes + perGas - 1) / perGas
    }
    static func fact(fields: Int) -> Int64 {
        gas(GasSchedule.current.ruleFactBytes + Int64(fields) * GasSchedule.current.ruleFieldBytes)
    }
    static var token: Int64 { RuleGas.token + gas(GasSchedule.current.ruleTokenBytes) }
    static var activation: Int64 { gas(GasSchedule.current.ruleActivationBytes) }
    static var firing: Int64 { gas(GasSchedule.current.ruleFiringBytes) }
}
