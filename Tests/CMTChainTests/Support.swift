@testable import CMTChain

/// A seeded generator (SplitMix64) so every random test replays the same workload.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The key with number `n` ("key-n" in UTF-8), the pool random workloads draw from.
func poolKey(_ n: Int) -> [UInt8] { Array("key-\(n)".utf8) }

/// A random value of 0...40 bytes (empty values included: they are values, not deletions).
func randomValue(_ random: inout SeededGenerator) -> [UInt8] {
    (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
}

/// The root of a binary sparse Merkle tree over `contents`, computed the plain recursive way from
/// docs/chain.md's definition (no nibbles, no stored nodes): the reference the tree must equal.
func referenceRoot(_ contents: [[UInt8]: [UInt8]]) -> StateHash {
    let leaves = contents.map { key, value in
        (
            TreeHasher.keyHash(key),
            TreeHasher.leafHash(keyHash: TreeHasher.keyHash(key), valueHash: TreeHasher.valueHash(value))
        )
    }.sorted { $0.0 < $1.0 }
    func subtree(_ leaves: ArraySlice<(StateHash, StateHash)>, depth: Int) -> StateHash {
        if leaves.isEmpty { return .placeholder }
        if leaves.count == 1, let only = leaves.first { return only.1 }
        let split = leaves.firstIndex { $0.0.bit(depth) == 1 } ?? leaves.endIndex
        return TreeHasher.nodeHash(
            subtree(leaves[..<split], depth: depth + 1), subtree(leaves[split...], depth: depth + 1))
    }
    return subtree(leaves[...], depth: 0)
}

/// A tree built from `contents` in one commit at version 1, on a store of `kind`.
func treeHolding(_ contents: [[UInt8]: [UInt8]], on kind: NodeStoreKind = .memory) throws -> StateTree {
    let tree = try kind.make().tree(.keepAll)
    var writes = WriteSet()
    for (key, value) in contents { writes.put(key, value) }
    try tree.commit(writes, version: 1)
    return tree
}

/// Keys (from "absent-0", "absent-1", …) that are not in `present`, chosen so that their hashes fall
/// before every present hash, after every one, and between two of them.
func absentKeysAtEdges(of present: [[UInt8]]) -> [[UInt8]] {
    let hashes = present.map(TreeHasher.keyHash).sorted()
    guard let low = hashes.first, let high = hashes.last else { return [Array("absent".utf8)] }
    var below: [UInt8]?
    var above: [UInt8]?
    var between: [UInt8]?
    var n = 0
    while below == nil || above == nil || between == nil, n < 1_000_000 {
        let key = Array("absent-\(n)".utf8)
        let hash = TreeHasher.keyHash(key)
        if hash < low {
            below = below ?? key
        } else if hash > high {
            above = above ?? key
        } else {
            between = between ?? key
        }
        n += 1
    }
    return [below, above, between].compactMap { $0 }
}
