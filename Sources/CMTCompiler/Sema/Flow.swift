/// A set of small integers (variable indexes of one body) as a bit vector.
struct BitSet: Equatable {
    private var words: [UInt64] = []

    func contains(_ index: Int) -> Bool {
        let word = index >> 6
        return word < words.count && words[word] & (1 << UInt64(index & 63)) != 0
    }

    mutating func insert(_ index: Int) {
        let word = index >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(index & 63)
    }

    func intersection(_ other: BitSet) -> BitSet {
        var result = BitSet()
        let count = min(words.count, other.words.count)
        result.words = (0..<count).map { words[$0] & other.words[$0] }
        return result
    }
}

/// What the checker knows at one point of a body: whether it can be reached, which variables are
/// definitely assigned, and which optional variables are known not to be null.
struct Flow {
    var reachable = true
    var assigned = BitSet()
    var narrowed: [Int: TypeID] = [:]

    static let unreachable: Flow = {
        var flow = Flow()
        flow.reachable = false
        return flow
    }()

    /// The state where two paths meet.
    static func merge(_ a: Flow, _ b: Flow) -> Flow {
        if !a.reachable { return b }
        if !b.reachable { return a }
        var result = Flow()
        result.assigned = a.assigned.intersection(b.assigned)
        for (key, type) in a.narrowed where b.narrowed[key] == type {
            result.narrowed[key] = type
        }
        return result
    }

    func isAssigned(_ index: Int) -> Bool { !reachable || assigned.contains(index) }
}
