import CMTBytecode
import Foundation
import Testing

@testable import CMTChain

/// The SQLite chain store: one SQL transaction per block, the head, history reads, log queries,
/// retention, reopening, and errors as values (docs/chain.md, "The store").
@Suite struct SQLiteChainStoreTests {
    static let alice = Address.named("alice")
    static let bob = Address.named("bob")

    /// Block `height` of a small fixed workload: two transactions, three events, a few state writes.
    static func block(_ height: UInt64) -> StoredBlockCommit {
        let h = UInt8(truncatingIfNeeded: height)
        return StoredBlockCommit(
            height: height, hash: [0xB0, h], header: Array("header \(height)".utf8),
            transactions: [
                .init(hash: [0x70, h, 0], bytes: [1, 2, h], receipt: [0xEC, h, 0]),
                .init(hash: [0x70, h, 1], bytes: [3, 4, h], receipt: [0xEC, h, 1]),
            ],
            events: [
                .init(transactionIndex: 0, logIndex: 0, contract: alice, name: "Transfer", topics: [[h], [0xAA]], fields: [h]),
                .init(transactionIndex: 1, logIndex: 1, contract: bob, name: "Transfer", topics: [[0xAA]], fields: []),
                .init(transactionIndex: 1, logIndex: 2, contract: alice, name: "Approval", topics: [], fields: [9, h]),
            ],
            changes: [
                (key: StateKey.account(alice).bytes, value: AccountRecord(nonce: height, balance: Amount(atto: 1_000)).encoded),
                (key: StateKey.storage(bob, [h]).bytes, value: [h, h]),
                (key: StateKey.storage(bob, [h &- 1]).bytes, value: nil),
            ])
    }

    @Test("a committed block reads back: block, transactions, receipts, head, and the app hash a plain tree gives")
    func commitAndReadBack() throws {
        let scratch = try ScratchFolder()
        let store = try SQLiteChainStore(path: scratch.file())
        #expect(try store.head() == nil)
        let reference = try StateTree(store: MemoryNodeStore(), retention: .keepAll)
        let genesis: [(key: [UInt8], value: [UInt8]?)] = [(key: StateKey.chain("chain-id").bytes, value: Array("cmt-test-1".utf8))]
        let genesisHash = try store.commitGenesis(height: 0, changes: genesis)
        var writes = WriteSet()
        writes.put(StateKey.chain("chain-id").bytes, Array("cmt-test-1".utf8))
        #expect(genesisHash == (try reference.commit(writes, version: 0)))
        for height in UInt64(1)...3 {
            let block = Self.block(height)
            let appHash = try store.commitBlock(block)
            var writes = WriteSet()
            for (key, value) in block.changes {
                if let value { writes.put(key, value) } else { writes.delete(key) }
            }
            #expect(appHash == (try reference.commit(writes, version: height)))
            #expect(try store.head() == .init(height: height, appHash: appHash))
            #expect(try store.block(at: height) == StoredBlock(height: height, hash: block.hash, header: block.header, appHash: appHash))
            #expect(try store.block(hash: block.hash)?.height == height)
        }
        #expect(try store.block(at: 4) == nil)
        #expect(try store.block(hash: [1]) == nil)
        let transactions = try store.transactions(at: 2)
        #expect(transactions == [
            StoredTransaction(hash: [0x70, 2, 0], height: 2, index: 0, bytes: [1, 2, 2]),
            StoredTransaction(hash: [0x70, 2, 1], height: 2, index: 1, bytes: [3, 4, 2]),
        ])
        #expect(try store.transaction(hash: [0x70, 3, 1]) == StoredTransaction(hash: [0x70, 3, 1], height: 3, index: 1, bytes: [3, 4, 3]))
        #expect(try store.transaction(hash: [0x70, 9, 9]) == nil)
        #expect(try store.receipt(transactionHash: [0x70, 1, 0]) == StoredReceipt(transactionHash: [0x70, 1, 0], height: 1, index: 0, bytes: [0xEC, 1, 0]))
        #expect(try store.receipt(transactionHash: [0]) == nil)
        #expect(try store.state.value(of: StateKey.account(Self.alice).bytes) == AccountRecord(nonce: 3, balance: Amount(atto: 1_000)).encoded)
    }

    @Test("event queries by contract, name, topic and height, in chain order, with a limit")
    func eventQueries() throws {
        let scratch = try ScratchFolder()
        let store = try SQLiteChainStore(path: scratch.file())
        try store.commitGenesis(height: 0, changes: [])
        for height in UInt64(1)...4 { try store.commitBlock(Self.block(height)) }
        func places(_ query: EventQuery) throws -> [String] {
            try store.events(query).map { "\($0.height).\($0.transactionIndex).\($0.logIndex)" }
        }
        #expect(try places(EventQuery()).count == 12)
        #expect(try places(EventQuery(contract: Self.alice)) == ["1.0.0", "1.1.2", "2.0.0", "2.1.2", "3.0.0", "3.1.2", "4.0.0", "4.1.2"])
        #expect(try places(EventQuery(contract: Self.alice, name: "Approval", heights: 2...3)) == ["2.1.2", "3.1.2"])
        #expect(try places(EventQuery(name: "Transfer", limit: 3)) == ["1.0.0", "1.1.1", "2.0.0"])
        #expect(try places(EventQuery(topics: [.init(position: 0, bytes: [0xAA])])) == ["1.1.1", "2.1.1", "3.1.1", "4.1.1"])
        #expect(try places(EventQuery(topics: [.init(position: 1, bytes: [0xAA])], heights: 3...9)) == ["3.0.0", "4.0.0"])
        #expect(try places(EventQuery(topics: [.init(position: 1, bytes: [0xAA]), .init(position: 0, bytes: [2])])) == ["2.0.0"])
        #expect(try places(EventQuery(contract: Self.bob, topics: [.init(position: 0, bytes: [2])])) == [])
        #expect(try places(EventQuery(limit: 0)) == [])
        let first = try #require(store.events(EventQuery(contract: Self.alice, limit: 1)).first)
        #expect(first == StoredEvent(height: 1, transactionIndex: 0, logIndex: 0, contract: Self.alice, name: "Transfer", topics: [[1], [0xAA]], fields: [1]))
        let tooMany = EventQuery(topics: Array(repeating: .init(position: 0, bytes: [1]), count: SQLiteChainStore.maximumQueryTopics + 1))
        #expect(throws: ChainStoreError(.badQuery, "an event query takes at most 8 topics, not 9")) { try store.events(tooMany) }
    }

    @Test("blocks commit in height order after genesis, once")
    func heightOrder() throws {
        let scratch = try ScratchFolder()
        let store = try SQLiteChainStore(path: scratch.file())
        #expect(throws: ChainStoreError(.heightOrder, "block 1 comes before genesis is committed")) { try store.commitBlock(Self.block(1)) }
        try store.commitGenesis(height: 4, changes: [])
        #expect(throws: ChainStoreError(.heightOrder, "genesis is already committed (the head is at height 4)")) {
            try store.commitGenesis(height: 0, changes: [])
        }
        for bad: UInt64 in [4, 3, 6] {
            #expect(throws: ChainStoreError(.heightOrder, "block \(bad) does not follow the head at height 4")) { try store.commitBlock(Self.block(bad)) }
        }
        try store.commitBlock(Self.block(5))
        #expect(try store.head()?.height == 5)
    }

    @Test("a block whose commit fails leaves nothing of itself: state, tree, head and history as before")
    func failedCommitIsAllOrNothing() throws {
        let scratch = try ScratchFolder()
        let store = try SQLiteChainStore(path: scratch.file())
        try store.commitGenesis(height: 0, changes: [])
        try store.commitBlock(Self.block(1))
        let head = try store.head()
        // Block 2 reuses block 1's hash: the block row fails after the state and the tree were written.
        var bad = Self.block(2)
        bad.hash = Self.block(1).hash
        #expect {
            try store.commitBlock(bad)
        } throws: { error in
            (error as? ChainStoreError)?.code == .writeFailed
        }
        #expect(try store.head() == head)
        #expect(try store.tree.latestVersion() == 1)
        #expect(try store.state.value(of: StateKey.storage(Self.bob, [2]).bytes) == nil)
        #expect(try store.transactions(at: 2).isEmpty)
        #expect(try store.events(EventQuery(heights: 2...2)).isEmpty)
        // The store goes on with a good block 2, and reopening it finds the same head.
        let appHash = try store.commitBlock(Self.block(2))
        let reopened = try SQLiteChainStore(path: scratch.file())
        #expect(try reopened.head() == .init(height: 2, appHash: appHash))
    }

    @Test("past heights read and prove within the retention window, and are a bad query beyond it; reopening keeps all")
    func retentionAndReopen() throws {
        let scratch = try ScratchFolder()
        var hashes: [UInt64: StateHash] = [:]
        do {
            let store = try SQLiteChainStore(path: scratch.file(), retention: .keepLatest(3))
            hashes[0] = try store.commitGenesis(height: 0, changes: [])
            for height in UInt64(1)...6 { hashes[height] = try store.commitBlock(Self.block(height)) }
            #expect(try store.retainedHeights() == 4...6)
        }
        let store = try SQLiteChainStore(path: scratch.file(), retention: .keepLatest(3))
        #expect(try store.head() == .init(height: 6, appHash: try #require(hashes[6])))
        let key = StateKey.account(Self.alice).bytes
        for height in UInt64(4)...6 {
            let expected = AccountRecord(nonce: height, balance: Amount(atto: 1_000)).encoded
            #expect(try store.value(of: key, at: height) == expected)
            let (value, proof) = try store.proof(of: key, at: height)
            #expect(value == expected)
            #expect(proof.verify(root: try #require(hashes[height]), key: key, value: expected))
            #expect(try store.appHash(at: height) == hashes[height])
        }
        #expect(throws: ChainStoreError(.badQuery, "version 3 is not retained (retained: 4...6)")) { try store.value(of: key, at: 3) }
        #expect(throws: ChainStoreError.self) { try store.proof(of: key, at: 9) }
        // Blocks stay after their state is pruned.
        #expect(try store.block(at: 1)?.appHash == hashes[1])
    }

    @Test("the database is WAL with the documented durability, its schema migrated once")
    func schemaAndSettings() throws {
        let scratch = try ScratchFolder()
        let database = try ChainDatabase(path: scratch.file())
        #expect(database.durability == .normal)
        #expect(try database.appliedMigrations() == ["v1"])
        #expect(try database.pragma("journal_mode") == "wal")
        #expect(try database.pragma("synchronous") == "1")
        let full = try ChainDatabase(path: scratch.file("full.sqlite"), durability: .full)
        #expect(try full.pragma("synchronous") == "2")
        // Opening again applies nothing new.
        #expect(try ChainDatabase(path: scratch.file()).appliedMigrations() == ["v1"])
    }

    @Test("a file that is not a chain database, or one from a newer schema, is refused with openFailed")
    func badFilesRefused() throws {
        let scratch = try ScratchFolder()
        let garbage = scratch.file("garbage.sqlite")
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: garbage))
        #expect { try ChainDatabase(path: garbage) } throws: { ($0 as? ChainStoreError)?.code == .openFailed }
        #expect { try ChainDatabase(path: scratch.path + "/missing/dir/chain.sqlite") } throws: {
            ($0 as? ChainStoreError)?.code == .openFailed
        }
        let newer = try ChainDatabase(path: scratch.file())
        try newer.pool.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        #expect(throws: ChainStoreError(.openFailed, "the database was written by a newer schema (migrations v99 are unknown to this build)")) {
            try ChainDatabase(path: scratch.file())
        }
    }

    @Test("database failures are errors, never crashes: a lost table, a head that disagrees with the tree")
    func failuresAreErrors() throws {
        let scratch = try ScratchFolder()
        let store = try SQLiteChainStore(path: scratch.file())
        try store.commitGenesis(height: 0, changes: [(key: [1], value: [2])])
        try store.database.pool.write { db in try db.execute(sql: "UPDATE chain_meta SET value = zeroblob(32) WHERE name = 'app_hash'") }
        #expect { try SQLiteChainStore(path: scratch.file()) } throws: { ($0 as? ChainStoreError)?.code == .corrupt }
        try store.database.pool.write { db in try db.execute(sql: "DROP TABLE state; DROP TABLE tree_node") }
        #expect { try store.state.value(of: [1]) } throws: { ($0 as? ChainStoreError)?.code == .readFailed }
        #expect { try store.state.next(from: [], prefix: []) } throws: { ($0 as? ChainStoreError)?.code == .readFailed }
        #expect { try store.commitBlock(Self.block(1)) } throws: { ($0 as? ChainStoreError)?.code == .writeFailed }
        #expect { try store.value(of: [1], at: 0) } throws: { ($0 as? ChainStoreError)?.code == .readFailed }
        let overlay = StateOverlay(backing: store.state)
        #expect(overlay.value(of: [1]) == nil)
        #expect(overlay.fault?.code == .readFailed)
    }
}
