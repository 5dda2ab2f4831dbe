import CMTVM

/// The values a session has seen, each interned once as a small integer, so that equality tests
/// and join keys compare and hash integers instead of ``ContractValue``s (strings, decimals).
/// Two values get the same ID exactly when they are `==`, so an equality test on IDs is the
/// equality test on values. IDs are never reused; the table lives as long as the session.
struct ValueTable {
    private(set) var values: [ContractValue] = []
    /// Each number's value (zero for the other kinds), so ordering tests on numbers compare
    /// `Int128`s instead of unboxing ``ContractValue``s.
    private(set) var numbers: [Int128] = []
    private(set) var isNumber: [Bool] = []
    private var ids: [ContractValue: Int32] = [:]

    /// The ID of `value`, interning it on first sight.
    mutating func intern(_ value: ContractValue) -> Int32 {
        if let id = ids[value] { return id }
        let id = Int32(values.count)
        values.append(value)
        if case .number(let number) = value {
            numbers.append(number.scaled)
            isNumber.append(true)
        } else {
            numbers.append(0)
            isNumber.append(false)
        }
        ids[value] = id
        return id
    }

    subscript(id: Int32) -> ContractValue { values[Int(id)] }
}

/// The values of the equality fields of a join, packed: up to four value IDs inline (a join with
/// more equalities folds the rest into one interned tuple ID, see `RuleSession.keyTuple`).
struct JoinKeyValue: Hashable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    @inline(__always) mutating func set(_ slot: Int, _ id: Int32) {
        let bits = UInt64(UInt32(bitPattern: id))
        switch slot {
        case 0: low |= bits
        case 1: low |= bits << 32
        case 2: high |= bits
        default: high |= bits << 32
        }
    }
}

/// A hash bucket of the session: the left tokens of a join or `not`/`exists` node with one key,
/// or the facts of an alpha memory with one key (`owner` is the node or the alpha index).
struct BucketKey: Hashable {
    var owner: Int32
    var key: JoinKeyValue
}
