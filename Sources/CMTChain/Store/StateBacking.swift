/// Committed chain state as a ``StateOverlay`` reads it: point reads and ordered walks over the
/// state of the last committed block. The SQLite store implements it; ``MemoryStateBacking`` is the
/// in-memory implementation for tests and tools.
public protocol StateBacking: AnyObject {
    /// The committed value of `key`, or nil.
    func value(of key: [UInt8]) throws(ChainStoreError) -> [UInt8]?
    /// The committed pair with the smallest key that starts with `prefix` and is not below `from`
    /// in byte order, or nil.
    func next(from: [UInt8], prefix: [UInt8]) throws(ChainStoreError) -> (key: [UInt8], value: [UInt8])?
}

/// Committed state held in memory: a dictionary for reads and a sorted key list for walks.
public final class MemoryStateBacking: StateBacking {
    private var values: [[UInt8]: [UInt8]] = [:]
    private var sortedKeys: [[UInt8]] = []

    public init() {}

    /// How many keys are held.
    public var count: Int { values.count }

    public func value(of key: [UInt8]) throws(ChainStoreError) -> [UInt8]? { values[key] }

    public func next(from: [UInt8], prefix: [UInt8]) throws(ChainStoreError) -> (key: [UInt8], value: [UInt8])? {
        let start = SortedKeys.later(from, prefix)
        let index = SortedKeys.firstIndex(notBelow: start, in: sortedKeys)
        guard index < sortedKeys.count, sortedKeys[index].starts(with: prefix), let value = values[sortedKeys[index]] else {
            return nil
        }
        return (sortedKeys[index], value)
    }

    /// Applies one block's changes (nil deletes), as a commit does. New keys are inserted into
    /// the sorted list by binary search (a block adds few keys to a large state); many at once
    /// re-sort it.
    public func apply(_ changes: [(key: [UInt8], value: [UInt8]?)]) {
        var added: [[UInt8]] = []
        var removed = false
        for (key, value) in changes {
            if let value {
                if values.updateValue(value, forKey: key) == nil { added.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                removed = true
            }
        }
        if removed || added.count > 64 {
            sortedKeys = values.keys.sorted { $0.lexicographicallyPrecedes($1) }
            return
        }
        for key in added { sortedKeys.insert(key, at: SortedKeys.firstIndex(notBelow: key, in: sortedKeys)) }
    }
}

/// Binary search over byte strings sorted in byte order.
enum SortedKeys {
    /// The later of two byte strings in byte order.
    static func later(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] { a.lexicographicallyPrecedes(b) ? b : a }

    /// The index of the first key not below `key` (the count when every key is below it).
    static func firstIndex(notBelow key: [UInt8], in keys: [[UInt8]]) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle].lexicographicallyPrecedes(key) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
