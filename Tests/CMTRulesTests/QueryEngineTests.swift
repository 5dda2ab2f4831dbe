import CMTRuleEngine
import CMTRules
import CMTVM
import Testing

/// Queries on the engine: a call fact carries the arguments, joins bind them, and the call leaves
/// no trace in working memory or in fact numbering.
@Suite struct QueryEngineTests {
    typealias S = ScriptedRules

    static let call = FactLayout(name: "__QueryCall", fields: ["query", "argument0"])

    /// query "above" (limit): A(x > limit); query "pairs" (): A and B with the same x.
    static func session() -> (RuleSession, ScriptedRules) {
        let callType = S.types.count
        func callPattern(_ name: String) -> Condition {
            .pattern(Pattern(type: callType, constraints: [.compare(field: 0, .equal, .constant(.string(name)))]))
        }
        var above = RuleDefinition(name: "above", conditions: [
            callPattern("above"), .pattern(S.a([.compare(field: 0, .greater, .factField(pattern: 0, field: 1))])),
        ])
        above.isQuery = true
        var pairs = RuleDefinition(name: "pairs", conditions: [
            callPattern("pairs"), .pattern(S.a()), .pattern(S.b([.compare(field: 0, .equal, .factField(pattern: 1, field: 0))])),
        ])
        pairs.isQuery = true
        let rule = RuleDefinition(name: "rule", conditions: [.pattern(S.a())])
        return S.session([rule, above, pairs], extra: [call], queryCallType: callType)
    }

    @Test("a query gives the matches for its arguments, by pattern position, and activates nothing")
    func matches() throws {
        let (session, _) = Self.session()
        for x: Int64 in [5, 1, 8] { _ = try session.insert(type: 0, fields: [S.n(x)]) }
        _ = try session.insert(type: 1, fields: [S.n(8)])
        let pending = session.pendingActivations.count
        #expect(try session.query("above", arguments: [S.n(4)]) == [[FactHandle(1)], [FactHandle(3)]])
        #expect(try session.query("above", arguments: [S.n(100)]).isEmpty)
        #expect(try session.query("pairs", arguments: []) == [[FactHandle(3), FactHandle(4)]])
        #expect(session.pendingActivations.count == pending)
    }

    @Test("the call fact leaves no trace: facts, numbering and firing are as if no query had run")
    func noTrace() throws {
        let (session, callbacks) = Self.session()
        _ = try session.insert(type: 0, fields: [S.n(5)])
        let gas = session.gasUsed
        _ = try session.query("above", arguments: [S.n(1)])
        #expect(session.gasUsed > gas)
        #expect(session.handles() == [FactHandle(1)])
        #expect(try session.insert(type: 0, fields: [S.n(6)]) == FactHandle(2))
        try session.fire()
        #expect(callbacks.fired == ["rule", "rule"])
    }

    @Test("a query's equality on an argument is an indexed join: its gas does not grow with unrelated facts")
    func indexedGas() throws {
        let callType = S.types.count
        var equal = RuleDefinition(name: "equal", conditions: [
            .pattern(Pattern(type: callType, constraints: [.compare(field: 0, .equal, .constant(.string("equal")))])),
            .pattern(S.a([.compare(field: 0, .equal, .factField(pattern: 0, field: 1))])),
        ])
        equal.isQuery = true
        let (session, callbacks) = S.session([equal], extra: [Self.call], queryCallType: callType)
        defer { withExtendedLifetime(callbacks) {} }
        _ = try session.insert(type: 0, fields: [S.n(5)])
        func cost() throws -> Int64 {
            let before = session.gasUsed
            #expect(try session.query("equal", arguments: [S.n(5)]).count == 1)
            return session.gasUsed - before
        }
        let small = try cost()
        for x: Int64 in 100..<2_100 { _ = try session.insert(type: 0, fields: [S.n(x)]) }
        let large = try cost()
        #expect(large == small)
        #expect(try cost() == large)
    }

    @Test("an unknown query is an error")
    func unknown() throws {
        let (session, _) = Self.session()
        #expect(throws: RuleError.unknownQuery("abvoe")) { try session.query("abvoe", arguments: []) }
    }
}
