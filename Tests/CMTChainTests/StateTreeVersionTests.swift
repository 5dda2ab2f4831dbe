import Testing

@testable import CMTChain

/// Reading and proving at past versions, and pruning beyond the retention window
/// (docs/chain.md, "Retention and pruning").
@Suite struct StateTreeVersionTests {
    /// Commits 30 versions of random writes to `tree`, returning the contents after each.
    static func workload(_ tree: StateTree, seed: UInt64) throws -> [UInt64: [[UInt8]: [UInt8]]] {
        var random = SeededGenerator(seed: seed)
        var contents: [[UInt8]: [UInt8]] = [:]
        var history: [UInt64: [[UInt8]: [UInt8]]] = [:]
        for version in UInt64(1)...30 {
            var writes = WriteSet()
            for _ in 0..<20 {
                let key = poolKey(Int.random(in: 0..<80, using: &random))
                if Int.random(in: 0..<4, using: &random) == 0 {
                    writes.delete(key)
                    contents[key] = nil
                } else {
                    let value = randomValue(&random)
                    writes.put(key, value)
                    contents[key] = value
                }
            }
            try tree.commit(writes, version: version)
            history[version] = contents
        }
        return history
    }

    /// The number of distinct nodes the roots of `versions` reach.
    static func reachableNodes(_ store: any NodeStore, versions: ClosedRange<UInt64>) throws -> Int {
        var seen = Set<NodeKey>()
        var stack = try versions.compactMap { try store.root(at: $0)?.node }
        while let key = stack.popLast() {
            guard seen.insert(key).inserted else { continue }
            guard let node = try store.node(key) else {
                Issue.record("node \(key) reachable from a retained root is missing")
                continue
            }
            if case .internal(let inner) = node {
                for (nibble, child) in inner.children {
                    stack.append(NodeKey(version: child.version, path: key.path.appending(nibble)))
                }
            }
        }
        return seen.count
    }

    @Test("values and proofs at every past version match the contents after that version", arguments: NodeStoreKind.allCases)
    func pastVersions(kind: NodeStoreKind) throws {
        let tree = try kind.make().tree(.keepAll)
        let history = try Self.workload(tree, seed: 3)
        let pool = (0..<80).map(poolKey)
        for version in UInt64(1)...30 {
            try StateTreeTests.checkAgainst(history[version] ?? [:], pool: pool, tree: tree, version: version)
        }
    }

    @Test("keepLatest(n) keeps exactly the last n versions readable, and deletes what only older ones reached",
          arguments: NodeStoreKind.allCases)
    func pruningWindow(kind: NodeStoreKind) throws {
        let store = try kind.make()
        let tree = try store.tree(.keepLatest(5))
        let history = try Self.workload(tree, seed: 4)
        #expect(try tree.retainedVersions() == 26...30)
        for version in UInt64(1)...25 {
            #expect(throws: StateTreeError(.unknownVersion, "version \(version) is not retained (retained: 26...30)")) {
                try tree.value(of: poolKey(0), at: version)
            }
            #expect(throws: StateTreeError.self) { try tree.proof(of: poolKey(0), at: version) }
        }
        let pool = (0..<80).map(poolKey)
        for version in UInt64(26)...30 {
            try StateTreeTests.checkAgainst(history[version] ?? [:], pool: pool, tree: tree, version: version)
        }
        // Nothing but what the retained versions reach is left.
        #expect(try store.nodeCount() == (Self.reachableNodes(store.store, versions: 26...30)))
    }

    @Test("pruning to the latest version leaves the same nodes as building its contents afresh", arguments: NodeStoreKind.allCases)
    func pruneToLatest(kind: NodeStoreKind) throws {
        let store = try kind.make()
        let tree = try store.tree(.keepAll)
        let history = try Self.workload(tree, seed: 5)
        #expect(try store.nodeCount() > (Self.reachableNodes(store.store, versions: 30...30)))
        try tree.prune(before: 30)
        let fresh = MemoryNodeStore()
        let rebuilt = try StateTree(store: fresh, retention: .keepAll)
        var writes = WriteSet()
        for (key, value) in history[30] ?? [:] { writes.put(key, value) }
        try rebuilt.commit(writes, version: 1)
        #expect(try store.nodeCount() == fresh.nodeCount)
        #expect(try tree.rootHash(at: 30) == rebuilt.rootHash(at: 1))
        #expect(throws: StateTreeError.self) { try tree.prune(before: 31) }
    }

    @Test("an empty block keeps the previous root node alive through pruning", arguments: NodeStoreKind.allCases)
    func emptyBlocksSurvivePruning(kind: NodeStoreKind) throws {
        let store = try kind.make()
        let tree = try store.tree(.keepLatest(2))
        var writes = WriteSet()
        for index in 0..<40 { writes.put(poolKey(index), [UInt8(index)]) }
        let root = try tree.commit(writes, version: 1)
        for version in UInt64(2)...6 { #expect(try tree.commit(WriteSet(), version: version) == root) }
        #expect(try tree.retainedVersions() == 5...6)
        try StateTreeTests.checkAgainst(
            Dictionary(uniqueKeysWithValues: (0..<40).map { (poolKey($0), [UInt8($0)]) }),
            pool: (0..<45).map(poolKey), tree: tree, version: 5)
    }
}
