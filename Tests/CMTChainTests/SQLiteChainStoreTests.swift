import CMTBytecode
import Foundation
import Testing

@testable import CMTChain

/// The SQLite chain store: one SQL transaction per block, the head, history reads, log queries,
/// retention, reopening, and errors as values (docs/chain.md, "The store").
@Suite struct SQLiteChainStoreTests {
    static let alice = Address.named("alice")
    static let bob = Address.named("bob")

    /// What block `height` of a small fixed workload commits: two transactions, three events, a
    /// few state writes.
    struct TestBlock {
        let fields: BlockHeaderFields
        let changes: [(key: [UInt8], value: [UInt8]?)]
        let transactions: [TransactionRecord]
        let events: [EventRecord]
    }

    static func hash(_ height: UInt64, _ index: UInt8) -> [UInt8] { [0x70, UInt8(truncatingIfNeeded: height), index] + [UInt8](repeating: 0, count: 29) }

    static func block(_ height: UInt64) -> TestBlock {
        let h = UInt8(truncatingIfNeeded: height)
        let first = [
            ReceiptEvent(contract: alice, name: "Transfer", topics: [[h], [0xAA]], fields: [h])
        ]
        let second = [
            ReceiptEvent(contract: bob, name: "Transfer", topics: [[0xAA]], fields: []),
            ReceiptEvent(contract: alice, name: "Approval", topics: [], fields: [9, h]),
        ]
        let receipts = [
            Receipt(transactionHash: hash(height, 0), status: .success, gasUsed: 30_000, fee: Amount(atto: 7), events: first),
            Receipt(transactionHash: hash(height, 1), status: .success, gasUsed: 40_000, fee: Amount(atto: 9), events: second),
        ]
        let transactions = receipts.enumerated().map { index, receipt in
            TransactionRecord(
                height: height, index: UInt32(index), hash: receipt.transactionHash, bytes: [1 + 2 * UInt8(index), 2 + 2 * UInt8(index), h],
                sender: index == 0 ? alice : nil, nonce: index == 0 ? height : nil, receipt: receipt, encodedReceipt: receipt.encoded)
        }
        var events: [EventRecord] = []
        for (index, receipt) in receipts.enumerated() {
            for event in receipt.events {
                events.append(EventRecord(
                    height: height, transactionIndex: UInt32(index), transactionHash: receipt.transactionHash, index: UInt32(events.count),
                    event: event))
            }
        }
        return TestBlock(
            fields: BlockHeaderFields(proposer: bob, hash: [0xB0, h]),
            changes: [
                (key: StateKey.account(alice).bytes, value: AccountRecord(nonce: height, balance: Amount(atto: 1_000)).encoded),
                (key: StateKey.storage(bob, [h]).bytes, value: [h, h]),
                (key: StateKey.storage(bob, [h &- 1]).bytes, value: nil),
            ],
            transactions: transactions, events: events)
    }

    @discardableResult
    static func commit(_ height: UInt64, to store: any ChainStorage) throws -> StateHash {
        let block = block(height)
        return try store.commitWrites(
            block.changes, version: height, time: 1_000 + Int64(height), block: block.fields, transactions: block.transactions,
            events: block.events)
    }

    @Test("a committed block reads back: block record, transactions with receipts, head, and the app hash a plain tree gives")
    func commitAndReadBack() throws {
        let scratch = try ScratchFolder()
        let store = try SQLiteChainStore(path: scratch.file())
        #expect(try store.head() == nil)
        let reference = try StateTree(store: MemoryNodeStore(), retention: .keepAll)
        let genesis: [(key: [UInt8], value: [UInt8]?)] = [(key: StateKey.chain("chain-id").bytes, value: Array("cmt-test-1".utf8))]
        let genesisHash = try store.commitWrites(genesis, version: 0, time: 1_000)
        var writes = WriteSet()
        writes.put(StateKey.chain("chain-id").bytes, Array("cmt-test-1".utf8))
        #expect(genesisHash == (try reference.commit(writes, version: 0)))
        #expect(try store.head() == ChainHead(version: 0, appHash: genesisHash, time: 1_000, hasBlocks: false))
        var previous = genesisHash
        for height in UInt64(1)...3 {
            let block = Self.block(height)
            let appHash = try Self.commit(height, to: store)
            var writes = WriteSet()
            for (key, value) in block.changes {
                if let value { writes.put(key, value) } else { writes.delete(key) }
            }
            #expect(appHash == (try reference.commit(writes, version: height)))
            #expect(try store.head() == ChainHead(version: height, appHash: appHash, time: 1_000 + Int64(height), hasBlocks: true))
            let record = try #require(try store.block(at: height))
            #expect(record.appHash == appHash && record.previousAppHash == previous && record.hash == block.fields.hash)
            #expect(record.result.receiptCount == 2 && record.result.eventCount == 3 && record.result.gasUsed == 70_000)
            #expect(try store.block(hash: block.fields.hash) == record)
            #expect(try store.transactions(at: height) == block.transactions)
            previous = appHash
        }
        #expect(try store.block(at: 4) == nil)
        #expect(try store.block(hash: [1]) == nil)
        #expect(try store.transaction(hash: Self.hash(3, 1)) == Self.block(3).transactions[1])
        #expect(try store.transaction(hash: Self.hash(9, 9)) == nil)
        #expect(try store.state.value(of: StateKey.account(Self.alice).bytes) == AccountRecord(nonce: 3, balance: Amount(atto: 1_000)).encoded)
    }

    @Test("event queries by contract, name, topic and height, in chain order, with a limit, the same on both storages", arguments: ["memory", "sqlite"])
    func eventQueries(kind: String) throws {
        let scratch = try ScratchFolder()
        let store: any ChainStorage = kind == "sqlite" ? try SQLiteChainStore(path: scratch.file()) : try MemoryChainStorage()
        try store.commitWrites([], version: 0, time: 0)
        for height in UInt64(1)...4 { try Self.commit(height, to: store) }
        func places(_ query: EventQuery) throws -> [String] {
            try store.events(query).map { "\($0.height).\($0.transactionIndex).\($0.index)" }
        }
        #expect(try places(EventQuery()).count == 12)
        #expect(try places(EventQuery(contract: Self.alice)) == ["1.0.0", "1.1.2", "2.0.0", "2.1.2", "3.0.0", "3.1.2", "4.0.0", "4.1.2"])
        #expect(try places(EventQuery(contract: Self.alice, name: "Approval", heights: 2...3)) == ["2.1.2", "3.1.2"])
        #expect(try places(EventQuery(name: "Transfer", limit: 3)) == ["1.0.0", "1.1.1", "2.0.0"])
        #expect(try places(EventQuery(topics: [.init(position: 0, bytes: [0xAA])])) == ["1.1.1", "2.1.1", "3.1.1", "4.1.1"])
        #expect(try places(EventQuery(topics: [.init(position: 1, bytes: [0xAA])], heights: 3...9)) == ["3.0.0", "4.0.0"])
        #expect(try places(EventQuery(topics: [.init(position: 1, bytes: [0xAA]), .init(position: 0, bytes: [2])])) == ["2.0.0"])
        #expect(try places(EventQuery(contract: Self.bob, topics: [.init(position: 0, bytes: [2])])) == [])
        #expect(try places(EventQuery(topics: [.init(position: 7, bytes: [2])])) == [])
        #expect(try places(EventQuery(heights: 5...9)) == [])
        #expect(try places(EventQuery(limit: 0)) == [])
        let first = try #require(store.events(EventQuery(contract: Self.alice, limit: 1)).first)
        #expect(first == Self.block(1).events[0])
        #expect(try store.events(EventQuery(heights: 2...2)) == Self.block(2).events)
        let tooMany = EventQuery(topics: Array(repeating: .init(position: 0, bytes: [1]), count: EventQuery.maximumTopics + 1))
        #expect(throws: ChainStoreError(.badQuery, "an event query takes at most 8 topics, not 9")) { try store.events(tooMany) }
    }

    @Test("commits follow the head: genesis once, then each version after the last, refused alike by both storages", arguments: ["memory", "sqlite"])
    func heightOrder(kind: String) throws {
        let scratch = try ScratchFolder()
        func make(_ name: String) throws -> any ChainStorage {
            kind == "sqlite" ? try SQLiteChainStore(path: scratch.file(name)) : try MemoryChainStorage()
        }
        let store = try make("a.sqlite")
        let other = try make("b.sqlite")
        // A block prepared on another storage's tree, before this one has genesis.
        try other.commitWrites([], version: 0, time: 0)
        let early = try Self.pending(1, on: other)
        #expect(throws: ChainStoreError(.heightOrder, "block 1 comes before genesis is committed")) {
            try store.commit(BlockCommit(head: early.head, block: early.block, changes: [], tree: try store.tree.prepare(WriteSet(), version: 1), transactions: [], events: []))
        }
        try store.commitWrites([], version: 4, time: 0)
        #expect(throws: ChainStoreError(.heightOrder, "genesis is already committed (the head is at version 4)")) {
            try store.commit(BlockCommit(
                head: ChainHead(version: 5, appHash: .placeholder, time: 0, hasBlocks: false), block: nil, changes: [],
                tree: try store.tree.prepare(WriteSet(), version: 5), transactions: [], events: []))
        }
        // A commit prepared on a tree that has moved on since.
        #expect { try store.commit(try Self.pending(1, on: other)) } throws: { ($0 as? ChainStoreError)?.code == .heightOrder }
        #expect(try store.head()?.version == 4)
        try Self.commit(5, to: store)
        #expect(try store.head()?.version == 5)
    }

    /// Block `height` prepared on `store` (not committed).
    static func pending(_ height: UInt64, on store: any ChainStorage) throws -> BlockCommit {
        let block = block(height)
        var writes = WriteSet()
        for (key, value) in block.changes {
            if let value { writes.put(key, value) } else { writes.delete(key) }
        }
        let prepared = try store.tree.prepare(writes, version: height)
        let record = BlockRecord(
            height: height, time: 0, proposer: bob, protocolVersion: 1, hash: block.fields.hash, previousAppHash: .placeholder,
            appHash: prepared.rootHash, result: BlockResult(receipts: block.transactions.map(\.receipt), encodedReceipts: block.transactions.map(\.encodedReceipt)))
        return BlockCommit(
            head: ChainHead(version: height, appHash: prepared.rootHash, time: 0, hasBlocks: true), block: record, changes: block.changes,
            tree: prepared, transactions: block.transactions, events: block.events)
    }

    @Test("a block whose commit fails leaves nothing of itself: state, tree, head and history as before")
    func failedCommitIsAllOrNothing() throws {
        let scratch = try ScratchFolder()
        let store = try SQLiteChainStore(path: scratch.file())
        try store.commitWrites([], version: 0, time: 0)
        try Self.commit(1, to: store)
        let head = try store.head()
        // Block 2 carries one transaction twice: its second row fails after the state, the tree and
        // the head were written.
        let good = try Self.pending(2, on: store)
        let bad = BlockCommit(
            head: good.head, block: good.block, changes: good.changes, tree: good.tree, transactions: good.transactions + [good.transactions[0]],
            events: good.events)
        #expect {
            try store.commit(bad)
        } throws: { error in
            (error as? ChainStoreError)?.code == .writeFailed
        }
        #expect(try store.head() == head)
        #expect(try store.tree.latestVersion() == 1)
        #expect(try store.state.value(of: StateKey.storage(Self.bob, [2]).bytes) == nil)
        #expect(try store.block(at: 2) == nil)
        #expect(try store.transactions(at: 2).isEmpty)
        #expect(try store.events(EventQuery(heights: 2...2)).isEmpty)
        // The store goes on with the good block 2, and reopening it finds the same head.
        try store.commit(good)
        let reopened = try SQLiteChainStore(path: scratch.file())
        #expect(try reopened.head() == good.head)
    }

    @Test("past heights read and prove within the retention window, and are a bad query beyond it; reopening keeps all")
    func retentionAndReopen() throws {
        let scratch = try ScratchFolder()
        var hashes: [UInt64: StateHash] = [:]
        do {
            let store = try SQLiteChainStore(path: scratch.file(), retention: .keepLatest(3))
            hashes[0] = try store.commitWrites([], version: 0, time: 0)
            for height in UInt64(1)...6 { hashes[height] = try Self.commit(height, to: store) }
            #expect(try store.retainedHeights() == 4...6)
        }
        let store = try SQLiteChainStore(path: scratch.file(), retention: .keepLatest(3))
        #expect(try store.head() == ChainHead(version: 6, appHash: try #require(hashes[6]), time: 1_006, hasBlocks: true))
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
        #expect(try database.appliedMigrations() == ["v1", "v2"])
        #expect(try database.pragma("journal_mode") == "wal")
        #expect(try database.pragma("synchronous") == "1")
        let full = try ChainDatabase(path: scratch.file("full.sqlite"), durability: .full)
        #expect(try full.pragma("synchronous") == "2")
        // Opening again applies nothing new.
        #expect(try ChainDatabase(path: scratch.file()).appliedMigrations() == ["v1", "v2"])
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
        // A version 1 file that holds a chain is not converted.
        let older = try ChainDatabase(path: scratch.file("v1.sqlite"))
        try older.pool.write { db in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v2'; INSERT INTO chain_meta (name, value) VALUES ('height', x'00')")
        }
        #expect { try ChainDatabase(path: scratch.file("v1.sqlite")) } throws: {
            ($0 as? ChainStoreError)?.code == .openFailed && "\($0)".contains("version 1 format")
        }
    }

    @Test("database failures are errors, never crashes: a lost table, a head that disagrees with the tree")
    func failuresAreErrors() throws {
        let scratch = try ScratchFolder()
        let store = try SQLiteChainStore(path: scratch.file())
        try store.commitWrites([(key: [1], value: [2])], version: 0, time: 0)
        try store.database.pool.write { db in try db.execute(sql: "UPDATE chain_meta SET value = zeroblob(32) WHERE name = 'app_hash'") }
        #expect { try SQLiteChainStore(path: scratch.file()) } throws: { ($0 as? ChainStoreError)?.code == .corrupt }
        try store.database.pool.write { db in try db.execute(sql: "DROP TABLE state; DROP TABLE tree_node") }
        #expect { try store.state.value(of: [1]) } throws: { ($0 as? ChainStoreError)?.code == .readFailed }
        #expect { try store.state.next(from: [], prefix: []) } throws: { ($0 as? ChainStoreError)?.code == .readFailed }
        let memory = try MemoryChainStorage()
        try memory.commitWrites([], version: 0, time: 0)
        #expect { try store.commit(try Self.pending(1, on: memory)) } throws: { ($0 as? ChainStoreError)?.code == .writeFailed }
        #expect { try store.value(of: [1], at: 0) } throws: { ($0 as? ChainStoreError)?.code == .readFailed }
        let overlay = StateOverlay(backing: store.state)
        #expect(overlay.value(of: [1]) == nil)
        #expect(overlay.fault?.code == .readFailed)
    }
}
