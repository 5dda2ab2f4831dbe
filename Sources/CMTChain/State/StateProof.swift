/// A proof that a key holds a value, or holds none, under a state root (docs/chain.md, "Proofs").
///
/// The proof is the path from the root towards the key's hash in the binary sparse Merkle tree:
/// the sibling hash at every binary depth, top first, and what the path ends at: nothing (an empty
/// subtree) or a leaf. A membership proof ends at the key's own leaf; a non-membership proof ends
/// at nothing or at another key's leaf that shares every bit of the path. A client checks it with
/// the root alone: ``verify(root:key:value:)``.
public struct StateProof: Sendable, Equatable {
    /// The leaf a path ends at: the hashes it commits to.
    public struct Leaf: Sendable, Equatable {
        public let keyHash: StateHash
        public let valueHash: StateHash

        public init(keyHash: StateHash, valueHash: StateHash) {
            self.keyHash = keyHash
            self.valueHash = valueHash
        }
    }

    /// The format version byte of ``encoded()``.
    public static let formatVersion: UInt8 = 1
    /// The most siblings a path has: one per bit of a key hash.
    public static let maxSiblings = 256

    /// Where the path ends: a leaf, or nil for an empty subtree.
    public let leaf: Leaf?
    /// The sibling at binary depth 1, 2, …: `siblings[i]` is the other child of the path's node at
    /// depth i. ``StateHash/placeholder`` stands for an empty subtree.
    public let siblings: [StateHash]

    public init(leaf: Leaf?, siblings: [StateHash]) {
        self.leaf = leaf
        self.siblings = siblings
    }

    /// Checks the proof against `root`: that `key` holds `value`, or, when `value` is nil, that
    /// `key` is absent.
    public func verify(root: StateHash, key: [UInt8], value: [UInt8]?) -> Bool {
        guard siblings.count <= Self.maxSiblings else { return false }
        let keyHash = TreeHasher.keyHash(key)
        if let value {
            guard let leaf, leaf.keyHash == keyHash, leaf.valueHash == TreeHasher.valueHash(value) else { return false }
        } else if let leaf {
            guard leaf.keyHash != keyHash, leaf.keyHash.commonPrefixBits(with: keyHash) >= siblings.count else {
                return false
            }
        }
        var hash = leaf.map { TreeHasher.leafHash(keyHash: $0.keyHash, valueHash: $0.valueHash) } ?? .placeholder
        for depth in stride(from: siblings.count - 1, through: 0, by: -1) {
            let sibling = siblings[depth]
            hash = keyHash.bit(depth) == 0 ? TreeHasher.nodeHash(hash, sibling) : TreeHasher.nodeHash(sibling, hash)
        }
        return hash == root
    }

    /// Decodes `bytes` and checks the proof; false for bytes that are not a canonical proof.
    public static func verify(_ bytes: [UInt8], root: StateHash, key: [UInt8], value: [UInt8]?) -> Bool {
        guard let proof = try? StateProof(decoding: bytes) else { return false }
        return proof.verify(root: root, key: key, value: value)
    }
}

extension StateProof {
    /// The proof's bytes (docs/chain.md, "Proof format"):
    ///
    ///     u8    format version (1)
    ///     u8    end: 0 = empty subtree, 1 = leaf
    ///     [32]  key hash     (end = 1 only)
    ///     [32]  value hash   (end = 1 only)
    ///     u16   sibling count n, big-endian (0...256)
    ///     [⌈n/8⌉] presence bitmap: bit i (most significant bit of byte i/8 first) set when
    ///           sibling i is not the placeholder; the bits past n are zero
    ///     [32]× each present sibling, in order of i
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [Self.formatVersion]
        if let leaf {
            out.append(1)
            out += leaf.keyHash.bytes
            out += leaf.valueHash.bytes
        } else {
            out.append(0)
        }
        out.append(UInt8(siblings.count >> 8))
        out.append(UInt8(siblings.count & 0xFF))
        var bitmap = [UInt8](repeating: 0, count: (siblings.count + 7) / 8)
        for (index, sibling) in siblings.enumerated() where sibling != .placeholder {
            bitmap[index / 8] |= 0x80 >> UInt8(index % 8)
        }
        out += bitmap
        for sibling in siblings where sibling != .placeholder { out += sibling.bytes }
        return out
    }

    /// Decodes proof bytes, accepting only the canonical encoding.
    /// - Throws: ``StateTreeError/Code/malformedProof`` naming the first problem.
    public init(decoding bytes: [UInt8]) throws(StateTreeError) {
        var reader = ProofReader(bytes: bytes)
        let version = try reader.byte("format version")
        guard version == Self.formatVersion else {
            throw StateTreeError(
                .malformedProof, "unknown proof format version \(version) (expected \(Self.formatVersion))")
        }
        let leaf: Leaf?
        switch try reader.byte("end tag") {
        case 0: leaf = nil
        case 1: leaf = Leaf(keyHash: try reader.hash("leaf key hash"), valueHash: try reader.hash("leaf value hash"))
        case let tag: throw StateTreeError(.malformedProof, "unknown end tag \(tag) at byte 1 (expected 0 or 1)")
        }
        let count = Int(try reader.byte("sibling count")) << 8 | Int(try reader.byte("sibling count"))
        guard count <= Self.maxSiblings else {
            throw StateTreeError(
                .malformedProof, "\(count) siblings, more than the \(Self.maxSiblings) a path can have")
        }
        var bitmap: [UInt8] = []
        for _ in 0..<(count + 7) / 8 { bitmap.append(try reader.byte("presence bitmap")) }
        if count % 8 != 0, let last = bitmap.last, last & (0xFF >> UInt8(count % 8)) != 0 {
            throw StateTreeError(.malformedProof, "presence bitmap has bits set past sibling \(count - 1)")
        }
        var siblings: [StateHash] = []
        siblings.reserveCapacity(count)
        for index in 0..<count {
            if bitmap[index / 8] & (0x80 >> UInt8(index % 8)) == 0 {
                siblings.append(.placeholder)
                continue
            }
            let sibling = try reader.hash("sibling \(index)")
            guard sibling != .placeholder else {
                throw StateTreeError(.malformedProof, "sibling \(index) is marked present but is the placeholder")
            }
            siblings.append(sibling)
        }
        guard reader.offset == bytes.count else {
            throw StateTreeError(.malformedProof, "\(bytes.count - reader.offset) bytes after the proof")
        }
        self.init(leaf: leaf, siblings: siblings)
    }
}

/// Reads proof bytes front to back, failing with the offset and what it was reading.
private struct ProofReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func byte(_ what: String) throws(StateTreeError) -> UInt8 {
        guard offset < bytes.count else { throw truncated(what) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func hash(_ what: String) throws(StateTreeError) -> StateHash {
        guard bytes.count - offset >= 32, let hash = StateHash(bytes: bytes[offset..<offset + 32]) else {
            throw truncated(what)
        }
        offset += 32
        return hash
    }

    private func truncated(_ what: String) -> StateTreeError {
        StateTreeError(.malformedProof, "proof ends at byte \(offset) inside the \(what)")
    }
}
