/// The authenticated state: a Jellyfish-style sparse Merkle tree over key/value pairs, versioned by
/// block height (docs/chain.md, "The state tree").
///
/// Each commit writes only the nodes on the paths of the keys it changes, under the new version,
/// and records the nodes they replace as stale; so its cost grows with the keys written, not with
/// the size of the state. The root depends only on the final contents (a key's place is its
/// SHA-256), never on the order of writes. Values, roots and proofs can be read at any version the
/// ``RetentionPolicy`` keeps; older ones are pruned.
public struct StateTree {
    /// Where the nodes live.
    public let store: any NodeStore
    /// Which versions are kept.
    public let retention: RetentionPolicy

    /// A tree over `store` (which may already hold committed versions).
    /// - Throws: ``StateTreeError/Code/badRetention`` for `keepLatest(0)`.
    public init(store: any NodeStore = MemoryNodeStore(), retention: RetentionPolicy = .standard) throws(StateTreeError)
    {
        if case .keepLatest(0) = retention {
            throw StateTreeError(.badRetention, "a tree must keep at least one version")
        }
        self.store = store
        self.retention = retention
    }

    /// The latest committed version, or nil before the first commit.
    public func latestVersion() throws(StateTreeError) -> UInt64? { try store.retainedVersions()?.upperBound }

    /// The oldest and latest versions that can be read, or nil before the first commit.
    public func retainedVersions() throws(StateTreeError) -> ClosedRange<UInt64>? { try store.retainedVersions() }

    /// The root hash of `version`.
    /// - Throws: ``StateTreeError/Code/unknownVersion`` outside the retained versions.
    public func rootHash(at version: UInt64) throws(StateTreeError) -> StateHash { try root(at: version).hash }

    /// Applies `writes` as `version` and returns its root hash: ``prepare(_:version:)`` then
    /// ``apply(_:)``.
    ///
    /// The first commit may have any version (a chain's initial height); each later one must be the
    /// latest plus one. A commit without writes gives the new version the same root. After the
    /// commit, versions the ``retention`` no longer keeps are pruned.
    /// - Throws: ``StateTreeError/Code/versionOrder`` for a version out of order; store failures.
    @discardableResult
    public func commit(_ writes: WriteSet, version: UInt64) throws(StateTreeError) -> StateHash {
        let prepared = try prepare(writes, version: version)
        try apply(prepared)
        return prepared.rootHash
    }

    /// Computes the commit of `writes` as `version` (its new nodes, stale nodes and root) without
    /// writing anything: a block's app hash is known when the block is finalized, and the nodes
    /// are written when it is committed (``apply(_:)``), together with the rest of the block.
    /// - Throws: ``StateTreeError/Code/versionOrder`` for a version out of order; store failures.
    public func prepare(_ writes: WriteSet, version: UInt64) throws(StateTreeError) -> PreparedCommit {
        let previous = try store.retainedVersions()?.upperBound
        if let previous, previous == UInt64.max || version != previous + 1 {
            throw StateTreeError(.versionOrder, "version \(version) does not follow the latest version \(previous)")
        }
        let oldRoot = try previous.map { (latest) throws(StateTreeError) in try root(at: latest) }
        let updates = writes.sortedUpdates()
        var updater = TreeUpdater(version: version, store: store, writes: updates.count)
        let existing = try oldRoot?.node.map { (key) throws(StateTreeError) in (key, try updater.load(key)) }
        let subtree = try updater.update(path: .root, existing: existing, updates: updates[...])
        let child = updater.place(subtree, at: .root)
        let newRoot = TreeRoot(
            version: version, hash: child?.hash ?? .placeholder,
            node: child.map { NodeKey(version: $0.version, path: .root) }
        )
        return PreparedCommit(previous: previous, batch: updater.finish(root: newRoot))
    }

    /// Writes a prepared commit and prunes what the ``retention`` no longer keeps.
    /// - Throws: ``StateTreeError/Code/versionOrder`` when the tree has changed since the commit
    ///   was prepared; store failures.
    public func apply(_ prepared: PreparedCommit) throws(StateTreeError) {
        let latest = try store.retainedVersions()?.upperBound
        guard latest == prepared.previous else {
            throw StateTreeError(
                .versionOrder,
                "version \(prepared.version) was prepared on version \(prepared.previous.map(String.init) ?? "none"), the latest is now \(latest.map(String.init) ?? "none")")
        }
        try store.write(prepared.batch)
        let version = prepared.version
        if case .keepLatest(let count) = retention, version >= count {
            try store.prune(before: version - count + 1)
        }
    }

    /// Forgets every version before `oldest` now, whatever the retention policy.
    public func prune(before oldest: UInt64) throws(StateTreeError) { try store.prune(before: oldest) }

    func root(at version: UInt64) throws(StateTreeError) -> TreeRoot {
        guard let root = try store.root(at: version) else {
            let window = try store.retainedVersions().map { "\($0.lowerBound)...\($0.upperBound)" } ?? "none"
            throw StateTreeError(.unknownVersion, "version \(version) is not retained (retained: \(window))")
        }
        return root
    }
}

/// A commit computed but not yet written (``StateTree/prepare(_:version:)``): its root hash and
/// the node batch a store writes (``StateTree/apply(_:)``).
public struct PreparedCommit: Sendable {
    /// The latest version when it was prepared (nil for the first commit).
    public let previous: UInt64?
    /// The nodes, stale keys and root to write.
    public let batch: NodeBatch

    /// The version it commits.
    public var version: UInt64 { batch.version }
    /// The root hash the version will have.
    public var rootHash: StateHash { batch.root.hash }
}
