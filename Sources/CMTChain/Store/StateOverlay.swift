/// The state one block works on: the committed state (a ``StateBacking``) with the block's own
/// writes on top, journaled so that a transaction or a call can be undone.
///
/// Reads see the block's writes first. ``snapshot()`` names a journal position and
/// ``rollback(to:)`` undoes every write made since, as the VM's Host protocol requires. Walks in key
/// order (``next(from:prefix:)``) merge the block's writes with the committed keys, skipping keys the
/// block deleted. At the end of the block ``changes`` lists the net writes in key order: what the
/// store writes in its SQL transaction and the state tree commits into the app hash.
///
/// A failing backing read does not throw into execution: it sets ``fault`` (sticky), the read
/// answers nil, and the executor, seeing the fault, abandons the block.
public final class StateOverlay {
    /// A write of the block: a value, or a deletion.
    enum Pending: Equatable {
        case value([UInt8])
        case deleted
    }

    private let backing: any StateBacking
    private var pending: [[UInt8]: Pending] = [:]
    private var journal: [(key: [UInt8], previous: Pending?)] = []
    private var partitions: [[UInt8]: KeyPartition] = [:]
    /// Keys written since the partitions were last brought up to date: only walks need the
    /// partitions, so a write just notes its key (most blocks never walk).
    private var unpartitioned: [[UInt8]] = []

    /// The first failure of the backing store, if any.
    public private(set) var fault: ChainStoreError?

    public init(backing: any StateBacking) {
        self.backing = backing
    }

    /// The value of `key` as this block sees it.
    public func value(of key: [UInt8]) -> [UInt8]? {
        switch pending[key] {
        case .value(let value): return value
        case .deleted: return nil
        case nil: return readBacking { () throws(ChainStoreError) -> [UInt8]? in try backing.value(of: key) }
        }
    }

    /// Sets `key` to `value`.
    public func put(_ key: [UInt8], _ value: [UInt8]) { write(key, .value(value)) }

    /// Deletes `key` (deleting an absent key is a no-op in the result, but is journaled).
    public func delete(_ key: [UInt8]) { write(key, .deleted) }

    /// The pair with the smallest key that starts with `prefix` and is not below `from`, as this
    /// block sees the state.
    public func next(from: [UInt8], prefix: [UInt8]) -> (key: [UInt8], value: [UInt8])? {
        var cursor = SortedKeys.later(from, prefix)
        while true {
            let committed: (key: [UInt8], value: [UInt8])? = readBacking { () throws(ChainStoreError) in
                try backing.next(from: cursor, prefix: prefix)
            }
            let written = firstPendingKey(notBelow: cursor, prefix: prefix)
            switch (committed, written) {
            case (nil, nil):
                return nil
            case (let committed?, nil):
                return committed
            case (let committed?, let written?) where committed.key.lexicographicallyPrecedes(written):
                return committed
            case (_, let written?):
                switch pending[written] {
                case .value(let value): return (written, value)
                case .deleted, nil: cursor = written + [0]
                }
            }
        }
    }

    /// Records a failure found above the store (a stored record that does not decode): the block
    /// stops as for a failing read. The first fault stays.
    public func recordFault(_ error: ChainStoreError) {
        if fault == nil { fault = error }
    }

    /// A journal position for ``rollback(to:)``.
    public func snapshot() -> Int { journal.count }

    /// Undoes every write made since `snapshot`.
    public func rollback(to snapshot: Int) {
        guard snapshot >= 0 else { return }
        while journal.count > snapshot, let (key, previous) = journal.popLast() {
            pending[key] = previous
        }
    }

    /// The block's net writes in key order: a value to store, or nil to delete.
    public var changes: [(key: [UInt8], value: [UInt8]?)] {
        pending.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            if case .value(let value) = pending[key] { (key, value) } else { (key, nil) }
        }
    }

    /// The block's net writes for the state tree.
    public var writeSet: WriteSet {
        var set = WriteSet()
        for (key, value) in changes {
            if let value { set.put(key, value) } else { set.delete(key) }
        }
        return set
    }

    /// How many keys the block has written (including writes since undone to their old value).
    public var writtenKeyCount: Int { pending.count }

    private func write(_ key: [UInt8], _ entry: Pending) {
        journal.append((key, pending[key]))
        pending[key] = entry
        unpartitioned.append(key)
    }

    private func readBacking<T>(_ read: () throws(ChainStoreError) -> T?) -> T? {
        guard fault == nil else { return nil }
        do {
            return try read()
        } catch {
            if fault == nil { fault = error }
            return nil
        }
    }

    /// The smallest key with `prefix`, not below `cursor`, that the block has written (including
    /// deletions), among the partitions that can hold such keys.
    private func firstPendingKey(notBelow cursor: [UInt8], prefix: [UInt8]) -> [UInt8]? {
        for key in unpartitioned { partitions[KeyPartition.name(of: key), default: KeyPartition()].add(key) }
        unpartitioned.removeAll(keepingCapacity: true)
        var best: [UInt8]?
        for name in KeyPartition.names(for: prefix, among: partitions.keys) {
            guard let found = partitions[name]?.first(notBelow: cursor, prefix: prefix, where: { pending[$0] != nil }) else {
                continue
            }
            if let current = best, !found.lexicographicallyPrecedes(current) { continue }
            best = found
        }
        return best
    }
}

/// The keys a block wrote within one namespace partition (one contract's storage, or one tag's
/// keys), kept sorted lazily so that walks cost a binary search instead of a scan.
struct KeyPartition {
    private var sorted: [[UInt8]] = []
    private var unsorted: [[UInt8]] = []
    private var members: Set<[UInt8]> = []

    /// Bytes naming a key's partition: tag and contract for storage keys, the tag otherwise.
    static func name(of key: [UInt8]) -> [UInt8] {
        let width = key.first == StateKey.Tag.storage.rawValue ? 1 + 20 : 1
        return Array(key.prefix(width))
    }

    /// The partitions that may hold keys starting with `prefix`, in byte order (deterministic).
    static func names(for prefix: [UInt8], among all: some Collection<[UInt8]>) -> [[UInt8]] {
        let exact = name(of: prefix)
        if exact.count == (prefix.first == StateKey.Tag.storage.rawValue ? 21 : 1), prefix.count >= exact.count {
            return all.contains(exact) ? [exact] : []
        }
        return all.filter { $0.starts(with: prefix) || prefix.starts(with: $0) }
            .sorted { $0.lexicographicallyPrecedes($1) }
    }

    mutating func add(_ key: [UInt8]) {
        if members.insert(key).inserted { unsorted.append(key) }
    }

    /// The first member not below `cursor` that starts with `prefix` and satisfies `live`.
    mutating func first(notBelow cursor: [UInt8], prefix: [UInt8], where live: ([UInt8]) -> Bool) -> [UInt8]? {
        if !unsorted.isEmpty {
            sorted = merge(sorted, unsorted.sorted { $0.lexicographicallyPrecedes($1) })
            unsorted.removeAll(keepingCapacity: true)
        }
        var index = SortedKeys.firstIndex(notBelow: cursor, in: sorted)
        while index < sorted.count, sorted[index].starts(with: prefix) {
            if live(sorted[index]) { return sorted[index] }
            index += 1
        }
        return nil
    }

    private func merge(_ left: [[UInt8]], _ right: [[UInt8]]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        out.reserveCapacity(left.count + right.count)
        var i = 0
        var j = 0
        while i < left.count, j < right.count {
            if left[i].lexicographicallyPrecedes(right[j]) {
                out.append(left[i]); i += 1
            } else {
                out.append(right[j]); j += 1
            }
        }
        out += left[i...]
        out += right[j...]
        return out
    }
}
