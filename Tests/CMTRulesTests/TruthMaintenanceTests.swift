import CMTBytecode
import CMTRuleEngine
import CMTRules
import CMTVM
import Testing

/// `insertLogical` on the engine: Drools' truth maintenance (a logical fact lives while a match
/// justifies it; equal logical facts share justifications; a stated insert takes a fact over).
@Suite struct TruthMaintenanceTests {
    typealias S = ScriptedRules

    /// "derive": for each A with x > 0, B(7) logically.
    static func derive() -> (RuleSession, ScriptedRules) {
        let rules = [RuleDefinition(name: "derive", conditions: [.pattern(S.a([.compare(field: 0, .greater, .constant(S.n(0)))]))])]
        let (session, callbacks) = S.session(rules)
        callbacks.actions["derive"] = { session, _ in try session.insertLogical(type: 1, fields: [S.n(7)]) }
        return (session, callbacks)
    }

    @Test("a logical fact is retracted when the fact that justified it is retracted")
    func retractedWithJustification() throws {
        let (session, callbacks) = Self.derive()
        defer { withExtendedLifetime(callbacks) {} }
        let a = try session.insert(type: 0, fields: [S.n(1)])
        try session.fire()
        let b = try #require(session.handles(ofType: 1).first)
        #expect(session.isLogical(b))
        try session.retract(a)
        #expect(session.handles(ofType: 1).isEmpty)
        #expect(session.retractedByTruth == [b])
    }

    @Test("an update that makes the justifying match false retracts the logical fact")
    func retractedOnUpdate() throws {
        let (session, callbacks) = Self.derive()
        defer { withExtendedLifetime(callbacks) {} }
        let a = try session.insert(type: 0, fields: [S.n(1)])
        try session.fire()
        #expect(S.values(session, type: 1) == [S.n(7)])
        try session.update(a, fields: [S.n(-1)])
        #expect(S.values(session, type: 1).isEmpty)
    }

    @Test("an update that keeps the match keeps the logical fact; the rule fires again and justifies it again (Drools)")
    func keptOnUpdate() throws {
        let (session, callbacks) = Self.derive()
        let a = try session.insert(type: 0, fields: [S.n(1)])
        try session.fire()
        let b = try #require(session.handles(ofType: 1).first)
        try session.update(a, fields: [S.n(2)])
        #expect(session.handles(ofType: 1) == [b])
        #expect(session.pendingActivations.map(\.rule) == ["derive"])
        try session.fire()
        #expect(session.handles(ofType: 1) == [b])
        #expect(callbacks.fired == ["derive", "derive"])
        try session.retract(a)
        #expect(session.handles(ofType: 1).isEmpty)
    }

    @Test("when the rule fires again after an update and does not insert the fact again, the fact goes (Drools)")
    func droppedWhenNotReasserted() throws {
        let rules = [RuleDefinition(name: "small", conditions: [.pattern(S.a([.compare(field: 0, .greater, .constant(S.n(0)))]))])]
        let (session, callbacks) = S.session(rules)
        callbacks.actions["small"] = { session, facts in
            guard let handle = facts[0], case .number(let x)? = session.fields(of: handle)?.first, x < Decimal18(Int64(3)) else { return }
            try session.insertLogical(type: 1, fields: [S.n(7)])
        }
        let a = try session.insert(type: 0, fields: [S.n(1)])
        try session.fire()
        try session.update(a, fields: [S.n(5)])
        #expect(session.handles(ofType: 1).count == 1)
        try session.fire()
        #expect(session.handles(ofType: 1).isEmpty)
    }

    @Test("a consequence that modifies its own fact and then inserts logically justifies the fact by the match it came back as")
    func insertAfterOwnUpdate() throws {
        var mark = RuleDefinition(name: "mark", noLoop: true, conditions: [.pattern(S.a([.compare(field: 0, .greater, .constant(S.n(0)))]))])
        mark.insertsLogically = true
        let (session, callbacks) = S.session([mark])
        callbacks.actions["mark"] = { session, facts in
            guard let handle = facts[0] else { return }
            try session.update(handle, fields: [S.n(9)])
            try session.insertLogical(type: 1, fields: [S.n(1)])
        }
        let a = try session.insert(type: 0, fields: [S.n(1)])
        try session.fire()
        #expect(S.values(session, type: 1) == [S.n(1)])
        try session.update(a, fields: [S.n(-1)])
        #expect(S.values(session, type: 1).isEmpty)
    }

    @Test("equal logical facts are one fact with several justifications; it goes with the last one")
    func sharedJustification() throws {
        let (session, callbacks) = Self.derive()
        let first = try session.insert(type: 0, fields: [S.n(1)])
        let second = try session.insert(type: 0, fields: [S.n(2)])
        try session.fire()
        #expect(callbacks.fired == ["derive", "derive"])
        #expect(session.handles(ofType: 1).count == 1)
        try session.retract(first)
        #expect(session.handles(ofType: 1).count == 1)
        try session.retract(second)
        #expect(session.handles(ofType: 1).isEmpty)
    }

    @Test("a stated insert of a fact equal to a logical one makes it stated: it keeps its handle and stays")
    func statedOverridesLogical() throws {
        let (session, callbacks) = Self.derive()
        defer { withExtendedLifetime(callbacks) {} }
        let a = try session.insert(type: 0, fields: [S.n(1)])
        try session.fire()
        let logical = try #require(session.handles(ofType: 1).first)
        let stated = try session.insert(type: 1, fields: [S.n(7)])
        #expect(stated == logical)
        #expect(!session.isLogical(stated))
        try session.retract(a)
        #expect(session.handles(ofType: 1) == [stated])
    }

    @Test("a logical insert of a fact equal to a stated one is ignored, and the stated fact is never retracted by it")
    func logicalIgnoredWhenStated() throws {
        let (session, callbacks) = Self.derive()
        defer { withExtendedLifetime(callbacks) {} }
        let stated = try session.insert(type: 1, fields: [S.n(7)])
        let a = try session.insert(type: 0, fields: [S.n(1)])
        try session.fire()
        #expect(session.handles(ofType: 1) == [stated])
        try session.retract(a)
        #expect(session.handles(ofType: 1) == [stated])
    }

    @Test("a fact justified by a 'not' goes when a fact the 'not' excludes arrives, and a chain of logical facts unwinds")
    func negationAndChains() throws {
        let rules = [
            RuleDefinition(name: "default", conditions: [.not(S.c())]),
            RuleDefinition(name: "chain", conditions: [.pattern(S.b())]),
        ]
        let (session, callbacks) = S.session(rules)
        callbacks.actions["default"] = { session, _ in try session.insertLogical(type: 1, fields: [S.n(1)]) }
        callbacks.actions["chain"] = { session, _ in try session.insertLogical(type: 0, fields: [S.n(2)]) }
        try session.fire()
        #expect(callbacks.fired == ["default", "chain"])
        #expect(S.values(session, type: 0) == [S.n(2)] && S.values(session, type: 1) == [S.n(1)])
        _ = try session.insert(type: 2, fields: [S.n(0)])
        #expect(S.values(session, type: 0).isEmpty && S.values(session, type: 1).isEmpty)
        #expect(S.values(session, type: 2) == [S.n(0)])
    }

    @Test("insertLogical outside a consequence is an error")
    func outsideConsequence() throws {
        let (session, callbacks) = Self.derive()
        defer { withExtendedLifetime(callbacks) {} }
        #expect(throws: RuleError.logicalOutsideConsequence) { try session.insertLogical(type: 1, fields: [S.n(1)]) }
    }
}
