import Foundation
import GRDB
import Testing

@testable import CMTChain

/// The SQLite node store's stale log (one row per version) and its cache of the top levels'
/// nodes (docs/chain.md, "The store"), checked against the in-memory store.
@Suite struct SQLiteNodeStoreTests {
    /// Random writes and deletes over a pool of keys, as one version's write set.
    static func writes(_ random: inout SeededGenerator, count: Int, pool: Int) -> WriteSet {
        var writes = WriteSet()
        for _ in 0..<count {
            let key = poolKey(Int.random(in: 0..<pool, using: &random))
            if Int.random(in: 0..<5, using: &random) == 0 { writes.delete(key) } else { writes.put(key, randomValue(&random)) }
        }
        return writes
    }

    @Test("node keys written one after the other split back into the same keys; cut bytes do not split")
    func staleKeysSplit() throws {
        var random = SeededGenerator(seed: 5)
        let keys = (0..<40).map { index in
            NodeKey(version: UInt64(index * 977), path: NibblePath(of: TreeHasher.keyHash(poolKey(index)), nibbles: Int.random(in: 0...64, using: &random)))
        }
        let bytes = NodeCodec.encode(keys: keys)
        #expect(NodeCodec.splitKeys(bytes) == keys.map { NodeCodec.encode($0) })
        #expect(NodeCodec.splitKeys(bytes)?.compactMap(NodeCodec.decodeKey) == keys)
        #expect(NodeCodec.splitKeys([]) == [])
        #expect(NodeCodec.splitKeys(Array(bytes.dropLast())) == nil)
        #expect(NodeCodec.splitKeys([0, 0, 0, 0, 0, 0, 0, 1, 65]) == nil)
    }

    @Test("with one stale-log row per version, pruning keeps exactly the nodes the in-memory store keeps")
    func staleLogPrunesAsMemory() throws {
        let scratch = try ScratchFolder()
        let sqlite = SQLiteNodeStore(database: try ChainDatabase(path: scratch.file()))
        let memory = MemoryNodeStore()
        let trees = [try StateTree(store: sqlite, retention: .keepLatest(4)), try StateTree(store: memory, retention: .keepLatest(4))]
        var random = SeededGenerator(seed: 17)
        for version in UInt64(1)...30 {
            let writes = Self.writes(&random, count: version == 1 ? 400 : 25, pool: 600)
            let roots = try trees.map { try $0.commit(writes, version: version) }
            #expect(roots[0] == roots[1])
            #expect(try sqlite.nodeCount() == memory.nodeCount)
        }
        let rows = try sqlite.database.access(.readFailed, "counting") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tree_stale") ?? 0 }
        #expect(rows <= 4)
        #expect(try sqlite.staleCount() > rows)
    }

    @Test("a stale log written one node per row (the earlier form) still prunes every node it names")
    func earlierStaleLogFormPrunes() throws {
        let scratch = try ScratchFolder()
        let sqlite = SQLiteNodeStore(database: try ChainDatabase(path: scratch.file()))
        let memory = MemoryNodeStore()
        let trees = [try StateTree(store: sqlite, retention: .keepAll), try StateTree(store: memory, retention: .keepAll)]
        var random = SeededGenerator(seed: 23)
        for version in UInt64(1)...6 {
            let writes = Self.writes(&random, count: version == 1 ? 300 : 30, pool: 400)
            for tree in trees { try tree.commit(writes, version: version) }
        }
        // Rewrite the log as one row per node key, as stores before the per-version rows wrote it.
        try sqlite.database.transaction("splitting the stale log") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT since, node FROM tree_stale")
            try db.execute(sql: "DELETE FROM tree_stale")
            for row in rows {
                let since: Int64 = row["since"]
                let bytes: [UInt8] = Array(row["node"] as Data)
                for key in try #require(NodeCodec.splitKeys(bytes)) {
                    try db.execute(sql: "INSERT INTO tree_stale (since, node) VALUES (?, ?)", arguments: [since, Data(key)])
                }
            }
        }
        try sqlite.prune(before: 5)
        try memory.prune(before: 5)
        #expect(try sqlite.nodeCount() == memory.nodeCount)
        #expect(try trees[0].rootHash(at: 6) == trees[1].rootHash(at: 6))
    }

    @Test("the top levels' cache takes a version's nodes only when its SQL transaction commits")
    func cacheFollowsCommits() throws {
        let scratch = try ScratchFolder()
        let sqlite = SQLiteNodeStore(database: try ChainDatabase(path: scratch.file()))
        let tree = try StateTree(store: sqlite, retention: .keepLatest(3))
        var random = SeededGenerator(seed: 31)
        var contents: [[UInt8]: [UInt8]] = [:]
        func commit(_ writes: WriteSet, _ version: UInt64) throws {
            try tree.commit(writes, version: version)
            for (key, write) in writes.writes {
                if case .put(let value) = write { contents[key] = value } else { contents[key] = nil }
            }
        }
        try commit(Self.writes(&random, count: 2_000, pool: 3_000), 1)
        let cached = sqlite.cache.count
        #expect(cached > 16)
        // Version 2 is written inside a transaction that then fails: the cache must not keep it.
        let doomed = try tree.prepare(Self.writes(&random, count: 50, pool: 3_000), version: 2)
        #expect(throws: ChainStoreError.self) {
            try sqlite.database.transaction("a block that fails") { db -> Int in
                try tree.apply(doomed)
                throw ChainStoreError(.writeFailed, "the block row failed")
            }
        }
        #expect(sqlite.cache.count == cached)
        #expect(try sqlite.node(NodeKey(version: 2, path: .root)) == nil)
        // A different version 2 commits, and every root and value agrees with a plain computation.
        for version in UInt64(2)...12 {
            try commit(Self.writes(&random, count: 40, pool: 3_000), version)
            #expect(try tree.rootHash(at: version) == referenceRoot(contents))
        }
        for (key, value) in contents.prefix(200) { #expect(try tree.value(of: key, at: 12) == value) }
        #expect(sqlite.cache.count <= 1 + 16 + 256 + 4_096)
        // A second store over the same database (a cold cache) reads the same tree.
        let cold = try StateTree(store: SQLiteNodeStore(database: sqlite.database), retention: .keepLatest(3))
        for key in contents.keys.prefix(200) {
            let (warm, fresh) = (try tree.proof(of: key, at: 12), try cold.proof(of: key, at: 12))
            #expect(warm.value == fresh.value && warm.proof == fresh.proof)
        }
    }
}
