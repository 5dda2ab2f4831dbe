/// A rule instance ready to fire, as a value for callers: a rule and the facts its left-hand side
/// matched. (The agenda itself keeps ``ActivationSlot``s.)
public final class Activation {
    public let rule: Int
    /// The facts by pattern position (nil for `not` and `exists` positions).
    public let facts: [FactHandle?]

    public init(rule: Int, facts: [FactHandle?]) {
        self.rule = rule
        self.facts = facts
    }
}

/// The activations, in an arena, with one binary heap per agenda group in firing order and a focus
/// stack (MAIN at the bottom), as in Drools. Removal is lazy: a cancelled activation is only
/// marked, its heap entry is dropped when it reaches the top or when the dead entries outnumber
/// the live ones (the heap is then rebuilt). Firing order depends only on the total order of the
/// keys, never on the heap's layout, so laziness cannot change it. (Manners 128 makes 1.65 million
/// activations and cancels nearly all: eager removal spent about 10% of the run sifting.)
struct Agenda {
    private(set) var slots: [ActivationSlot] = []
    private var free: [Int32] = []
    /// Each group's heap holds the conflict-resolution keys inline, so sifting reads one array.
    private var heaps: [[HeapEntry]] = [[]]
    private var dead: [Int] = [0]
    private(set) var groupNames: [String] = ["MAIN"]
    private var groupIDs: [String: Int32] = ["MAIN": 0]
    private var focus: [Int32] = [0]
    /// When set, every activation put on or taken off the agenda is recorded (stored sessions
    /// mirror their agenda in the contract's storage; see `RuleSession+Restore.swift`).
    var journal: [AgendaChange]?
    /// Groups whose activations are being fired (for `lock-on-active`), by group ID.
    private var active: [Bool] = [false]

    /// The ID of agenda group `name`, made on first use.
    mutating func group(_ name: String) -> Int32 {
        if let id = groupIDs[name] { return id }
        let id = Int32(groupNames.count)
        groupNames.append(name)
        groupIDs[name] = id
        heaps.append([])
        dead.append(0)
        active.append(false)
        return id
    }

    /// Whether group `id` is active: the agenda has fired one of its activations since it last
    /// got the focus, and it has not lost the focus since (nor has the `fire` call ended).
    func isActive(_ id: Int32) -> Bool { active[Int(id)] }

    mutating func markActive(_ id: Int32) { active[Int(id)] = true }

    mutating func deactivateAll() {
        for index in active.indices { active[index] = false }
    }

    /// Puts an activation on its group's heap; returns its ID.
    mutating func add(_ activation: ActivationSlot) -> Int32 {
        let id: Int32
        if let reused = free.popLast() {
            id = reused
            slots[Int(id)] = activation
        } else {
            id = Int32(slots.count)
            slots.append(activation)
        }
        let group = Int(activation.group)
        heaps[group].append(HeapEntry(activation, id))
        siftUp(group, heaps[group].count - 1)
        if journal != nil { journal?.append(AgendaChange(id: id, sequence: activation.sequence, added: true)) }
        return id
    }

    /// Takes an activation off the agenda (cancelled, or about to fire) and frees its slot.
    mutating func remove(_ id: Int32) {
        guard slots[Int(id)].isLive else { return }
        slots[Int(id)].isLive = false
        if journal != nil { journal?.append(AgendaChange(id: id, sequence: slots[Int(id)].sequence, added: false)) }
        free.append(id)
        let group = Int(slots[Int(id)].group)
        dead[group] += 1
        if dead[group] > 64, 2 * dead[group] > heaps[group].count { rebuild(group) }
    }

    @inline(__always) private func isLive(_ entry: HeapEntry) -> Bool {
        let slot = slots[Int(entry.id)]
        return slot.isLive && slot.sequence == entry.sequence
    }

    /// The next activation to fire (still on the agenda): from the group in focus; an empty group
    /// loses the focus.
    mutating func next() -> Int32? {
        while let group = focus.last {
            while let top = heaps[Int(group)].first {
                if isLive(top) { return top.id }
                popTop(Int(group))
                dead[Int(group)] -= 1
            }
            if focus.count == 1 { return nil }
            active[Int(group)] = false
            focus.removeLast()
        }
        return nil
    }

    mutating func setFocus(_ name: String) { setFocus(id: group(name)) }

    /// Puts group `id` on top of the focus stack, unless it is there already.
    mutating func setFocus(id: Int32) {
        if focus.last != id { focus.append(id) }
    }

    /// The focus stack by group name, bottom (MAIN) first.
    var focusNames: [String] { focus.map { groupNames[Int($0)] } }

    /// Replaces the focus stack (MAIN stays at the bottom).
    mutating func restoreFocus(_ names: [String]) {
        focus = [0]
        for name in names.dropFirst() { focus.append(group(name)) }
    }

    /// Gives live activation `id` another sequence number: a new heap entry replaces the old one,
    /// which no longer matches the slot and is dropped like a cancelled one.
    mutating func resequence(_ id: Int32, to sequence: Int) {
        guard slots[Int(id)].isLive, slots[Int(id)].sequence != sequence else { return }
        slots[Int(id)].sequence = sequence
        let group = Int(slots[Int(id)].group)
        dead[group] += 1
        heaps[group].append(HeapEntry(slots[Int(id)], id))
        siftUp(group, heaps[group].count - 1)
    }

    /// Live activations: groups by name, each in firing order.
    var live: [Int32] {
        groupNames.indices.sorted { groupNames[$0] < groupNames[$1] }.flatMap { group in
            heaps[group].filter(isLive).sorted { $0.firesBefore($1) }.map(\.id)
        }
    }

    private mutating func popTop(_ group: Int) {
        let last = heaps[group].count - 1
        heaps[group].swapAt(0, last)
        heaps[group].removeLast()
        if !heaps[group].isEmpty { siftDown(group, 0) }
    }

    /// Drops the dead entries of a group and restores the heap order.
    private mutating func rebuild(_ group: Int) {
        heaps[group] = heaps[group].filter(isLive)
        dead[group] = 0
        var index = heaps[group].count / 2
        while index > 0 {
            index -= 1
            siftDown(group, index)
        }
    }

    private mutating func siftUp(_ group: Int, _ start: Int) {
        var child = start
        let entry = heaps[group][child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard entry.firesBefore(heaps[group][parent]) else { break }
            heaps[group][child] = heaps[group][parent]
            child = parent
        }
        heaps[group][child] = entry
    }

    private mutating func siftDown(_ group: Int, _ start: Int) {
        var parent = start
        let count = heaps[group].count
        let entry = heaps[group][parent]
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            let right = left + 1
            let best = right < count && heaps[group][right].firesBefore(heaps[group][left]) ? right : left
            guard heaps[group][best].firesBefore(entry) else { break }
            heaps[group][parent] = heaps[group][best]
            parent = best
        }
        heaps[group][parent] = entry
    }
}

/// An activation put on (`added`) or taken off the agenda, with the sequence number it had.
struct AgendaChange {
    var id: Int32
    var sequence: Int
    var added: Bool
}

/// An activation's place in a heap: its conflict-resolution key and its ID.
struct HeapEntry {
    var salience: Int
    var recency: Int
    var sequence: Int
    var rule: Int32
    var id: Int32

    init(_ activation: ActivationSlot, _ id: Int32) {
        salience = activation.salience
        recency = activation.recency
        sequence = activation.sequence
        rule = activation.rule
        self.id = id
    }

    /// Conflict resolution: higher salience, then the newer match, then the rule declared first,
    /// then the activation made last. Total, so firing order never depends on anything else.
    @inline(__always) func firesBefore(_ other: HeapEntry) -> Bool {
        if salience != other.salience { return salience > other.salience }
        if recency != other.recency { return recency > other.recency }
        if rule != other.rule { return rule < other.rule }
        return sequence > other.sequence
    }
}
