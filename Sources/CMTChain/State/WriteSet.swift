/// The writes of one block to the state tree: puts and deletes by key, the last write to a key
/// winning. Order does not matter: a commit applies them sorted by key hash.
public struct WriteSet: Sendable, Equatable {
    enum Write: Sendable, Equatable {
        case put([UInt8])
        case delete
    }

    private(set) var writes: [[UInt8]: Write] = [:]

    public init() {}

    /// Sets `key` to `value` (an empty value is a value, not a deletion).
    public mutating func put(_ key: [UInt8], _ value: [UInt8]) { writes[key] = .put(value) }

    /// Removes `key` (removing an absent key changes nothing).
    public mutating func delete(_ key: [UInt8]) { writes[key] = .delete }

    /// How many keys are written.
    public var count: Int { writes.count }

    public var isEmpty: Bool { writes.isEmpty }

    /// The writes as updates sorted by key hash (two keys never share a hash: SHA-256).
    func sortedUpdates() -> [TreeUpdate] {
        writes.map { key, write in
            let value: [UInt8]? = if case .put(let value) = write { value } else { nil }
            return TreeUpdate(keyHash: TreeHasher.keyHash(key), key: key, value: value)
        }.sorted { $0.keyHash < $1.keyHash }
    }
}

/// One key's write, by key hash: a value to put, or nil to delete.
struct TreeUpdate: Sendable {
    let keyHash: StateHash
    let key: [UInt8]
    let value: [UInt8]?
}
