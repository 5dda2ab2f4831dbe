import Testing

@testable import CMTChain

/// The state tree checked against a plain dictionary (docs/chain.md, "The state tree").
@Suite struct StateTreeTests {
    /// Checks every key of `pool` (and keys absent at the edges) at `version`: the value the tree
    /// reads, and a proof that verifies against the root for exactly that answer.
    static func checkAgainst(_ expected: [[UInt8]: [UInt8]], pool: [[UInt8]], tree: StateTree, version: UInt64) throws {
        let root = try tree.rootHash(at: version)
        #expect(root == referenceRoot(expected))
        for key in pool + absentKeysAtEdges(of: Array(expected.keys)) {
            let value = try tree.value(of: key, at: version)
            #expect(value == expected[key])
            let (proven, proof) = try tree.proof(of: key, at: version)
            #expect(proven == expected[key])
            #expect(proof.verify(root: root, key: key, value: expected[key]))
            #expect(StateProof.verify(proof.encoded(), root: root, key: key, value: expected[key]))
            // The same proof never shows the opposite answer.
            #expect(!proof.verify(root: root, key: key, value: expected[key] == nil ? [1] : nil))
        }
    }

    @Test("random batches of writes and deletes read back as a dictionary, with proofs for every key",
          arguments: NodeStoreKind.allCases)
    func randomBatchesMatchDictionary(kind: NodeStoreKind) throws {
        var random = SeededGenerator(seed: 12)
        let pool = (0..<300).map(poolKey)
        let tree = try kind.make().tree(.keepAll)
        var expected: [[UInt8]: [UInt8]] = [:]
        for version in UInt64(1)...40 {
            var writes = WriteSet()
            for _ in 0..<Int.random(in: 0...60, using: &random) {
                let key = pool[Int.random(in: 0..<pool.count, using: &random)]
                if Int.random(in: 0..<3, using: &random) == 0 {
                    writes.delete(key)
                    expected[key] = nil
                } else {
                    let value = randomValue(&random)
                    writes.put(key, value)
                    expected[key] = value
                }
            }
            try tree.commit(writes, version: version)
            try Self.checkAgainst(expected, pool: pool, tree: tree, version: version)
        }
        // Then delete everything: back to the empty tree.
        var writes = WriteSet()
        for key in pool { writes.delete(key) }
        #expect(try tree.commit(writes, version: 41) == .placeholder)
        try Self.checkAgainst([:], pool: pool, tree: tree, version: 41)
    }

    @Test("the empty tree's root is the placeholder and it proves every key absent", arguments: NodeStoreKind.allCases)
    func emptyTree(kind: NodeStoreKind) throws {
        let tree = try kind.make().tree(.standard)
        #expect(try tree.commit(WriteSet(), version: 0) == .placeholder)
        try Self.checkAgainst([:], pool: [[], [0], Array("a".utf8)], tree: tree, version: 0)
    }

    @Test("a tree of one key is that key's leaf, and other keys are proven absent against it", arguments: NodeStoreKind.allCases)
    func singleLeaf(kind: NodeStoreKind) throws {
        let tree = try treeHolding([Array("only".utf8): [7]], on: kind)
        let root = try tree.rootHash(at: 1)
        let keyHash = TreeHasher.keyHash(Array("only".utf8))
        #expect(root == TreeHasher.leafHash(keyHash: keyHash, valueHash: TreeHasher.valueHash([7])))
        try Self.checkAgainst(
            [Array("only".utf8): [7]], pool: [Array("only".utf8), Array("other".utf8)], tree: tree, version: 1)
    }

    @Test("keys whose hashes share a long prefix get deep paths with placeholder siblings", arguments: NodeStoreKind.allCases)
    func sharedPrefixes(kind: NodeStoreKind) throws {
        // Find keys sharing the first 14 bits of their hash with "deep-0".
        let anchor = TreeHasher.keyHash(Array("deep-0".utf8))
        var keys = [Array("deep-0".utf8)]
        var n = 1
        while keys.count < 3 {
            let key = Array("deep-\(n)".utf8)
            if TreeHasher.keyHash(key).commonPrefixBits(with: anchor) >= 14 { keys.append(key) }
            n += 1
        }
        var contents: [[UInt8]: [UInt8]] = [:]
        for (index, key) in keys.enumerated() { contents[key] = [UInt8(index)] }
        for index in 0..<20 { contents[poolKey(index)] = [UInt8(index)] }
        let tree = try treeHolding(contents, on: kind)
        try Self.checkAgainst(contents, pool: keys + (0..<25).map(poolKey), tree: tree, version: 1)
        let (_, proof) = try tree.proof(of: keys[0], at: 1)
        #expect(proof.siblings.count >= 15)
        #expect(proof.siblings.contains(.placeholder))
        // Deleting two of the three moves the last one's leaf back up, and the root follows.
        var writes = WriteSet()
        writes.delete(keys[1])
        writes.delete(keys[2])
        try tree.commit(writes, version: 2)
        contents[keys[1]] = nil
        contents[keys[2]] = nil
        try Self.checkAgainst(contents, pool: keys, tree: tree, version: 2)
        #expect(try tree.proof(of: keys[0], at: 2).proof.siblings.count < 14)
    }

    @Test("the same final contents give the same root whatever the order and batching of writes", arguments: NodeStoreKind.allCases)
    func orderIndependence(kind: NodeStoreKind) throws {
        var random = SeededGenerator(seed: 99)
        var contents: [[UInt8]: [UInt8]] = [:]
        for index in 0..<200 { contents[poolKey(index)] = randomValue(&random) }
        let oneBatch = try treeHolding(contents).rootHash(at: 1)
        #expect(oneBatch == referenceRoot(contents))

        for seed in UInt64(1)...4 {
            var shuffle = SeededGenerator(seed: seed)
            // Scratch values and extra keys written first, then overwritten or deleted.
            var steps: [(key: [UInt8], value: [UInt8]?)] = (0..<60).map { (poolKey(1000 + $0), [9]) }
            steps += contents.keys.map { ($0, [0xEE]) }
            steps.shuffle(using: &shuffle)
            var final: [(key: [UInt8], value: [UInt8]?)] = contents.map { ($0.key, $0.value) }
            final += (0..<60).map { (poolKey(1000 + $0), nil) }
            final.shuffle(using: &shuffle)
            steps += final
            let tree = try kind.make().tree(.keepLatest(3))
            var version: UInt64 = 10
            var index = 0
            while index < steps.count {
                let size = Int.random(in: 1...50, using: &shuffle)
                var writes = WriteSet()
                for (key, value) in steps[index..<min(index + size, steps.count)] {
                    if let value { writes.put(key, value) } else { writes.delete(key) }
                }
                try tree.commit(writes, version: version)
                version += 1
                index += size
            }
            #expect(try tree.rootHash(at: version - 1) == oneBatch)
        }
    }

    @Test("writing a key's current value or deleting an absent key writes no node and keeps the root",
          arguments: NodeStoreKind.allCases)
    func noOpWrites(kind: NodeStoreKind) throws {
        let store = try kind.make()
        let tree = try store.tree(.keepAll)
        var writes = WriteSet()
        for index in 0..<50 { writes.put(poolKey(index), [UInt8(index)]) }
        let root = try tree.commit(writes, version: 1)
        let nodes = try store.nodeCount()
        var again = WriteSet()
        for index in 0..<50 { again.put(poolKey(index), [UInt8(index)]) }
        for index in 50..<60 { again.delete(poolKey(index)) }
        #expect(try tree.commit(again, version: 2) == root)
        #expect(try tree.commit(WriteSet(), version: 3) == root)
        #expect(try store.nodeCount() == nodes)
        #expect(try tree.value(of: poolKey(7), at: 3) == [7])
    }

    @Test("an empty value is a value, distinct from an absent key", arguments: NodeStoreKind.allCases)
    func emptyValue(kind: NodeStoreKind) throws {
        let tree = try treeHolding([Array("k".utf8): []], on: kind)
        #expect(try tree.value(of: Array("k".utf8), at: 1) == [])
        let (value, proof) = try tree.proof(of: Array("k".utf8), at: 1)
        #expect(value == [])
        #expect(proof.verify(root: try tree.rootHash(at: 1), key: Array("k".utf8), value: []))
        #expect(!proof.verify(root: try tree.rootHash(at: 1), key: Array("k".utf8), value: nil))
    }

    @Test("a commit must carry the version after the latest", arguments: NodeStoreKind.allCases)
    func versionOrder(kind: NodeStoreKind) throws {
        let tree = try kind.make().tree(.standard)
        try tree.commit(WriteSet(), version: 5)
        for bad: UInt64 in [5, 4, 7] {
            #expect(throws: StateTreeError(.versionOrder, "version \(bad) does not follow the latest version 5")) {
                try tree.commit(WriteSet(), version: bad)
            }
        }
        try tree.commit(WriteSet(), version: 6)
        #expect(try tree.latestVersion() == 6)
        #expect(throws: StateTreeError(.badRetention, "a tree must keep at least one version")) {
            try StateTree(store: MemoryNodeStore(), retention: .keepLatest(0))
        }
    }
}
