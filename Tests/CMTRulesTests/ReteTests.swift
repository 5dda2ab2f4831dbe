import CMTBytecode
import CMTRuleEngine
import CMTRules
import CMTVM
import Foundation
import RuleBenchmarks
import Testing

/// The Rete engine on Miss Manners (firing counts pinned by CLIPS, a valid seating) and on small
/// rule bases for each node kind and for conflict resolution.
@Suite struct ReteTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/bench/rules/data")

    static func manners(_ name: String) throws -> (Manners, RuleSession, [String: Int]) {
        let manners = Manners()
        let session = RuleSession(ruleBase: RuleBase(types: Manners.types, rules: Manners.rules), callbacks: manners)
        let text = try String(contentsOf: data.appendingPathComponent(name + ".fct"), encoding: .utf8)
        try Manners.load(text, into: session)
        try session.fire()
        var counts: [String: Int] = [:]
        for firing in session.history { counts[firing.rule, default: 0] += 1 }
        return (manners, session, counts)
    }

    /// Adjacent guests alternate sex and share a hobby (check_manners.py's rule).
    static func validSeating(_ seats: [(name: String, seat: Int)], data name: String) throws -> Bool {
        let text = try String(contentsOf: data.appendingPathComponent(name + ".fct"), encoding: .utf8)
        var sex: [String: String] = [:]
        var hobbies: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("(guest") {
            let words = line.split(whereSeparator: { "() ".contains($0) }).map(String.init)
            sex[words[2]] = words[4]
            hobbies[words[2], default: []].insert(words[6])
        }
        let ordered = seats.sorted { $0.seat < $1.seat }.map(\.name)
        guard Set(ordered).count == ordered.count, ordered.count == sex.count else { return false }
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            guard sex[a] != sex[b], !(hobbies[a] ?? []).isDisjoint(with: hobbies[b] ?? []) else { return false }
        }
        return true
    }

    @Test("Miss Manners fires exactly as CLIPS does and finds a valid seating", arguments: [("manners16", 183), ("manners32", 623)])
    func missManners(_ name: String, _ firings: Int) throws {
        let (manners, session, counts) = try Self.manners(name)
        #expect(session.history.count == firings)
        #expect(counts["assign_first_seat"] == 1 && counts["all_done"] == 1 && counts["are_we_done"] == 1)
        #expect(try Self.validSeating(manners.seats, data: name))
        #expect(session.gasUsed == (name == "manners16" ? 278_068 : 2_070_915))
    }

    /// FNV-1a of the firing trace ("rule f-1 - f-3" lines), to pin a whole run's order.
    static func traceHash(_ session: RuleSession) -> UInt64 {
        let text = session.history.map { firing in
            ([firing.rule] + firing.facts.map { $0.map(\.description) ?? "-" }).joined(separator: " ")
        }.joined(separator: "\n")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The hashes and gas were recorded with the object-graph engine this one replaced: the arena
    /// engine must fire the same rules on the same facts in the same order and charge the same gas.
    /// Waltz's gas fell from 2,105,280 when `not`/`exists` nodes began to stop at the first matching
    /// fact instead of counting them all (fewer join probes; the same firings in the same order).
    /// Gas schedule version 3 (issue 10) repriced inserts, activations and firings and added engine
    /// memory: manners 16 went from 42,639 to 278,068 and waltz 12 from 665,136 to 2,676,266.
    @Test("the arena engine fires and charges exactly as the object-graph engine did")
    func sameTraceAndGas() throws {
        let (_, manners, _) = try Self.manners("manners16")
        #expect(Self.traceHash(manners) == 0xbf51_0e60_66f0_cabb)
        #expect(manners.gasUsed == 278_068)
        let (_, waltz, _) = try Self.waltz("waltz12")
        #expect(waltz.history.count == 3_576)
        #expect(Self.traceHash(waltz) == 0xe56a_f5f5_116b_f180)
        #expect(waltz.gasUsed == 2_676_266)
    }

    static func waltz(_ name: String) throws -> (Waltz, RuleSession, [String: Int]) {
        let waltz = Waltz()
        let session = RuleSession(ruleBase: RuleBase(types: Waltz.types, rules: Waltz.rules), callbacks: waltz)
        let text = try String(contentsOf: data.appendingPathComponent(name + ".fct"), encoding: .utf8)
        try Waltz.load(text, into: session)
        try session.fire()
        var counts: [String: Int] = [:]
        for firing in session.history { counts[firing.rule, default: 0] += 1 }
        return (waltz, session, counts)
    }

    @Test("Waltz 12 fires exactly as CLIPS does and plots every edge once")
    func waltz12() throws {
        let (waltz, session, counts) = try Self.waltz("waltz12")
        #expect(session.history.count == 3_576)
        #expect(counts["reverse_edges"] == 984 && counts["make-3_junction"] == 408 && counts["make_L"] == 372)
        #expect(counts["match_edge"] == 489 && counts["label_tee_A"] == 200 && counts["plot_boundaries"] == 844)
        #expect(waltz.edgesPlotted == 2 * 984)
        #expect(session.handles(ofType: Waltz.T.edge.rawValue).count == 2 * 984)
    }

    /// Two fact types and a callback that records firings and can insert, update or retract.
    final class Recorder: RuleCallbacks {
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
    }

    static let types = [FactLayout(name: "A", fields: ["x"]), FactLayout(name: "B", fields: ["x"])]
    static func a(_ constraints: [Constraint] = []) -> Pattern { Pattern(type: 0, constraints: constraints) }
    static func b(_ constraints: [Constraint] = []) -> Pattern { Pattern(type: 1, constraints: constraints) }
    static func n(_ value: Int64) -> ContractValue { .number(Decimal18(value)) }

    func session(_ rules: [RuleDefinition]) -> (RuleSession, Recorder) {
        let recorder = Recorder(rules)
        return (RuleSession(ruleBase: RuleBase(types: Self.types, rules: rules), callbacks: recorder), recorder)
    }

    @Test("salience first, then the newest match, then declaration order")
    func conflictResolution() throws {
        let (session, recorder) = session([
            RuleDefinition(name: "low", conditions: [.pattern(Self.a())]),
            RuleDefinition(name: "high", salience: 10, conditions: [.pattern(Self.a())]),
            RuleDefinition(name: "also-low", conditions: [.pattern(Self.a())]),
        ])
        _ = try session.insert(type: 0, fields: [Self.n(1)])
        _ = try session.insert(type: 0, fields: [Self.n(2)])
        try session.fire()
        #expect(recorder.fired == ["high", "high", "low", "also-low", "low", "also-low"])
        #expect(session.history[2].facts == [FactHandle(2)])
    }

    @Test("not reacts to insertion and retraction; exists fires once however many facts match")
    func notAndExists() throws {
        let (session, recorder) = session([
            RuleDefinition(name: "no-b", conditions: [.pattern(Self.a()), .not(Self.b([.compare(field: 0, .equal, .factField(pattern: 0, field: 0))]))]),
            RuleDefinition(name: "some-b", conditions: [.exists(Self.b())]),
        ])
        let a = try session.insert(type: 0, fields: [Self.n(1)])
        let b1 = try session.insert(type: 1, fields: [Self.n(1)])
        _ = try session.insert(type: 1, fields: [Self.n(2)])
        #expect(session.pendingActivations.map(\.rule) == ["some-b"])
        try session.retract(b1)
        #expect(session.pendingActivations.map(\.rule).sorted() == ["no-b", "some-b"])
        try session.fire()
        #expect(recorder.fired.sorted() == ["no-b", "some-b"])
        try session.retract(a)
        #expect(session.whyNot(rule: "no-b") == "condition 1 of 'no-b': no A fact passes its constant tests")
    }

    @Test("no-loop keeps a rule's own update from re-activating it")
    func noLoop() throws {
        let rules = [
            RuleDefinition(name: "bump", noLoop: true, conditions: [.pattern(Self.a([.compare(field: 0, .less, .constant(Self.n(10)))]))]),
        ]
        let (session, recorder) = session(rules)
        recorder.actions["bump"] = { session, facts in
            guard let handle = facts[0], case .number(let value)? = session.fields(of: handle)?.first else { return }
            try session.update(handle, fields: [.number(value.adding(.one) ?? value)])
        }
        _ = try session.insert(type: 0, fields: [Self.n(1)])
        try session.fire()
        #expect(recorder.fired == ["bump"])
    }

    @Test("an activation group lets one rule of the group fire")
    func activationGroup() throws {
        let (session, recorder) = session([
            RuleDefinition(name: "first", salience: 2, activationGroup: "g", conditions: [.pattern(Self.a())]),
            RuleDefinition(name: "second", salience: 1, activationGroup: "g", conditions: [.pattern(Self.a())]),
        ])
        _ = try session.insert(type: 0, fields: [Self.n(1)])
        try session.fire()
        #expect(recorder.fired == ["first"])
    }

    @Test("agenda groups fire only with the focus")
    func agendaGroups() throws {
        let (session, recorder) = session([
            RuleDefinition(name: "later", agendaGroup: "later", conditions: [.pattern(Self.a())]),
            RuleDefinition(name: "main", conditions: [.pattern(Self.a())]),
        ])
        _ = try session.insert(type: 0, fields: [Self.n(1)])
        try session.fire()
        #expect(recorder.fired == ["main"])
        session.setFocus("later")
        try session.fire()
        #expect(recorder.fired == ["main", "later"])
    }

    @Test("eval and predicate constraints go through the callbacks")
    func predicates() throws {
        let (session, recorder) = session([
            RuleDefinition(name: "big", conditions: [.pattern(Self.a()), .eval(5)]),
        ])
        _ = try session.insert(type: 0, fields: [Self.n(3)])
        _ = try session.insert(type: 0, fields: [Self.n(8)])
        try session.fire()
        #expect(recorder.fired == ["big"])
        #expect(session.history.first?.facts == [FactHandle(2)])
    }

    @Test("gas: a limit stops the session, and inserting into a big memory costs what the fact touches")
    func gas() throws {
        let rules = [RuleDefinition(name: "pair", conditions: [
            .pattern(Self.a([.compare(field: 0, .equal, .constant(Self.n(-1)))])),
            .pattern(Self.b([.compare(field: 0, .equal, .factField(pattern: 0, field: 0))])),
        ])]
        let (empty, _) = session(rules)
        let before = empty.gasUsed
        _ = try empty.insert(type: 0, fields: [Self.n(-1)])
        let emptyCost = empty.gasUsed - before
        let (full, _) = session(rules)
        for value in 0..<10_000 { _ = try full.insert(type: 1, fields: [Self.n(Int64(value))]) }
        let start = full.gasUsed
        _ = try full.insert(type: 0, fields: [Self.n(-1)])
        #expect(full.gasUsed - start <= 2 * emptyCost)
        let (limited, _) = session(rules)
        limited.gasLimit = 100
        #expect(throws: RuleError.outOfGas) {
            for value in 0..<100 { _ = try limited.insert(type: 1, fields: [Self.n(Int64(value))]) }
        }
    }
}
