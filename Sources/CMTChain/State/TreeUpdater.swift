/// One commit in progress: rebuilds the paths of the written keys bottom-up under the new version,
/// collecting the new nodes and the nodes they make stale into a ``NodeBatch``.
struct TreeUpdater {
    /// A subtree after the update, before its parent places it.
    enum Subtree {
        case empty
        /// A single leaf, which sits wherever its parent places it; `stored` names it when it is an
        /// existing leaf, kept unchanged if it stays at the same path.
        case leaf(LeafNode, stored: NodeKey?)
        /// An internal node already written (or unchanged) under `key`.
        case node(NodeKey, StateHash)
    }

    let version: UInt64
    let store: any NodeStore
    private var nodes: [(key: NodeKey, node: Node)] = []
    private var stale: [NodeKey] = []

    /// - Parameter writes: how many keys the commit writes (sizes the batch's arrays up front).
    init(version: UInt64, store: any NodeStore, writes: Int) {
        self.version = version
        self.store = store
        nodes.reserveCapacity(8 * writes)
        stale.reserveCapacity(8 * writes)
    }

    func finish(root: TreeRoot) -> NodeBatch {
        var batch = NodeBatch(version: version, root: root)
        batch.nodes = nodes
        batch.stale = stale
        return batch
    }

    func load(_ key: NodeKey) throws(StateTreeError) -> Node {
        guard let node = try store.node(key) else {
            throw StateTreeError(.missingNode, "the node store has no node \(key)")
        }
        return node
    }

    /// The subtree at `path` after applying `updates` (sorted by key hash, all under `path`) to `existing`.
    mutating func update(
        path: NibblePath, existing: (key: NodeKey, node: Node)?, updates: ArraySlice<TreeUpdate>
    ) throws(StateTreeError) -> Subtree {
        guard let existing else {
            let leaves = updates.compactMap { update in
                update.value.map { (LeafNode(keyHash: update.keyHash, key: update.key, value: $0), NodeKey?.none) }
            }
            return build(path: path, leaves: leaves[...])
        }
        switch existing.node {
        case .leaf(let leaf): return update(path: path, leaf: leaf, at: existing.key, updates: updates)
        case .internal(let node): return try update(path: path, node: node, at: existing.key, updates: updates)
        }
    }

    /// Merges the updates with the one leaf that held this subtree.
    private mutating func update(
        path: NibblePath, leaf: LeafNode, at key: NodeKey, updates: ArraySlice<TreeUpdate>
    ) -> Subtree {
        var leaves: [(LeafNode, NodeKey?)] = []
        var keepsLeaf = true
        for update in updates {
            if update.keyHash == leaf.keyHash {
                if update.value == leaf.value { continue }
                keepsLeaf = false
                stale.append(key)
            }
            if let value = update.value {
                leaves.append((LeafNode(keyHash: update.keyHash, key: update.key, value: value), nil))
            }
        }
        if keepsLeaf {
            let index = leaves.firstIndex { $0.0.keyHash > leaf.keyHash } ?? leaves.endIndex
            leaves.insert((leaf, key), at: index)
        }
        return build(path: path, leaves: leaves[...])
    }

    /// Applies the updates to the children of an internal node, then keeps it, rewrites it, or
    /// collapses it into its last leaf.
    private mutating func update(
        path: NibblePath, node: InternalNode, at key: NodeKey, updates: ArraySlice<TreeUpdate>
    ) throws(StateTreeError) -> Subtree {
        let depth = path.count
        var results: [(nibble: Int, subtree: Subtree)] = []
        results.reserveCapacity(min(16, updates.count))
        var start = updates.startIndex
        while start < updates.endIndex {
            let nibble = updates[start].keyHash.nibble(depth)
            var end = start + 1
            while end < updates.endIndex, updates[end].keyHash.nibble(depth) == nibble { end += 1 }
            let childPath = path.appending(nibble)
            let existing = try node.child(nibble).map { (child) throws(StateTreeError) in
                let childKey = NodeKey(version: child.version, path: childPath)
                return (childKey, try load(childKey))
            }
            results.append((nibble, try update(path: childPath, existing: existing, updates: updates[start..<end])))
            start = end
        }

        // What remains: the untouched children and the non-empty results (counted without
        // building arrays: this runs once per node on every written path).
        var touched = 0
        var filledCount = 0
        var lastFilled: Subtree?
        for (nibble, subtree) in results {
            touched |= 1 << nibble
            if case .empty = subtree { continue }
            filledCount += 1
            lastFilled = subtree
        }
        let untouched = node.childMask & ~touched
        let untouchedCount = untouched.nonzeroBitCount
        if untouchedCount + filledCount == 0 {
            stale.append(key)
            return .empty
        }
        if untouchedCount + filledCount == 1 {
            if untouchedCount == 1, let child = node.child(untouched.trailingZeroBitCount), child.isLeaf {
                let leafKey = NodeKey(version: child.version, path: path.appending(untouched.trailingZeroBitCount))
                guard case .leaf(let leaf) = try load(leafKey) else {
                    throw StateTreeError(.missingNode, "node \(leafKey) is not the leaf its parent names")
                }
                stale.append(key)
                return .leaf(leaf, stored: leafKey)
            }
            if let only = lastFilled, case .leaf = only {
                stale.append(key)
                return only
            }
        }
        var changes: [(nibble: Int, child: ChildRef?)] = []
        changes.reserveCapacity(results.count)
        for (nibble, subtree) in results {
            let child = place(subtree, at: path.appending(nibble))
            if child != node.child(nibble) { changes.append((nibble, child)) }
        }
        if changes.isEmpty { return .node(key, node.hash) }
        stale.append(key)
        return write(node.replacing(changes), at: path)
    }

    /// The subtree at `path` holding exactly `leaves` (sorted by key hash, distinct).
    private mutating func build(path: NibblePath, leaves: ArraySlice<(LeafNode, NodeKey?)>) -> Subtree {
        guard let first = leaves.first else { return .empty }
        if leaves.count == 1 { return .leaf(first.0, stored: first.1) }
        let depth = path.count
        // Distinct keys have distinct SHA-256 key hashes, so they part within 64 nibbles: the
        // recursion is at most 64 deep.
        precondition(depth < 64, "two keys share a SHA-256 key hash")
        var children: [(nibble: Int, child: ChildRef)] = []
        var start = leaves.startIndex
        while start < leaves.endIndex {
            let nibble = leaves[start].0.keyHash.nibble(depth)
            var end = start + 1
            while end < leaves.endIndex, leaves[end].0.keyHash.nibble(depth) == nibble { end += 1 }
            let childPath = path.appending(nibble)
            if let child = place(build(path: childPath, leaves: leaves[start..<end]), at: childPath) {
                children.append((nibble, child))
            }
            start = end
        }
        return write(InternalNode(children: children), at: path)
    }

    /// Puts a subtree at `path` under its parent: writes a leaf that is new or moved (an unchanged
    /// leaf at its old path stays as it is), and returns the parent's reference to it.
    mutating func place(_ subtree: Subtree, at path: NibblePath) -> ChildRef? {
        switch subtree {
        case .empty:
            return nil
        case .node(let key, let hash):
            return ChildRef(version: key.version, hash: hash, isLeaf: false)
        case .leaf(let leaf, let stored):
            if let stored, stored.path == path {
                return ChildRef(version: stored.version, hash: leaf.hash, isLeaf: true)
            }
            if let stored { stale.append(stored) }
            nodes.append((NodeKey(version: version, path: path), .leaf(leaf)))
            return ChildRef(version: version, hash: leaf.hash, isLeaf: true)
        }
    }

    private mutating func write(_ node: InternalNode, at path: NibblePath) -> Subtree {
        let key = NodeKey(version: version, path: path)
        nodes.append((key, .internal(node)))
        return .node(key, node.hash)
    }
}
