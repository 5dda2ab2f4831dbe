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
    unowned let token: Token
    var isLive = true

    init(rule: Int, facts: [FactHandle?], salience: Int, recency: Int, sequence: Int, token: Token) {
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

/// The activations of one agenda group, as a binary heap in firing order (cancelled ones are
/// skipped when they reach the top).
struct AgendaGroup {
    private(set) var heap: [Activation] = []

    var isEmpty: Bool { heap.isEmpty }

    mutating func push(_ activation: Activation) {
        heap.append(activation)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].firesBefore(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The next live activation, removed.
    mutating func pop() -> Activation? {
        while !heap.isEmpty {
            let top = heap[0]
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                var parent = 0
                while true {
                    let left = 2 * parent + 1
                    let right = left + 1
                    var best = parent
                    if left < heap.count, heap[left].firesBefore(heap[best]) { best = left }
                    if right < heap.count, heap[right].firesBefore(heap[best]) { best = right }
                    if best == parent { break }
                    heap.swapAt(parent, best)
                    parent = best
                }
            }
            if top.isLive { return top }
        }
        return nil
    }

    /// Live activations in firing order (for listing).
    var ordered: [Activation] {
        heap.filter(\.isLive).sorted { $0.firesBefore($1) }
    }
}

/// Agenda groups with a focus stack (MAIN at the bottom), as in Drools.
struct Agenda {
    var groups: [String: AgendaGroup] = [:]
    var focus: [String] = ["MAIN"]

    mutating func add(_ activation: Activation, group: String) {
        groups[group, default: AgendaGroup()].push(activation)
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
