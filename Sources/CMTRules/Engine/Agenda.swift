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
/// stack (MAIN at the bottom), as in Drools. A cancelled activation leaves its heap at once (each
/// knows its slot), so the heaps hold only live ones.
struct Agenda {
    private(set) var slots: [ActivationSlot] = []
    private var free: [Int32] = []
    /// Each group's heap holds the conflict-resolution keys inline, so sifting reads one array.
    private var heaps: [[HeapEntry]] = [[]]
    private(set) var groupNames: [String] = ["MAIN"]
    private var groupIDs: [String: Int32] = ["MAIN": 0]
    private var focus: [Int32] = [0]

    /// The ID of agenda group `name`, made on first use.
    mutating func group(_ name: String) -> Int32 {
        if let id = groupIDs[name] { return id }
        let id = Int32(groupNames.count)
        groupNames.append(name)
        groupIDs[name] = id
        heaps.append([])
        return id
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
        slots[Int(id)].heapIndex = Int32(heaps[group].count)
        heaps[group].append(HeapEntry(activation, id))
        siftUp(group, heaps[group].count - 1)
        return id
    }

    /// Takes an activation off the agenda (cancelled, or about to fire) and frees its slot.
    mutating func remove(_ id: Int32) {
        let group = Int(slots[Int(id)].group)
        let index = Int(slots[Int(id)].heapIndex)
        guard index >= 0, index < heaps[group].count, heaps[group][index].id == id else { return }
        let last = heaps[group].count - 1
        if index != last { swapAt(group, index, last) }
        heaps[group].removeLast()
        slots[Int(id)].heapIndex = -1
        free.append(id)
        if index < heaps[group].count {
            siftDown(group, index)
            siftUp(group, index)
        }
    }

    /// The next activation to fire (still on the agenda): from the group in focus; an empty group
    /// loses the focus.
    mutating func next() -> Int32? {
        while let group = focus.last {
            if let top = heaps[Int(group)].first { return top.id }
            if focus.count == 1 { return nil }
            focus.removeLast()
        }
        return nil
    }

    mutating func setFocus(_ name: String) {
        let id = group(name)
        if focus.last != id { focus.append(id) }
    }

    /// Live activations: groups by name, each in firing order.
    var live: [Int32] {
        groupNames.indices.sorted { groupNames[$0] < groupNames[$1] }.flatMap { group in
            heaps[group].sorted { $0.firesBefore($1) }.map(\.id)
        }
    }

    private mutating func swapAt(_ group: Int, _ a: Int, _ b: Int) {
        heaps[group].swapAt(a, b)
        slots[Int(heaps[group][a].id)].heapIndex = Int32(a)
        slots[Int(heaps[group][b].id)].heapIndex = Int32(b)
    }

    private mutating func siftUp(_ group: Int, _ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heaps[group][child].firesBefore(heaps[group][parent]) else { break }
            swapAt(group, child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ group: Int, _ start: Int) {
        var parent = start
        let count = heaps[group].count
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var best = parent
            if left < count, heaps[group][left].firesBefore(heaps[group][best]) { best = left }
            if right < count, heaps[group][right].firesBefore(heaps[group][best]) { best = right }
            if best == parent { return }
            swapAt(group, parent, best)
            parent = best
        }
    }
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
