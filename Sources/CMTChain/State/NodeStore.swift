/// The root of one version: its hash and the node it names (nil for the empty tree).
public struct TreeRoot: Sendable, Equatable {
    public let version: UInt64
    public let hash: StateHash
    public let node: NodeKey?

    public init(version: UInt64, hash: StateHash, node: NodeKey?) {
        self.version = version
        self.hash = hash
        self.node = node
    }
}

/// Everything one commit writes: the new nodes, the nodes that became stale at this version, and
/// the version's root. A store applies a batch all or nothing.
public struct NodeBatch: Sendable {
    /// The version committed.
    public let version: UInt64
    /// Nodes written by this version (every key has this version).
    public internal(set) var nodes: [(key: NodeKey, node: Node)] = []
    /// Nodes of earlier versions that this version replaced or removed: stale since ``version``.
    public internal(set) var stale: [NodeKey] = []
    /// The version's root.
    public internal(set) var root: TreeRoot

    init(version: UInt64, root: TreeRoot) {
        self.version = version
        self.root = root
    }
}

/// Where the state tree keeps its nodes: the small interface a persistent store implements.
///
/// Nodes are immutable once written and named by ``NodeKey``; a store keeps the roots of the
/// retained versions and a log of stale nodes, so that ``prune(before:)`` deletes exactly the
/// nodes no retained version reaches. ``MemoryNodeStore`` is the in-memory implementation.
public protocol NodeStore: AnyObject {
    /// The node named `key`, or nil when the store does not hold it.
    func node(_ key: NodeKey) throws(StateTreeError) -> Node?

    /// The root of `version`, or nil when that version was never committed or was pruned.
    func root(at version: UInt64) throws(StateTreeError) -> TreeRoot?

    /// The oldest and the latest retained versions, or nil before the first commit.
    func retainedVersions() throws(StateTreeError) -> ClosedRange<UInt64>?

    /// Applies one commit, all or nothing.
    func write(_ batch: NodeBatch) throws(StateTreeError)

    /// Forgets every version before `oldest` and deletes the nodes stale since `oldest` or earlier
    /// (which only those versions reached). `oldest` must not exceed the latest version.
    func prune(before oldest: UInt64) throws(StateTreeError)
}
