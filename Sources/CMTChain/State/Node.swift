/// A node of the state tree as the node store keeps it.
public enum Node: Sendable, Equatable {
    /// One key and its value.
    case leaf(LeafNode)
    /// Up to 16 children, one per nibble.
    case `internal`(InternalNode)

    /// The node's hash (the root hash when it is the root).
    public var hash: StateHash {
        switch self {
        case .leaf(let leaf): leaf.hash
        case .internal(let node): node.hash
        }
    }
}

/// A leaf: a key and its value, with the hashes that commit to them.
///
/// The leaf sits at the shortest path no other key shares (a subtree that holds one key is that
/// key's leaf), so it can move up or down as other keys come and go.
public struct LeafNode: Sendable, Equatable {
    /// The position of ``key`` (``TreeHasher/keyHash(_:)``).
    public let keyHash: StateHash
    /// ``TreeHasher/valueHash(_:)`` of ``value``.
    public let valueHash: StateHash
    /// ``TreeHasher/leafHash(keyHash:valueHash:)``.
    public let hash: StateHash
    /// The key as written.
    public let key: [UInt8]
    /// The value as written.
    public let value: [UInt8]

    /// The leaf for `key` holding `value`, with its hashes computed.
    public init(key: [UInt8], value: [UInt8]) {
        self.init(keyHash: TreeHasher.keyHash(key), key: key, value: value)
    }

    /// The leaf with hashes a node store kept: only the leaf hash is computed again.
    init(keyHash: StateHash, valueHash: StateHash, key: [UInt8], value: [UInt8]) {
        self.keyHash = keyHash
        self.valueHash = valueHash
        self.key = key
        self.value = value
        hash = TreeHasher.leafHash(keyHash: keyHash, valueHash: valueHash)
    }

    init(keyHash: StateHash, key: [UInt8], value: [UInt8]) {
        self.keyHash = keyHash
        self.key = key
        self.value = value
        valueHash = TreeHasher.valueHash(value)
        hash = TreeHasher.leafHash(keyHash: keyHash, valueHash: valueHash)
    }
}

/// A reference from an internal node to a child: the version that wrote the child (its path is
/// the parent's plus the nibble), its hash, and whether it is a leaf.
public struct ChildRef: Sendable, Equatable {
    /// The version in the child's ``NodeKey``.
    public let version: UInt64
    /// The child's hash.
    public let hash: StateHash
    /// True when the child is a ``LeafNode``.
    public let isLeaf: Bool
}
