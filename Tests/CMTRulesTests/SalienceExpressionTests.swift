import CMTRuleEngine
import CMTRules
import CMTVM
import Testing

/// Salience expressions on the engine: evaluated when the activation is made, with the matched
/// facts; ties broken by recency, then declaration order.
@Suite struct SalienceExpressionTests {
    typealias S = ScriptedRules

    @Test("activations fire in the order of their computed salience, highest first")
    func ordersBySalience() throws {
        var rule = RuleDefinition(name: "by x", conditions: [.pattern(S.a())])
        rule.salienceExpression = 0
        let (session, callbacks) = S.session([rule])
        var order: [ContractValue] = []
        callbacks.actions["by x"] = { session, facts in
            if let handle = facts[0], let x = session.fields(of: handle)?.first { order.append(x) }
        }
        for x: Int64 in [3, 9, -2, 5] { _ = try session.insert(type: 0, fields: [S.n(x)]) }
        try session.fire()
        #expect(order == [S.n(9), S.n(5), S.n(3), S.n(-2)])
    }

    @Test("equal computed saliences fall back to recency, then declaration order; constants and expressions mix")
    func tiesAreDeterministic() throws {
        var first = RuleDefinition(name: "first", conditions: [.pattern(S.a())])
        first.salienceExpression = 0
        var second = RuleDefinition(name: "second", conditions: [.pattern(S.a())])
        second.salienceExpression = 0
        let constant = RuleDefinition(name: "constant", salience: 4, conditions: [.pattern(S.a())])
        let (session, callbacks) = S.session([first, second, constant])
        _ = try session.insert(type: 0, fields: [S.n(4)])
        _ = try session.insert(type: 0, fields: [S.n(4)])
        try session.fire()
        // All salience 4: the newer fact first, then declaration order within a fact.
        #expect(callbacks.fired == ["first", "second", "constant", "first", "second", "constant"])
        #expect(session.history.map { $0.facts.first??.id } == [2, 2, 2, 1, 1, 1])
    }

    @Test("the salience is computed when the activation is made: an update makes a new one with the new value")
    func recomputedOnUpdate() throws {
        var rule = RuleDefinition(name: "by x", conditions: [.pattern(S.a())])
        rule.salienceExpression = 0
        let other = RuleDefinition(name: "fixed", salience: 5, conditions: [.pattern(S.b())])
        let (session, callbacks) = S.session([rule, other])
        let a = try session.insert(type: 0, fields: [S.n(1)])
        _ = try session.insert(type: 1, fields: [S.n(0)])
        #expect(session.pendingActivations.map(\.rule) == ["fixed", "by x"])
        try session.update(a, fields: [S.n(8)])
        #expect(session.pendingActivations.map(\.rule) == ["by x", "fixed"])
        try session.fire()
        #expect(callbacks.fired == ["by x", "fixed"])
    }
}
