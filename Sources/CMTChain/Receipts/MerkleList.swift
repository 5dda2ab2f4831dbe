import Crypto

/// A Merkle tree over an ordered list of byte strings (a block's receipts, or its events), in
/// the shape of RFC 9162 (Certificate Transparency) with domain-separated SHA-256 (docs/chain.md,
/// "Receipts root and events root"):
///
///     leaf hash = SHA-256(tag "/leaf" 00 item)
///     node hash = SHA-256(tag "/node" 00 left right)
///     root of n items: the leaf hash for n = 1; for n > 1, with k the largest power of two below
///     n, the node hash of the root of the first k items and the root of the rest.
///
/// The empty list's root is 32 zero bytes. The tags name the list ("CMT/receipts/v1",
/// "CMT/events/v1"), so a receipt can never pass for an event or a node for a leaf.
public struct MerkleList: Sendable {
    /// Which list: its tag prefix.
    public struct Kind: Hashable, Sendable {
        let leafTag: [UInt8]
        let nodeTag: [UInt8]

        init(_ name: String) {
            leafTag = Array("\(name)/leaf\u{0}".utf8)
            nodeTag = Array("\(name)/node\u{0}".utf8)
        }

        /// A block's receipts.
        public static let receipts = Kind("CMT/receipts/v1")
        /// A block's events.
        public static let events = Kind("CMT/events/v1")
    }

    public let kind: Kind
    /// The leaf hashes, in order.
    public let leaves: [StateHash]

    public init(kind: Kind, items: [[UInt8]]) {
        self.kind = kind
        leaves = items.map { Self.leafHash($0, kind: kind) }
    }

    /// The root hash (32 zero bytes for no items).
    public var root: StateHash {
        leaves.isEmpty ? .placeholder : Self.subtreeRoot(leaves[...], kind: kind)
    }

    /// The inclusion proof of item `index`, or nil when there is no such item.
    public func proof(of index: Int) -> MerkleListProof? {
        guard index >= 0, index < leaves.count else { return nil }
        var path: [StateHash] = []
        var slice = leaves[...]
        var position = index
        // RFC 9162 PATH(m, D[n]), built top-down and reversed at the end (the path is bottom-up).
        while slice.count > 1 {
            let split = Self.largestPowerOfTwo(below: slice.count)
            let left = slice.prefix(split)
            let right = slice.dropFirst(split)
            if position < split {
                path.append(Self.subtreeRoot(right, kind: kind))
                slice = left
            } else {
                path.append(Self.subtreeRoot(left, kind: kind))
                slice = right
                position -= split
            }
        }
        return MerkleListProof(index: UInt32(index), count: UInt32(leaves.count), path: path.reversed())
    }

    static func leafHash(_ item: [UInt8], kind: Kind) -> StateHash {
        var hasher = SHA256()
        hasher.update(data: kind.leafTag)
        hasher.update(data: item)
        return hasher.finalize().withUnsafeBytes { StateHash(loading: $0) }
    }

    static func nodeHash(_ left: StateHash, _ right: StateHash, kind: Kind) -> StateHash {
        var hasher = SHA256()
        hasher.update(data: kind.nodeTag)
        hasher.update(data: left.bytes)
        hasher.update(data: right.bytes)
        return hasher.finalize().withUnsafeBytes { StateHash(loading: $0) }
    }

    /// The largest power of two strictly below `count` (count ≥ 2).
    static func largestPowerOfTwo(below count: Int) -> Int {
        var power = 1
        while power << 1 < count { power <<= 1 }
        return power
    }

    /// The root of a non-empty run of leaves, bottom-up without recursion: levels of pairs, an odd
    /// last node carried up (which is exactly RFC 9162's split at the largest power of two).
    static func subtreeRoot(_ leaves: ArraySlice<StateHash>, kind: Kind) -> StateHash {
        var level = Array(leaves)
        while level.count > 1 {
            var next: [StateHash] = []
            next.reserveCapacity((level.count + 1) / 2)
            var index = 0
            while index + 1 < level.count {
                next.append(nodeHash(level[index], level[index + 1], kind: kind))
                index += 2
            }
            if index < level.count { next.append(level[index]) }
            level = next
        }
        return level.first ?? .placeholder
    }
}

/// A proof that an item is at position ``index`` of a list of ``count`` items under a
/// ``MerkleList`` root: the sibling hashes from the leaf up (RFC 9162's inclusion proof).
public struct MerkleListProof: Hashable, Sendable {
    public let index: UInt32
    public let count: UInt32
    /// Sibling hashes, the leaf's first.
    public let path: [StateHash]

    public init(index: UInt32, count: UInt32, path: [StateHash]) {
        self.index = index
        self.count = count
        self.path = path
    }

    /// The format version of ``encoded``.
    public static let formatVersion: UInt8 = 1

    /// True when `item` is item ``index`` of ``count`` under `root` (RFC 9162 §2.1.3.2).
    public func verify(item: [UInt8], root: StateHash, kind: MerkleList.Kind) -> Bool {
        guard index < count, path.count <= 32 else { return false }
        var fn = UInt64(index)
        var sn = UInt64(count) - 1
        var hash = MerkleList.leafHash(item, kind: kind)
        for sibling in path {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                hash = MerkleList.nodeHash(sibling, hash, kind: kind)
                while fn & 1 == 0, fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                hash = MerkleList.nodeHash(hash, sibling, kind: kind)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && hash == root
    }

    /// The proof's bytes: u8 version (1), u32 index, u32 count, u8 path length, then 32 bytes per
    /// sibling, leaf first.
    public var encoded: [UInt8] {
        var writer = ChainBytesWriter()
        writer.u8(Self.formatVersion)
        writer.u32(index)
        writer.u32(count)
        writer.u8(UInt8(clamping: path.count))
        for sibling in path { writer.raw(sibling.bytes) }
        return writer.bytes
    }

    /// Decodes proof bytes (only the canonical form).
    public init(decoding bytes: [UInt8]) throws(ChainDecodingError) {
        var reader = ChainBytesReader(bytes, what: "list proof")
        let version = try reader.u8()
        guard version == Self.formatVersion else { throw reader.failure("unknown format version \(version)") }
        let index = try reader.u32()
        let count = try reader.u32()
        let length = try reader.u8()
        guard length <= 32 else { throw reader.failure("a path of \(length) hashes (at most 32)") }
        var path: [StateHash] = []
        for _ in 0..<length {
            guard let hash = StateHash(bytes: try reader.raw(32)) else { throw reader.failure("a bad hash") }
            path.append(hash)
        }
        try reader.finish()
        self.init(index: index, count: count, path: path)
    }
}
