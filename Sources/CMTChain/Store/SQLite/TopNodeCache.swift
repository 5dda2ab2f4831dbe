import Synchronization

/// The live internal nodes of the state tree's top levels, decoded, in front of
/// ``SQLiteNodeStore`` (docs/chain.md, "The store"): every written path passes through them, so
/// without the cache every block reads them back from SQLite and decodes them again.
///
/// Holds at most one node per path of at most ``depth`` nibbles (1 + 16 + 256 + 4,096 paths for a
/// depth of 3, a few MiB), the one the latest committed version reaches. An entry is found only by
/// its whole ``NodeKey`` (version and path), and nodes are immutable once committed, so a hit is
/// always the stored node. Changes reach the cache only when the SQL transaction that wrote them
/// commits (``stage(_:)`` returns what ``apply(_:)`` applies then); a rolled-back block leaves it as
/// it was.
final class TopNodeCache: Sendable {
    /// The deepest path cached, in nibbles.
    let depth: Int
    private let entries = Mutex<[NibblePath: (key: NodeKey, node: InternalNode)]>([:])

    init(depth: Int = 3) {
        self.depth = depth
    }

    /// What one committed batch changes in the cache: the internal nodes it writes at cached
    /// depths, and the cached-depth nodes it makes stale.
    struct Change: Sendable {
        var written: [(key: NodeKey, node: InternalNode)] = []
        var stale: [NodeKey] = []

        var isEmpty: Bool { written.isEmpty && stale.isEmpty }
    }

    /// The node named `key`, when it is cached.
    func node(_ key: NodeKey) -> InternalNode? {
        guard key.path.count <= depth else { return nil }
        return entries.withLock { entries in
            guard let entry = entries[key.path], entry.key == key else { return nil }
            return entry.node
        }
    }

    /// The part of `batch` the cache keeps.
    func stage(_ batch: NodeBatch) -> Change {
        var change = Change()
        for key in batch.stale where key.path.count <= depth { change.stale.append(key) }
        for (key, node) in batch.nodes where key.path.count <= depth {
            if case .internal(let node) = node { change.written.append((key, node)) }
        }
        return change
    }

    /// Applies a committed change: stale nodes leave (a past version still reads them from the
    /// store), new ones enter.
    func apply(_ change: Change) {
        entries.withLock { entries in
            for key in change.stale where entries[key.path]?.key == key { entries[key.path] = nil }
            for (key, node) in change.written { entries[key.path] = (key, node) }
        }
    }

    /// How many nodes are cached.
    var count: Int { entries.withLock { $0.count } }
}
