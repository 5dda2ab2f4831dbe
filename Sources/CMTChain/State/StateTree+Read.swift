extension StateTree {
    /// The value of `key` at `version`, or nil when the key is absent there.
    /// - Throws: ``StateTreeError/Code/unknownVersion`` outside the retained versions.
    public func value(of key: [UInt8], at version: UInt64) throws(StateTreeError) -> [UInt8]? {
        let keyHash = TreeHasher.keyHash(key)
        guard var current = try root(at: version).node else { return nil }
        while true {
            switch try load(current) {
            case .leaf(let leaf):
                return leaf.keyHash == keyHash ? leaf.value : nil
            case .internal(let node):
                let nibble = keyHash.nibble(current.path.count)
                guard let child = node.child(nibble) else { return nil }
                current = NodeKey(version: child.version, path: current.path.appending(nibble))
            }
        }
    }

    /// The value of `key` at `version` (nil when absent) and the proof of it against that version's
    /// root: membership when present, non-membership when absent.
    /// - Throws: ``StateTreeError/Code/unknownVersion`` outside the retained versions.
    public func proof(of key: [UInt8], at version: UInt64) throws(StateTreeError) -> (
        value: [UInt8]?, proof: StateProof
    ) {
        let keyHash = TreeHasher.keyHash(key)
        var siblings: [StateHash] = []
        guard var current = try root(at: version).node else { return (nil, StateProof(leaf: nil, siblings: [])) }
        while true {
            let node: InternalNode
            switch try load(current) {
            case .leaf(let leaf):
                return answer(leaf, for: keyHash, siblings: siblings)
            case .internal(let internalNode):
                node = internalNode
            }
            // Walk the node's binary tree: slot 1 is the node, 2...3 its halves, 16...31 its children.
            var slot = 1
            var level = 0
            while slot < 16 {
                switch node.slots[slot].kind {
                case .empty:
                    return (nil, StateProof(leaf: nil, siblings: siblings))
                case .leaf:
                    // One leaf alone below this slot: it sits here in the binary tree.
                    let width = 16 >> level
                    let first = slot * width
                    guard let childSlot = (first..<first + width).first(where: { node.slots[$0].kind != .empty }) else {
                        throw StateTreeError(.missingNode, "node \(current) has a leaf slot with no leaf below")
                    }
                    let leafKey = NodeKey(
                        version: node.slots[childSlot].version, path: current.path.appending(childSlot - 16))
                    return answer(try loadLeaf(leafKey), for: keyHash, siblings: siblings)
                case .composite:
                    let next = 2 * slot + keyHash.bit(4 * current.path.count + level)
                    siblings.append(node.slots[next ^ 1].hash)
                    slot = next
                    level += 1
                }
            }
            let nibble = slot - 16
            let childKey = NodeKey(version: node.slots[slot].version, path: current.path.appending(nibble))
            switch node.slots[slot].kind {
            case .empty: return (nil, StateProof(leaf: nil, siblings: siblings))
            case .leaf: return answer(try loadLeaf(childKey), for: keyHash, siblings: siblings)
            case .composite: current = childKey
            }
        }
    }

    private func answer(_ leaf: LeafNode, for keyHash: StateHash, siblings: [StateHash]) -> (
        value: [UInt8]?, proof: StateProof
    ) {
        let proof = StateProof(leaf: .init(keyHash: leaf.keyHash, valueHash: leaf.valueHash), siblings: siblings)
        return (leaf.keyHash == keyHash ? leaf.value : nil, proof)
    }

    private func load(_ key: NodeKey) throws(StateTreeError) -> Node {
        guard let node = try store.node(key) else {
            throw StateTreeError(.missingNode, "the node store has no node \(key)")
        }
        return node
    }

    private func loadLeaf(_ key: NodeKey) throws(StateTreeError) -> LeafNode {
        guard case .leaf(let leaf) = try load(key) else {
            throw StateTreeError(.missingNode, "node \(key) is not the leaf its parent names")
        }
        return leaf
    }
}
