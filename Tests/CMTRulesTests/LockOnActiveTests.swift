import CMTRuleEngine
import CMTRules
import CMTVM
import Testing

/// `lock-on-active` on the engine: while a rule's agenda group is active, changes make no new
/// activations of the rule (Drools), unlike `no-loop`, which only ignores the rule's own changes.
@Suite struct LockOnActiveTests {
    typealias S = ScriptedRules

    /// Two rules that each update every A they match (each other's trigger).
    static func pingPong(lock: Bool, noLoop: Bool = false, group: String = "MAIN") -> (RuleSession, ScriptedRules) {
        var rules = ["ping", "pong"].map {
            RuleDefinition(name: $0, noLoop: noLoop, agendaGroup: group, conditions: [.pattern(S.a([.compare(field: 0, .greater, .constant(S.n(0)))]))])
        }
        for index in rules.indices { rules[index].lockOnActive = lock }
        let (session, callbacks) = S.session(rules)
        for name in ["ping", "pong"] {
            callbacks.actions[name] = { session, facts in
                guard let handle = facts[0], case .number(let x)? = session.fields(of: handle)?.first else { return }
                try session.update(handle, fields: [.number(x.adding(.one) ?? x)])
            }
        }
        return (session, callbacks)
    }

    @Test("with lock-on-active, rules that update each other's facts fire once per fact and stop")
    func stopsMutualReactivation() throws {
        let (session, callbacks) = Self.pingPong(lock: true)
        _ = try session.insert(type: 0, fields: [S.n(1)])
        #expect(try session.fire() == 2)
        #expect(callbacks.fired == ["ping", "pong"])
        #expect(S.values(session, type: 0) == [S.n(3)])
    }

    @Test("no-loop alone does not stop two rules re-activating each other")
    func noLoopDoesNot() throws {
        let (session, callbacks) = Self.pingPong(lock: false, noLoop: true)
        defer { withExtendedLifetime(callbacks) {} }
        _ = try session.insert(type: 0, fields: [S.n(1)])
        #expect(try session.fire(limit: 20) == 20)
    }

    @Test("once the firing ends the group is inactive again: a later insert activates the rule")
    func unlockedAfterFiring() throws {
        let (session, callbacks) = Self.pingPong(lock: true)
        _ = try session.insert(type: 0, fields: [S.n(1)])
        try session.fire()
        _ = try session.insert(type: 0, fields: [S.n(10)])
        #expect(session.pendingActivations.map(\.rule) == ["ping", "pong"])
        #expect(try session.fire() == 2)
        #expect(callbacks.fired == ["ping", "pong", "ping", "pong"])
    }

    @Test("a group is active only while it has the focus: a rule of another group is not locked by it")
    func lockIsPerGroup() throws {
        var watcher = RuleDefinition(name: "watch", agendaGroup: "audit", conditions: [.pattern(S.a([.compare(field: 0, .greater, .constant(S.n(1)))]))])
        watcher.lockOnActive = true
        var bump = RuleDefinition(name: "bump", noLoop: true, conditions: [.pattern(S.a([.compare(field: 0, .greater, .constant(S.n(0)))]))])
        bump.lockOnActive = false
        let (session, callbacks) = S.session([watcher, bump])
        callbacks.actions["bump"] = { session, facts in
            guard let handle = facts[0] else { return }
            try session.update(handle, fields: [S.n(5)])
            session.setFocus("audit")
        }
        _ = try session.insert(type: 0, fields: [S.n(1)])
        try session.fire()
        // MAIN was active, "audit" was not: the update made an activation of 'watch', which fired.
        #expect(callbacks.fired == ["bump", "watch"])
    }
}
