import Testing

@testable import CMTChain

/// Proof bytes: canonical encoding, and tampered or malformed proofs rejected (docs/chain.md,
/// "Proof format").
@Suite struct StateProofTests {
    static let contents: [[UInt8]: [UInt8]] = Dictionary(
        uniqueKeysWithValues: (0..<500).map { (poolKey($0), Array("v\($0)".utf8)) })

    @Test("a flipped bit in any byte of a membership or non-membership proof is rejected", arguments: NodeStoreKind.allCases)
    func bitFlipsRejected(kind: NodeStoreKind) throws {
        let tree = try treeHolding(Self.contents, on: kind)
        let root = try tree.rootHash(at: 1)
        let keys = [poolKey(1), poolKey(250)] + absentKeysAtEdges(of: Array(Self.contents.keys))
        for key in keys {
            let (value, proof) = try tree.proof(of: key, at: 1)
            let bytes = proof.encoded()
            #expect(StateProof.verify(bytes, root: root, key: key, value: value))
            for index in bytes.indices {
                var tampered = bytes
                tampered[index] ^= 1 << UInt8(index % 8)
                #expect(!StateProof.verify(tampered, root: root, key: key, value: value), "byte \(index)")
            }
        }
    }

    @Test("a proof fails for another root, another key, or another value", arguments: NodeStoreKind.allCases)
    func wrongClaimsRejected(kind: NodeStoreKind) throws {
        let tree = try treeHolding(Self.contents, on: kind)
        let root = try tree.rootHash(at: 1)
        let (value, proof) = try tree.proof(of: poolKey(3), at: 1)
        #expect(value == Array("v3".utf8))
        #expect(proof.verify(root: root, key: poolKey(3), value: value))
        #expect(!proof.verify(root: TreeHasher.nodeHash(root, root), key: poolKey(3), value: value))
        #expect(!proof.verify(root: root, key: poolKey(4), value: value))
        #expect(!proof.verify(root: root, key: poolKey(3), value: Array("v4".utf8)))
        #expect(!proof.verify(root: root, key: poolKey(3), value: nil))
        // A membership proof of key 3 never proves key 3's neighbour absent, nor vice versa.
        let absent = absentKeysAtEdges(of: Array(Self.contents.keys))[2]
        let (none, absence) = try tree.proof(of: absent, at: 1)
        #expect(none == nil)
        #expect(!absence.verify(root: root, key: poolKey(3), value: nil))
        #expect(!absence.verify(root: root, key: absent, value: []))
        // Dropping or adding a sibling breaks it.
        let shorter = StateProof(leaf: proof.leaf, siblings: Array(proof.siblings.dropLast()))
        #expect(!shorter.verify(root: root, key: poolKey(3), value: value))
        let longer = StateProof(leaf: proof.leaf, siblings: proof.siblings + [.placeholder])
        #expect(!longer.verify(root: root, key: poolKey(3), value: value))
    }

    @Test("a leaf that is not on the key's path cannot prove the key absent", arguments: NodeStoreKind.allCases)
    func offPathLeafRejected(kind: NodeStoreKind) throws {
        // Two keys: each leaf hangs one level below the root; key A's leaf does not share key B's first bit.
        var keys: [[UInt8]] = []
        var n = 0
        while keys.count < 2 {
            let key = poolKey(n)
            if keys.isEmpty || TreeHasher.keyHash(key).bit(0) != TreeHasher.keyHash(keys[0]).bit(0) { keys.append(key) }
            n += 1
        }
        let tree = try treeHolding([keys[0]: [1], keys[1]: [2]], on: kind)
        let root = try tree.rootHash(at: 1)
        let (_, proofB) = try tree.proof(of: keys[1], at: 1)
        // Claim: "key A is absent", shown with B's leaf and A's sibling: B's leaf is off A's path.
        let forged = StateProof(leaf: proofB.leaf, siblings: try tree.proof(of: keys[0], at: 1).proof.siblings)
        #expect(!forged.verify(root: root, key: keys[0], value: nil))
    }

    @Test("the encoding round-trips, and malformed bytes are rejected with their reason")
    func malformedBytes() throws {
        let tree = try treeHolding(Self.contents)
        let (_, proof) = try tree.proof(of: poolKey(9), at: 1)
        let bytes = proof.encoded()
        #expect(try StateProof(decoding: bytes) == proof)
        let cases: [([UInt8], String)] = [
            ([], "proof ends at byte 0 inside the format version"),
            ([2, 0, 0, 0], "unknown proof format version 2 (expected 1)"),
            ([1, 2, 0, 0], "unknown end tag 2 at byte 1 (expected 0 or 1)"),
            ([1, 0, 1, 1], "257 siblings, more than the 256 a path can have"),
            ([1, 0, 0, 3, 0x10], "presence bitmap has bits set past sibling 2"),
            (
                [1, 0, 0, 1, 0x80] + [UInt8](repeating: 0, count: 32),
                "sibling 0 is marked present but is the placeholder"
            ),
            ([1, 0, 0, 0, 9], "1 bytes after the proof"),
            (
                Array(bytes.dropLast()),
                "proof ends at byte \(bytes.count - 32) inside the sibling \(proof.siblings.count - 1)"
            ),
        ]
        for (input, message) in cases {
            #expect(throws: StateTreeError(.malformedProof, message)) { try StateProof(decoding: input) }
        }
        #expect(try StateProof(decoding: [1, 0, 0, 0]) == StateProof(leaf: nil, siblings: []))
    }

    @Test("hex round-trips and rejects odd lengths and non-digits")
    func hex() {
        #expect(Hex.decode("00ffA0") == [0, 255, 160])
        #expect(Hex.encode([0, 255, 160]) == "00ffa0")
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}
