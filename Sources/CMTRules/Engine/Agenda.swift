/// A rule instance ready to fire: a rule and the facts its left-hand side matched.
public final class Activation {
    public let rule: Int
    /// The facts by pattern position (nil for `not` and `exists` positions).
    public let facts: [FactHandle?]
    let salience: Int
    /// The timestamp of the newest fact matched: newer activations fire first.
    let recency: Int
    /// Creation order, the last tie-break.
    let sequence: Int
    unowned let token: ReteToken
    var isLive = true
    /// Position in its agenda group's heap (-1 when not in one), for removal in O(log n).
    var heapIndex = -1
    let group: String

    init(rule: Int, facts: [FactHandle?], salience: Int, recency: Int, sequence: Int, token: ReteToken, group: String) {
        self.group = group
        self.rule = rule
        self.facts = facts
        self.salience = salience
        self.recency = recency
        self.sequence = sequence
        self.token = token
    }

    /// Conflict resolution: higher salience, then the newer match, then the rule declared first,
    /// then the activation made last. Total, so firing order never depends on anything else.
    func firesBefore(_ other: Activation) -> Bool {
        if salience != other.salience { return salience > other.salience }
        if recency != other.recency { return recency > other.recency }
        if rule != other.rule { return rule < other.rule }
        return sequence > other.sequence
    }
}

/// The activations of one agenda group, as a binary heap in firing order. A cancelled activation
/// leaves the heap at once (each knows its slot), so the heap holds only live ones.
struct AgendaGroup {
    private(set) var heap: [Activation] = []

    var isEmpty: Bool { heap.isEmpty }

    mutating func push(_ activation: Activation) {
        activation.heapIndex = heap.count
        heap.append(activation)
        siftUp(heap.count - 1)
    }

    /// The next activation, removed.
    mutating func pop() -> Activation? {
        guard let top = heap.first else { return nil }
        remove(top)
        return top
    }

    mutating func remove(_ activation: Activation) {
        let index = activation.heapIndex
        guard index >= 0, index < heap.count, heap[index] === activation else { return }
        let last = heap.count - 1
        if index != last {
            swap(index, last)
        }
        heap.removeLast()
        activation.heapIndex = -1
        if index < heap.count {
            siftDown(index)
            siftUp(index)
        }
    }

    private mutating func swap(_ a: Int, _ b: Int) {
        heap.swapAt(a, b)
        heap[a].heapIndex = a
        heap[b].heapIndex = b
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].firesBefore(heap[parent]) else { break }
            swap(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var best = parent
            if left < heap.count, heap[left].firesBefore(heap[best]) { best = left }
            if right < heap.count, heap[right].firesBefore(heap[best]) { best = right }
            if best == parent { return }
            swap(parent, best)
            parent = best
        }
    }

    /// Live activations in firing order (for listing).
    var ordered: [Activation] { heap.sorted { $0.firesBefore($1) } }
}

/// Agenda groups with a focus stack (MAIN at the bottom), as in Drools.
struct Agenda {
    var groups: [String: AgendaGroup] = [:]
    var focus: [String] = ["MAIN"]

    mutating func add(_ activation: Activation) {
        groups[activation.group, default: AgendaGroup()].push(activation)
    }

    /// Takes a cancelled activation off the agenda.
    mutating func cancel(_ activation: Activation) {
        activation.isLive = false
        groups[activation.group]?.remove(activation)
    }

    /// The next activation to fire: from the group in focus; an empty group loses the focus.
    mutating func next() -> Activation? {
        while let group = focus.last {
            if let activation = groups[group]?.pop() { return activation }
            if focus.count == 1 { return nil }
            focus.removeLast()
        }
        return nil
    }

    mutating func setFocus(_ group: String) {
        if focus.last != group { focus.append(group) }
    }

    var live: [Activation] {
        groups.keys.sorted().flatMap { groups[$0]?.ordered ?? [] }
    }
}
