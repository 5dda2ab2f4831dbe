import CMTBytecode
import CMTRuleEngine
import CMTRules
import CMTVM
import Testing

/// Group nodes (`not`/`exists` over several patterns, `forall`, `accumulate`) and `from` nodes on
/// the engine's API: how they react to inserts, updates and retracts, what they bind, and gas.
@Suite struct ReteGroupTests {
    /// A(x), B(x, y), C(x).
    static let types = [
        FactLayout(name: "A", fields: ["x"]), FactLayout(name: "B", fields: ["x", "y"]), FactLayout(name: "C", fields: ["x"]),
    ]
    static func n(_ value: Int64) -> ContractValue { .number(Decimal18(value)) }
    static func equal(_ field: Int, _ pattern: Int, _ other: Int) -> Constraint {
        .compare(field: field, .equal, .factField(pattern: pattern, field: other))
    }

    /// Records firings with what each rule saw: fact handles and bound values. Predicate 0 holds
    /// when the current fact's (or value's) first number is above 1; value function 0 gives
    /// `[x, x + 1, x + 2]` for the first fact's x.
    final class Recorder: RuleCallbacks {
        var fired: [String] = []
        var seen: [String] = []
        let rules: [RuleDefinition]
        init(_ rules: [RuleDefinition]) { self.rules = rules }

        func evaluate(predicate id: Int, facts: [FactHandle?], session: RuleSession) -> Bool {
            guard let handle = facts.last ?? nil else { return false }
            switch session.boundValue(of: handle) {
            case .tuple(let items)?:
                if case .value(.number(let total))? = items.first { return total > Decimal18(Int64(id + 1)) }
                return false
            case .value(.number(let value))?:
                return value > Decimal18(Int64(id + 1))
            default:
                guard case .number(let value)? = session.fields(of: handle)?.first else { return false }
                return value > Decimal18(Int64(id + 1))
            }
        }

        func value(of id: Int, facts: [FactHandle?], session: RuleSession) -> ContractValue? {
            guard let handle = facts.first ?? nil, case .number(let x)? = session.fields(of: handle)?.first else { return nil }
            return .array((0..<3).map { .number(x.adding(Decimal18(Int64($0))) ?? x) })
        }

        func fire(rule: Int, facts: [FactHandle?], session: RuleSession) throws {
            fired.append(rules[rule].name)
            let parts = facts.map { handle -> String in
                guard let handle else { return "_" }
                if let bound = session.boundValue(of: handle) { return Self.describe(bound, session) }
                return "\(handle)"
            }
            seen.append(rules[rule].name + "(" + parts.joined(separator: " ") + ")")
        }

        static func describe(_ bound: BoundValue, _ session: RuleSession) -> String {
            switch bound {
            case .value(let value): "\(value)"
            case .facts(let handles): "[" + handles.map(\.description).joined(separator: ",") + "]"
            case .tuple(let items): "<" + items.map { describe($0, session) }.joined(separator: ",") + ">"
            }
        }
    }

    func session(_ rules: [RuleDefinition]) -> (RuleSession, Recorder) {
        let recorder = Recorder(rules)
        return (RuleSession(ruleBase: RuleBase(types: Self.types, rules: rules), callbacks: recorder), recorder)
    }

    /// `A($a) not (B(x == $a.x) and C(x == B.y))`: positions 0 (A), 1 (B), 2 (C).
    static let unblocked = RuleDefinition(name: "unblocked", conditions: [
        .pattern(Pattern(type: 0)),
        .notAll([.pattern(Pattern(type: 1, constraints: [equal(0, 0, 0)])), .pattern(Pattern(type: 2, constraints: [equal(0, 1, 1)]))]),
    ])

    @Test("not over two patterns: blocked by a pair, free again when either fact of the pair is retracted")
    func notGroupReactsToRetraction() throws {
        let (session, recorder) = session([Self.unblocked])
        let a = try session.insert(type: 0, fields: [Self.n(1)])
        let b = try session.insert(type: 1, fields: [Self.n(1), Self.n(7)])
        #expect(session.pendingActivations.count == 1)
        let c = try session.insert(type: 2, fields: [Self.n(7)])
        #expect(session.pendingActivations.isEmpty)
        #expect(session.whyNot(rule: "unblocked")?.contains("the 'not'") == true)
        try session.retract(c)
        try session.fire()
        #expect(recorder.seen == ["unblocked(\(a) _ _)"])
        _ = try session.insert(type: 2, fields: [Self.n(7)])
        #expect(session.pendingActivations.isEmpty)
        try session.retract(b)
        #expect(session.pendingActivations.count == 1)
        // An update that keeps the pair apart changes nothing; one that joins them blocks again.
        let other = try session.insert(type: 1, fields: [Self.n(2), Self.n(7)])
        #expect(session.pendingActivations.count == 1)
        try session.update(other, fields: [Self.n(1), Self.n(7)])
        #expect(session.pendingActivations.isEmpty)
    }

    @Test("exists over two patterns fires once however many pairs match, and again after it turned false")
    func existsGroup() throws {
        let rule = RuleDefinition(name: "paired", conditions: [
            .existsAll([.pattern(Pattern(type: 1)), .pattern(Pattern(type: 2, constraints: [Self.equal(0, 0, 1)]))]),
        ])
        let (session, recorder) = session([rule])
        let b = try session.insert(type: 1, fields: [Self.n(1), Self.n(5)])
        let c = try session.insert(type: 2, fields: [Self.n(5)])
        let d = try session.insert(type: 2, fields: [Self.n(5)])
        try session.fire()
        #expect(recorder.fired == ["paired"])
        try session.retract(c)
        try session.fire()
        #expect(recorder.fired == ["paired"])
        try session.retract(d)
        _ = try session.insert(type: 2, fields: [Self.n(5)])
        try session.fire()
        #expect(recorder.fired == ["paired", "paired"])
        try session.retract(b)
        #expect(session.pendingActivations.isEmpty)
    }

    @Test("accumulate: the result follows inserts, updates and retracts and the rule fires again each time")
    func accumulateRefires() throws {
        let rule = RuleDefinition(name: "totals", conditions: [
            .accumulate(Accumulate(source: [.pattern(Pattern(type: 1))], functions: [
                AccumulateCall(.sum, .field(position: 0, field: 1)), AccumulateCall(.count),
                AccumulateCall(.average, .field(position: 0, field: 1)), AccumulateCall(.min, .field(position: 0, field: 1)),
                AccumulateCall(.max, .field(position: 0, field: 1)), AccumulateCall(.collectList, .fact(position: 0)),
            ])),
        ])
        let (session, recorder) = session([rule])
        let first = try session.insert(type: 1, fields: [Self.n(0), Self.n(10)])
        let second = try session.insert(type: 1, fields: [Self.n(0), Self.n(20)])
        try session.fire()
        let third = try session.insert(type: 1, fields: [Self.n(0), Self.n(5)])
        try session.fire()
        try session.update(first, fields: [Self.n(0), Self.n(1)])
        try session.fire()
        try session.retract(second)
        try session.fire()
        try session.fire()
        #expect(recorder.seen == [
            "totals(_ <30,2,15,10,20,[\(first),\(second)]>)",
            "totals(_ <35,3,11.666666666666666666,5,20,[\(first),\(second),\(third)]>)",
            "totals(_ <26,3,8.666666666666666666,1,20,[\(second),\(third),\(first)]>)",
            "totals(_ <6,2,3,1,5,[\(third),\(first)]>)",
        ])
    }

    @Test("accumulate over nothing: count and sum are 0, min and max make no match")
    func accumulateEmpty() throws {
        let (session, recorder) = session([
            RuleDefinition(name: "count", conditions: [.accumulate(Accumulate(source: [.pattern(Pattern(type: 1))], functions: [
                AccumulateCall(.count), AccumulateCall(.sum, .field(position: 0, field: 1)),
                AccumulateCall(.average, .field(position: 0, field: 1)),
            ]))]),
            RuleDefinition(name: "min", conditions: [.accumulate(Accumulate(source: [.pattern(Pattern(type: 1))], functions: [
                AccumulateCall(.min, .field(position: 0, field: 1)),
            ]))]),
        ])
        try session.fire()
        #expect(recorder.seen == ["count(_ <0,0,0>)"])
        _ = try session.insert(type: 1, fields: [Self.n(0), Self.n(4)])
        try session.fire()
        #expect(recorder.seen.suffix(2) == ["count(_ <1,4,4>)", "min(_ <4>)"])
    }

    @Test("accumulate constraints gate the match on the result; per-token results join with earlier facts")
    func accumulatePerToken() throws {
        // A($a) accumulate(B(x == $a.x); sum(y); result > 1 (predicate 0)): one result per A.
        let rule = RuleDefinition(name: "per-a", conditions: [
            .pattern(Pattern(type: 0)),
            .accumulate(Accumulate(source: [.pattern(Pattern(type: 1, constraints: [Self.equal(0, 0, 0)]))],
                                   functions: [AccumulateCall(.sum, .field(position: 1, field: 1))], constraints: [.predicate(0)])),
        ])
        let (session, recorder) = session([rule])
        let one = try session.insert(type: 0, fields: [Self.n(1)])
        let two = try session.insert(type: 0, fields: [Self.n(2)])
        _ = try session.insert(type: 1, fields: [Self.n(1), Self.n(1)])
        #expect(session.pendingActivations.isEmpty)
        _ = try session.insert(type: 1, fields: [Self.n(2), Self.n(3)])
        _ = try session.insert(type: 1, fields: [Self.n(1), Self.n(4)])
        try session.fire()
        // The newer A first: an accumulate result adds no recency of its own.
        #expect(recorder.seen == ["per-a(\(two) _ <3>)", "per-a(\(one) _ <5>)"])
    }

    @Test("forall(A B(x == A.x)) flips with the facts, through nested negation")
    func forallTransitions() throws {
        let rule = RuleDefinition(name: "covered", conditions: [
            .notAll([.pattern(Pattern(type: 0)), .not([.pattern(Pattern(type: 1, constraints: [Self.equal(0, 0, 0)]))])]),
        ])
        let (session, recorder) = session([rule])
        #expect(session.pendingActivations.count == 1)
        let a = try session.insert(type: 0, fields: [Self.n(1)])
        #expect(session.pendingActivations.isEmpty)
        let b = try session.insert(type: 1, fields: [Self.n(1), Self.n(0)])
        #expect(session.pendingActivations.count == 1)
        try session.update(b, fields: [Self.n(2), Self.n(0)])
        #expect(session.pendingActivations.isEmpty)
        try session.retract(a)
        try session.fire()
        #expect(recorder.fired == ["covered"])
    }

    @Test("from: each element of the source passing the pattern's tests is a match; the facts' update re-evaluates it")
    func fromElements() throws {
        // A($a) Number(value > 1 (predicate 0)) from [x, x+1, x+2]
        let rule = RuleDefinition(name: "from", conditions: [
            .pattern(Pattern(type: 0)), .from(Pattern(type: -1, constraints: [.predicate(0)]), source: 0),
        ])
        let (session, recorder) = session([rule])
        let a = try session.insert(type: 0, fields: [Self.n(0)])
        try session.fire()
        #expect(recorder.seen == ["from(\(a) 2)"])
        try session.update(a, fields: [Self.n(5)])
        try session.fire()
        #expect(recorder.seen.suffix(3) == ["from(\(a) 7)", "from(\(a) 6)", "from(\(a) 5)"])
        #expect(session.history.allSatisfy { $0.facts == [a, nil] })
    }

    @Test("gas: a fact of a type no group reads costs the same with 10,000 facts in the groups' memories")
    func unrelatedFactsCostNothing() throws {
        let rules = [
            Self.unblocked,
            RuleDefinition(name: "sum", conditions: [.accumulate(Accumulate(source: [.pattern(Pattern(type: 1))], functions: [
                AccumulateCall(.sum, .field(position: 0, field: 1)),
            ]))]),
        ]
        let (empty, _) = session(rules)
        let before = empty.gasUsed
        _ = try empty.insert(type: 2, fields: [Self.n(-1)])
        let emptyCost = empty.gasUsed - before
        let (full, _) = session(rules)
        for value in 0..<10_000 { _ = try full.insert(type: 1, fields: [Self.n(Int64(value)), Self.n(1)]) }
        let start = full.gasUsed
        _ = try full.insert(type: 2, fields: [Self.n(-1)])
        #expect(full.gasUsed - start <= 2 * emptyCost)
    }

    @Test("gas: adding a fact to a one-pattern accumulate probes only that fact")
    func accumulateInsertIsIncremental() throws {
        let rule = RuleDefinition(name: "count", conditions: [.accumulate(Accumulate(source: [.pattern(Pattern(type: 1))], functions: [
            AccumulateCall(.count),
        ]))])
        let (session, _) = session([rule])
        for value in 0..<1_000 { _ = try session.insert(type: 1, fields: [Self.n(Int64(value)), Self.n(1)]) }
        let start = session.gasUsed
        _ = try session.insert(type: 1, fields: [Self.n(-1), Self.n(1)])
        // insert + alpha test + one probe + one accumulate step + activation; engine memory: the fact
        // (two fields), the result's two tokens and the activation.
        #expect(session.gasUsed - start == RuleGas.insert + RuleGas.alphaTest + RuleGas.joinProbe + RuleGas.accumulateStep + RuleGas.activation
            + RuleMemoryGas.fact(fields: 2) + 2 * RuleMemoryGas.token + RuleMemoryGas.activation)
    }

    @Test("the same operations give the same firings, values and gas")
    func deterministic() throws {
        func run() throws -> ([String], Int64) {
            let (session, recorder) = session([Self.unblocked, RuleDefinition(name: "sum", conditions: [
                .pattern(Pattern(type: 0)),
                .accumulate(Accumulate(source: [.pattern(Pattern(type: 1, constraints: [Self.equal(0, 0, 0)]))],
                                       functions: [AccumulateCall(.collectList, .fact(position: 1))])),
            ])])
            var handles: [FactHandle] = []
            for step in 0..<60 {
                handles.append(try session.insert(type: step % 3, fields: step % 3 == 1 ? [Self.n(Int64(step % 4)), Self.n(Int64(step % 5))] : [Self.n(Int64(step % 4))]))
                if step % 7 == 0 { try session.retract(handles[step / 2]) }
                if step % 11 == 0 { try session.fire() }
            }
            try session.fire()
            return (recorder.seen, session.gasUsed)
        }
        let first = try run()
        #expect(first.0.count > 10)
        #expect(try run() == first)
    }

    @Test("a fact that makes the token before an accumulate and is counted by it is counted once")
    func sameFactOutsideAndInside() throws {
        let rule = RuleDefinition(name: "count", conditions: [
            .pattern(Pattern(type: 1)),
            .accumulate(Accumulate(source: [.pattern(Pattern(type: 1))], functions: [AccumulateCall(.count)])),
        ])
        let (session, recorder) = session([rule])
        let first = try session.insert(type: 1, fields: [Self.n(0), Self.n(0)])
        let second = try session.insert(type: 1, fields: [Self.n(0), Self.n(0)])
        try session.fire()
        #expect(recorder.seen == ["count(\(second) _ <2>)", "count(\(first) _ <2>)"])
    }

    @Test("gas: equality tests inside a group look candidates up by key instead of scanning")
    func groupJoinsAreIndexed() throws {
        let (session, recorder) = session([Self.unblocked])
        for value in 0..<1_000 {
            _ = try session.insert(type: 1, fields: [Self.n(Int64(value)), Self.n(Int64(value))])
            _ = try session.insert(type: 2, fields: [Self.n(Int64(value))])
        }
        let start = session.gasUsed
        _ = try session.insert(type: 0, fields: [Self.n(5)])
        // insert 20, alpha test 1, the A join's probe 2, one B and one C candidate (2 each): the
        // pair B(5, 5) C(5) blocks the rule. Engine memory: the fact (one field) and its token.
        #expect(session.gasUsed - start == RuleGas.insert + RuleGas.alphaTest + 3 * RuleGas.joinProbe
            + RuleMemoryGas.fact(fields: 1) + RuleMemoryGas.token)
        #expect(session.pendingActivations.isEmpty)
        _ = try session.insert(type: 0, fields: [Self.n(5_000)])
        try session.fire()
        #expect(recorder.fired == ["unblocked"])
    }
}
