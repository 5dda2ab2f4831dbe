/// Where a subtree sits: the first `count` nibbles of the key hashes below it.
///
/// The path of the root is empty; a child's path is its parent's plus one nibble. Nibbles past
/// `count` are kept zero, so equal paths compare equal.
public struct NibblePath: Hashable, Sendable, CustomStringConvertible {
    /// The nibbles, as the prefix of a hash (the rest zero).
    public let prefix: StateHash
    /// How many nibbles the path has (0...64).
    public let count: Int

    /// The root's path.
    public static let root = NibblePath(prefix: .placeholder, count: 0)

    init(prefix: StateHash, count: Int) {
        self.prefix = prefix
        self.count = count
    }

    /// The first `count` nibbles of `hash`.
    init(of hash: StateHash, nibbles count: Int) {
        self.init(prefix: hash.prefix(bits: 4 * count), count: count)
    }

    /// This path followed by `nibble`.
    func appending(_ nibble: Int) -> NibblePath {
        let bits = UInt64(nibble & 0xF) << UInt64(60 - 4 * (count & 15))
        var next = prefix
        switch count >> 4 {
        case 0: next.w0 |= bits
        case 1: next.w1 |= bits
        case 2: next.w2 |= bits
        default: next.w3 |= bits
        }
        return NibblePath(prefix: next, count: count + 1)
    }

    /// The nibbles as hexadecimal digits ("" for the root).
    public var description: String { String(prefix.hex.prefix(count)) }
}

/// The name of a stored node: the version (block height) that wrote it and its path.
///
/// A node is never overwritten: a new version writes new nodes under its own version, and the
/// nodes it replaces are recorded as stale so that pruning can delete them later (docs/chain.md).
public struct NodeKey: Hashable, Sendable, CustomStringConvertible {
    /// The version that wrote the node.
    public let version: UInt64
    /// Where the node sits.
    public let path: NibblePath

    public init(version: UInt64, path: NibblePath) {
        self.version = version
        self.path = path
    }

    /// Hashes only the words of the path that can be non-zero (nibbles past the count are zero),
    /// so the node store's dictionary hashes 3 words for the nodes of the top 16 levels, not 6.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(version)
        hasher.combine(path.count)
        hasher.combine(path.prefix.w0)
        if path.count > 16 { hasher.combine(path.prefix.w1) }
        if path.count > 32 { hasher.combine(path.prefix.w2) }
        if path.count > 48 { hasher.combine(path.prefix.w3) }
    }

    public var description: String { "\(version):\(path)" }
}
