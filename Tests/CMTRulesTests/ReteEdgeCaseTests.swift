import CMTBytecode
import CMTRuleEngine
import CMTRules
import CMTVM
import Testing

/// Edge cases of the arena engine: working-memory changes made by consequences, `not`/`exists`
/// flipping many times (token slots are reused), activations cancelled before they fire, and
/// determinism of firings and gas.
@Suite struct ReteEdgeCaseTests {
    typealias Recorder = ReteTests.Recorder
    static let types = ReteTests.types
    static func a(_ constraints: [Constraint] = []) -> Pattern { ReteTests.a(constraints) }
    static func b(_ constraints: [Constraint] = []) -> Pattern { ReteTests.b(constraints) }
    static func n(_ value: Int64) -> ContractValue { ReteTests.n(value) }
    static let sameX = Constraint.compare(field: 0, .equal, .factField(pattern: 0, field: 0))

    func session(_ rules: [RuleDefinition]) -> (RuleSession, Recorder) {
        let recorder = Recorder(rules)
        return (RuleSession(ruleBase: RuleBase(types: Self.types, rules: rules), callbacks: recorder), recorder)
    }

    @Test("a consequence that retracts a fact cancels the other activations on it")
    func retractDuringFiring() throws {
        let (session, recorder) = session([
            RuleDefinition(name: "take", salience: 1, conditions: [.pattern(Self.a()), .pattern(Self.b([Self.sameX]))]),
            RuleDefinition(name: "pair", conditions: [.pattern(Self.a()), .pattern(Self.b([Self.sameX]))]),
        ])
        recorder.actions["take"] = { session, facts in
            if let b = facts[1] { try session.retract(b) }
        }
        _ = try session.insert(type: 0, fields: [Self.n(1)])
        _ = try session.insert(type: 1, fields: [Self.n(1)])
        _ = try session.insert(type: 1, fields: [Self.n(2)])
        #expect(session.pendingActivations.map(\.rule) == ["take", "pair"])
        try session.fire()
        #expect(recorder.fired == ["take"])
        #expect(session.pendingActivations.isEmpty)
        #expect(session.whyNot(rule: "pair") == "condition 2 of 'pair': no B fact joins with the facts matched before it")
    }

    @Test("a rule that updates its own fact fires again on the new version until its test fails")
    func updateInsideOwnConsequence() throws {
        let (session, recorder) = session([
            RuleDefinition(name: "count", conditions: [.pattern(Self.a([.compare(field: 0, .less, .constant(Self.n(5)))]))]),
        ])
        recorder.actions["count"] = { session, facts in
            guard let handle = facts[0], case .number(let value)? = session.fields(of: handle)?.first else { return }
            try session.update(handle, fields: [.number(value.adding(.one) ?? value)])
        }
        let handle = try session.insert(type: 0, fields: [Self.n(0)])
        try session.fire()
        #expect(recorder.fired.count == 5)
        #expect(session.fields(of: handle) == [Self.n(5)])
        #expect(Set(session.history.map(\.facts)) == [[handle]])
    }

    @Test("not and exists flip many times and end where a fresh session starts")
    func notExistsFlipFlops() throws {
        let rules = [
            RuleDefinition(name: "lonely", conditions: [.pattern(Self.a()), .not(Self.b([Self.sameX]))]),
            RuleDefinition(name: "paired", conditions: [.pattern(Self.a()), .exists(Self.b([Self.sameX])), .not(Self.b([Self.sameX]))]),
            RuleDefinition(name: "any-b", conditions: [.exists(Self.b())]),
        ]
        let (session, _) = session(rules)
        for value in 0..<4 { _ = try session.insert(type: 0, fields: [Self.n(Int64(value))]) }
        for round in 0..<200 {
            let value = Self.n(Int64(round % 4))
            let first = try session.insert(type: 1, fields: [value])
            let second = try session.insert(type: 1, fields: [value])
            #expect(session.pendingActivations.count == 4)
            try session.retract(first)
            try session.update(second, fields: [Self.n(99)])
            try session.retract(second)
            #expect(session.pendingActivations.map(\.rule) == ["lonely", "lonely", "lonely", "lonely"])
        }
        let (fresh, _) = self.session(rules)
        for value in 0..<4 { _ = try fresh.insert(type: 0, fields: [Self.n(Int64(value))]) }
        #expect(session.pendingActivations.map(\.rule) == fresh.pendingActivations.map(\.rule))
        #expect(session.pendingActivations.map(\.facts) == fresh.pendingActivations.map(\.facts))
        #expect(session.whyNot(rule: "any-b") == "condition 1 of 'any-b': no B fact exists")
    }

    @Test("an activation cancelled before firing never fires, and its slot is reused safely")
    func cancelledBeforeFiring() throws {
        let (session, recorder) = session([
            RuleDefinition(name: "seen", conditions: [.pattern(Self.a())]),
        ])
        var handles: [FactHandle] = []
        for value in 0..<50 { handles.append(try session.insert(type: 0, fields: [Self.n(Int64(value))])) }
        for handle in handles where handle.id % 2 == 0 { try session.retract(handle) }
        for value in 50..<60 { _ = try session.insert(type: 0, fields: [Self.n(Int64(value))]) }
        try session.fire()
        #expect(recorder.fired.count == 35)
        let firedOn = session.history.compactMap { $0.facts.first ?? nil }
        #expect(firedOn.allSatisfy { $0.id % 2 == 1 || $0.id > 50 })
        #expect(firedOn == firedOn.sorted(by: >))
        #expect(throws: RuleError.unknownFact(handles[1])) { try session.retract(handles[1]) }
    }

    @Test("a 'not' over the memory its own rule's join reads follows inserts and retractions")
    func sharedMemoryJoinThenNot() throws {
        let rules = [
            RuleDefinition(name: "no-bigger", conditions: [
                .pattern(Self.a()),
                .not(Self.a([.compare(field: 0, .greater, .factField(pattern: 0, field: 0))])),
            ]),
        ]
        let (session, _) = session(rules)
        let one = try session.insert(type: 0, fields: [Self.n(1)])
        #expect(session.pendingActivations.map(\.facts) == [[one, nil]])
        let two = try session.insert(type: 0, fields: [Self.n(2)])
        #expect(session.pendingActivations.map(\.facts) == [[two, nil]])
        try session.retract(two)
        #expect(session.pendingActivations.map(\.facts) == [[one, nil]])
    }

    @Test("the same operations give the same firings and the same gas")
    func deterministic() throws {
        func run() throws -> ([Firing], Int64) {
            let (session, recorder) = session([
                RuleDefinition(name: "pair", conditions: [.pattern(Self.a()), .pattern(Self.b([Self.sameX]))]),
                RuleDefinition(name: "single", conditions: [.pattern(Self.a()), .not(Self.b([Self.sameX]))]),
            ])
            recorder.actions["pair"] = { session, facts in
                if let b = facts[1] { try session.retract(b) }
            }
            for value in 0..<30 {
                _ = try session.insert(type: 0, fields: [Self.n(Int64(value % 7))])
                _ = try session.insert(type: 1, fields: [Self.n(Int64(value % 5))])
            }
            try session.fire()
            return (session.history, session.gasUsed)
        }
        let first = try run()
        let second = try run()
        #expect(first.0 == second.0)
        #expect(first.1 == second.1)
        #expect(!first.0.isEmpty)
    }

    @Test("ordering tests compare numbers by value and strings by their bytes, across patterns")
    func orderingAcrossPatterns() throws {
        let greater = Constraint.compare(field: 0, .greater, .factField(pattern: 0, field: 0))
        let (session, recorder) = session([
            RuleDefinition(name: "bigger", conditions: [.pattern(Self.a()), .pattern(Self.b([greater]))]),
        ])
        _ = try session.insert(type: 0, fields: [Self.n(10)])
        _ = try session.insert(type: 0, fields: [.string("apple")])
        _ = try session.insert(type: 1, fields: [Self.n(9)])
        _ = try session.insert(type: 1, fields: [Self.n(11)])
        _ = try session.insert(type: 1, fields: [.string("banana")])
        _ = try session.insert(type: 1, fields: [.string("Apple")])
        _ = try session.insert(type: 1, fields: [.boolean(true)])
        try session.fire()
        #expect(recorder.fired.count == 2)
        #expect(Set(session.history.map(\.facts)) == [[FactHandle(1), FactHandle(4)], [FactHandle(2), FactHandle(5)]])
    }

    @Test("a join on five equal fields (more than a packed key holds) pairs exactly the equal facts")
    func wideJoinKey() throws {
        let fields = ["a", "b", "c", "d", "e"]
        let types = [FactLayout(name: "P", fields: fields), FactLayout(name: "Q", fields: fields)]
        let same = (0..<5).map { Constraint.compare(field: $0, .equal, .factField(pattern: 0, field: $0)) }
        let rules = [RuleDefinition(name: "same", conditions: [.pattern(Pattern(type: 0)), .pattern(Pattern(type: 1, constraints: same))])]
        let recorder = Recorder(rules)
        let session = RuleSession(ruleBase: RuleBase(types: types, rules: rules), callbacks: recorder)
        func row(_ last: Int64) -> [ContractValue] { [Self.n(1), Self.n(2), Self.n(3), .string("x"), Self.n(last)] }
        let p = try session.insert(type: 0, fields: row(5))
        _ = try session.insert(type: 1, fields: row(6))
        let q = try session.insert(type: 1, fields: row(5))
        _ = try session.insert(type: 0, fields: row(7))
        #expect(session.pendingActivations.map(\.facts) == [[p, q]])
        // Probes: each P joins the root token (2), and only the one equal Q meets P(5): the index
        // keeps all five fields, so the unequal facts are never probed. Engine memory (schedule
        // version 3): four facts of five fields, five tokens (the root's included) and the activation.
        #expect(session.gasUsed == 4 * RuleGas.insert + 4 * RuleGas.alphaTest + 3 * RuleGas.joinProbe + RuleGas.activation
            + 4 * RuleMemoryGas.fact(fields: 5) + 5 * RuleMemoryGas.token + RuleMemoryGas.activation)
    }
}
