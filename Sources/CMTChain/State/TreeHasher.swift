import Crypto

/// The domain-separated SHA-256 functions of the state tree (docs/chain.md, "Hashing").
///
/// Every hash starts with a fixed ASCII tag and a zero byte, so a key, a value, a leaf and an
/// internal node can never be mistaken for one another:
///
///     keyHash   = SHA-256("CMT/smt/v1/key"   0x00 key)
///     valueHash = SHA-256("CMT/smt/v1/value" 0x00 value)
///     leafHash  = SHA-256("CMT/smt/v1/leaf"  0x00 keyHash valueHash)
///     nodeHash  = SHA-256("CMT/smt/v1/node"  0x00 left right)
///
/// An empty subtree is ``StateHash/placeholder`` (32 zero bytes) and is never hashed.
public enum TreeHasher {
    static let keyTag = Array("CMT/smt/v1/key\u{0}".utf8)
    static let valueTag = Array("CMT/smt/v1/value\u{0}".utf8)
    static let leafTag = Array("CMT/smt/v1/leaf\u{0}".utf8)
    static let nodeTag = Array("CMT/smt/v1/node\u{0}".utf8)

    /// The position of `key` in the tree.
    public static func keyHash(_ key: [UInt8]) -> StateHash { tagged(keyTag, key) }

    /// The commitment to a stored value.
    public static func valueHash(_ value: [UInt8]) -> StateHash { tagged(valueTag, value) }

    /// The hash of a leaf holding the key with `keyHash` and the value with `valueHash`.
    public static func leafHash(keyHash: StateHash, valueHash: StateHash) -> StateHash {
        pair(leafTag, keyHash, valueHash)
    }

    /// The hash of a binary node over two subtrees (either may be the placeholder, not both).
    public static func nodeHash(_ left: StateHash, _ right: StateHash) -> StateHash { pair(nodeTag, left, right) }

    private static func tagged(_ tag: [UInt8], _ bytes: [UInt8]) -> StateHash {
        var hasher = SHA256()
        hasher.update(data: tag)
        hasher.update(data: bytes)
        return hasher.finalize().withUnsafeBytes { StateHash(loading: $0) }
    }

    /// One SHA-256 over tag ‖ a ‖ b, written into one stack buffer (the tree's hot path: 80 bytes).
    private static func pair(_ tag: [UInt8], _ a: StateHash, _ b: StateHash) -> StateHash {
        let count = tag.count + 64
        return withUnsafeTemporaryAllocation(byteCount: count, alignment: 8) { buffer in
            tag.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[0..<tag.count]).copyMemory(from: $0) }
            a.store(into: buffer, at: tag.count)
            b.store(into: buffer, at: tag.count + 32)
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return hasher.finalize().withUnsafeBytes { StateHash(loading: $0) }
        }
    }
}
