/// An internal node: up to 16 children, one per nibble, hashed as the 4-level binary tree they
/// form (docs/chain.md, "Hashing").
///
/// The node keeps all 31 hashes of that binary tree (heap layout: slot 1 is the node, slots 2...3
/// its halves, ..., slots 16...31 the children), so replacing one child recomputes the 4 hashes on
/// its way up rather than all 15: a block's cost then grows with the binary depth of what it
/// writes, as in a binary sparse Merkle tree, while the store reads and writes a quarter of the
/// nodes. Within the binary tree an empty subtree is the placeholder and a subtree holding a
/// single leaf (and nothing else) is that leaf's hash, so the root equals a binary sparse Merkle
/// tree's over the same keys.
public struct InternalNode: Sendable, Equatable {
    enum Kind: UInt8, Sendable {
        case empty
        /// Exactly one leaf below, nothing else.
        case leaf
        /// Two or more leaves below.
        case composite
    }

    struct Slot: Sendable, Equatable {
        var hash: StateHash
        var kind: Kind
        /// The child's version (child slots only).
        var version: UInt64

        static let empty = Slot(hash: .placeholder, kind: .empty, version: 0)
    }

    private(set) var slots: [Slot]

    /// The node with these children (nibble → child).
    init(children: [(nibble: Int, child: ChildRef)]) {
        slots = Array(repeating: .empty, count: 32)
        for (nibble, child) in children { slots[16 + nibble] = Self.slot(for: child) }
        for index in stride(from: 15, through: 1, by: -1) {
            slots[index] = Self.combine(slots[2 * index], slots[2 * index + 1])
        }
    }

    /// The node with exactly these 32 slots (a node store decoding what it wrote).
    init(slots: [Slot]) {
        self.slots = slots
    }

    /// This node with the children at the given nibbles replaced (nil removes one); only the
    /// binary ancestors of the changed children are hashed again.
    func replacing(_ changes: [(nibble: Int, child: ChildRef?)]) -> InternalNode {
        var next = self
        var dirty: UInt32 = 0
        for (nibble, child) in changes {
            next.slots[16 + nibble] = child.map(Self.slot(for:)) ?? .empty
            dirty |= 1 << UInt32((16 + nibble) / 2)
        }
        // Levels bottom-up: slots 8...15, 4...7, 2...3, 1.
        for level in [8, 4, 2, 1] {
            for index in level..<(2 * level) where dirty & (1 << UInt32(index)) != 0 {
                next.slots[index] = Self.combine(next.slots[2 * index], next.slots[2 * index + 1])
                dirty |= 1 << UInt32(index / 2)
            }
        }
        return next
    }

    /// The node's hash.
    public var hash: StateHash { slots[1].hash }

    /// The child at `nibble`, if any.
    public func child(_ nibble: Int) -> ChildRef? {
        let slot = slots[16 + nibble]
        return slot.kind == .empty ? nil : ChildRef(version: slot.version, hash: slot.hash, isLeaf: slot.kind == .leaf)
    }

    /// The children, by nibble.
    public var children: [(nibble: Int, child: ChildRef)] {
        (0..<16).compactMap { nibble in child(nibble).map { (nibble, $0) } }
    }

    /// Bit n is set when the node has a child at nibble n.
    var childMask: Int {
        var mask = 0
        for nibble in 0..<16 where slots[16 + nibble].kind != .empty { mask |= 1 << nibble }
        return mask
    }

    private static func slot(for child: ChildRef) -> Slot {
        Slot(hash: child.hash, kind: child.isLeaf ? .leaf : .composite, version: child.version)
    }

    /// The binary parent of two subtrees: empty over two empties, the leaf itself over a leaf and
    /// an empty, a node hash otherwise.
    static func combine(_ left: Slot, _ right: Slot) -> Slot {
        switch (left.kind, right.kind) {
        case (.empty, .empty): return .empty
        case (.empty, .leaf): return Slot(hash: right.hash, kind: .leaf, version: 0)
        case (.leaf, .empty): return Slot(hash: left.hash, kind: .leaf, version: 0)
        default: return Slot(hash: TreeHasher.nodeHash(left.hash, right.hash), kind: .composite, version: 0)
        }
    }
}
