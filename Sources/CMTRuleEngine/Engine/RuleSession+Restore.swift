import CMTBytecode
import CMTVM

/// A pending activation as a stored session keeps it: the rule, the facts it matched and its
/// sequence number (the last conflict-resolution tie-break).
///
/// Positions that hold no fact (an accumulate result, a `from` element) are nil in `facts`: their
/// handles are numbered by the live memories and differ in rebuilt ones. Their values, in position
/// order, are in `bound` (a list of facts as their handle ids), which tells apart the activations of
/// one match that differ only there (two elements of one `from` source).
public struct StoredActivation: Sendable, Hashable {
    public var rule: Int
    public var facts: [FactHandle?]
    public var bound: [ContractValue]
    public var sequence: Int
    public init(rule: Int, facts: [FactHandle?], bound: [ContractValue] = [], sequence: Int) {
        self.rule = rule
        self.facts = facts
        self.bound = bound
        self.sequence = sequence
    }
}

/// What one engine operation did to the agenda: activations that are new and still waiting (with
/// their final sequence numbers) and the sequence numbers of activations that left it.
public struct AgendaDelta: Sendable {
    public var added: [StoredActivation] = []
    public var removed: [Int] = []
}

/// The session's counters that a stored session keeps with its facts.
public struct SessionCounters: Sendable, Hashable {
    public var nextFact: Int
    public var clock: Int
    public var activationSequence: Int
    public init(nextFact: Int, clock: Int, activationSequence: Int) {
        self.nextFact = nextFact
        self.clock = clock
        self.activationSequence = activationSequence
    }
}

/// Rebuilding a session from what a stored session keeps (its facts with their handles and
/// timestamps, its pending activations, counters and focus stack), and recording what each
/// operation changes so that it can be stored.
///
/// The memories of a rebuilt session hold the same matches as the original's, but not always in
/// the same order (removal swaps elements), and the order in which one operation makes several
/// activations follows memory order. A recorded session therefore numbers the activations one
/// operation made in a canonical order (``canonicalizeAgenda()``: by rule, then by the facts
/// matched), so that what fires next never depends on whether the session was rebuilt.
extension RuleSession {
    /// Starts (or stops) recording agenda changes.
    public func recordAgendaChanges(_ on: Bool) { agenda.journal = on ? [] : nil }

    /// The counters, to store.
    public var counters: SessionCounters {
        SessionCounters(nextFact: nextFact, clock: clock, activationSequence: activationSequence)
    }

    /// The focus stack (MAIN first), to store.
    public var focusStack: [String] { agenda.focusNames }

    /// When the fact was last inserted or updated (its recency).
    public func timestamp(of handle: FactHandle) -> Int? { slot(of: handle).map { facts[Int($0)].timestamp } }

    /// The value the engine matched for field `slot` of a fact (at its last insert or update).
    public func matchedField(_ handle: FactHandle, _ field: Int) -> ContractValue? {
        guard let fact = slot(of: handle), field >= 0, field < Int(facts[Int(fact)].fieldCount) else { return nil }
        return values[fieldIDs[Int(fact) * stride + field]]
    }

    /// The fact as the engine matched it: its class and matched fields.
    public func matchedObject(_ handle: FactHandle) -> ContractValue? {
        guard let type = type(of: handle), let classIndex = UInt16(exactly: type), let fields = fields(of: handle) else { return nil }
        return .object(classIndex: classIndex, fields: fields)
    }

    /// Puts a stored fact back with its handle and timestamp and matches it (restore facts oldest
    /// first). The activations it makes are sorted out by ``restoreAgenda(_:focus:counters:)``.
    public func restore(handle: FactHandle, timestamp: Int, type: Int, fields: [ContractValue]) throws {
        guard type >= 0, type < network.ruleBase.types.count else { throw RuleError.unknownType(type) }
        let factType = network.ruleBase.types[type]
        guard fields.count == factType.fields.count else {
            throw RuleError.wrongFieldCount(type: factType.name, expected: factType.fields.count, found: fields.count)
        }
        guard handle.id > 0, slot(of: handle) == nil else { throw RuleError.unknownFact(handle) }
        while factByHandle.count <= handle.id { factByHandle.append(-1) }
        nextFact = max(nextFact, handle.id + 1)
        clock = timestamp
        propagate(makeFact(handle: handle.id, type: type, fields: fields))
    }

    /// After every fact is back: keeps exactly the stored activations (with their sequence
    /// numbers), restores the focus stack and the counters, and forgets the gas and history of
    /// the rebuilding. False when a stored activation matches no rule instance (the stored
    /// session does not belong to these rules).
    public func restoreAgenda(_ pending: [StoredActivation], focus: [String], counters: SessionCounters) -> Bool {
        // Activations with equal keys (equal elements of one `from` source) are interchangeable.
        var wanted: [ActivationKey: [Int]] = [:]
        for activation in pending.sorted(by: { $0.sequence > $1.sequence }) {
            wanted[ActivationKey(rule: activation.rule, facts: activation.facts, bound: activation.bound), default: []].append(activation.sequence)
        }
        var found = 0
        for id in agenda.slots.indices where agenda.slots[id].isLive {
            let slot = agenda.slots[id]
            let key = activationKey(slot)
            if let sequence = wanted[key]?.popLast() {
                agenda.resequence(Int32(id), to: sequence)
                found += 1
            } else {
                cancel(activation: Int32(id))
            }
        }
        agenda.restoreFocus(focus)
        while factByHandle.count < counters.nextFact { factByHandle.append(-1) }
        nextFact = counters.nextFact
        clock = counters.clock
        activationSequence = counters.activationSequence
        gas = 0
        return found == pending.count
    }

    /// Gives the activations made since the last call and still waiting canonical sequence numbers
    /// (the same numbers, reassigned by rule and then by the facts matched, so that the facts
    /// inserted last fire first), and reports what changed on the agenda.
    public func canonicalizeAgenda() -> AgendaDelta {
        guard let journal = agenda.journal else { return AgendaDelta() }
        agenda.journal = []
        var addedIDs: [Int32: Int] = [:]
        var removed: [Int] = []
        for change in journal {
            if change.added {
                addedIDs[change.id] = change.sequence
            } else if addedIDs[change.id] == change.sequence {
                addedIDs[change.id] = nil
            } else {
                removed.append(change.sequence)
            }
        }
        var made: [(id: Int32, key: ActivationKey, sequence: Int)] = []
        for (id, sequence) in addedIDs where agenda.slots[Int(id)].isLive && agenda.slots[Int(id)].sequence == sequence {
            let slot = agenda.slots[Int(id)]
            made.append((id, activationKey(slot), sequence))
        }
        let sequences = made.map(\.sequence).sorted()
        made.sort { $0.key != $1.key ? $0.key < $1.key : $0.sequence < $1.sequence }
        var delta = AgendaDelta(removed: removed.sorted())
        for (position, entry) in made.enumerated() {
            agenda.resequence(entry.id, to: sequences[position])
            delta.added.append(StoredActivation(rule: entry.key.rule, facts: entry.key.facts, bound: entry.key.bound,
                                                sequence: sequences[position]))
        }
        agenda.journal = []
        return delta
    }

    /// Every pending activation, to store a session for the first time.
    public var storedActivations: [StoredActivation] {
        agenda.slots.indices.compactMap { id in
            let slot = agenda.slots[id]
            guard slot.isLive else { return nil }
            let key = activationKey(slot)
            return StoredActivation(rule: key.rule, facts: key.facts, bound: key.bound, sequence: slot.sequence)
        }.sorted { $0.sequence < $1.sequence }
    }

    /// An activation's rule instance as storage names it: the facts by handle, positions holding no
    /// fact as nil with their values in `bound` (the live memories' numbering of those positions is
    /// their own).
    func activationKey(_ slot: ActivationSlot) -> ActivationKey { storedKey(rule: Int(slot.rule), token: slot.token) }

    /// The rule instance of a terminal token, as ``activationKey(_:)`` names it.
    func storedKey(rule: Int, token: Int32) -> ActivationKey {
        var facts = handles(of: token)
        var bound: [ContractValue] = []
        for (position, handle) in facts.enumerated() {
            guard let handle, handle.id < 0 else { continue }
            facts[position] = nil
            bound.append(boundValue(of: handle).map(Self.storedValue) ?? .null)
        }
        return ActivationKey(rule: rule, facts: facts, bound: bound)
    }

    /// A bound value as a plain value (facts as their handle ids).
    static func storedValue(_ bound: BoundValue) -> ContractValue {
        switch bound {
        case .value(let value): value
        case .facts(let handles): .array(handles.map { .number(Decimal18(Int64($0.id))) })
        case .tuple(let items): .array(items.map(storedValue))
        }
    }
}

/// A rule instance: the rule, the facts matched and the values bound at positions holding no fact.
/// Ordered by rule, then by the facts (a missing fact first, then by handle), then by the bound
/// values' encodings.
struct ActivationKey: Hashable, Comparable {
    var rule: Int
    var facts: [FactHandle?]
    var bound: [ContractValue] = []

    static func < (a: ActivationKey, b: ActivationKey) -> Bool {
        if a.rule != b.rule { return a.rule < b.rule }
        for (x, y) in zip(a.facts, b.facts) where x != y {
            return (x?.id ?? 0) < (y?.id ?? 0)
        }
        if a.facts.count != b.facts.count { return a.facts.count < b.facts.count }
        for (x, y) in zip(a.bound, b.bound) where x != y {
            return ValueCodec.encode(x).lexicographicallyPrecedes(ValueCodec.encode(y))
        }
        return a.bound.count < b.bound.count
    }
}
