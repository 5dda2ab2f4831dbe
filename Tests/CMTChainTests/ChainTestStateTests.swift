import CMTBytecode
import CMTVM
import Testing

@testable import CMTChain

/// `cmtc test --host sqlite`'s state: the chain Host over a ChainStorage, committing a block at
/// every move of the block and at the end (docs/testing.md, "Hosts").
@Suite struct ChainTestStateTests {
    static let contract = Address.named("contract")
    static let alice = Address.named("alice")

    @Test("writes, balances, files and events persist in SQLite across blocks, read back after each commit")
    func persistsAcrossBlocks() throws {
        let scratch = try ScratchFolder()
        let store = try SQLiteChainStore(path: scratch.file())
        let state = try ChainTestState(storage: store)
        #expect(try store.head()?.version == 0)
        state.storageSet(contract: Self.contract, key: [1], value: [9])
        state.setBalance(Decimal18(5), for: Self.alice)
        let cid = state.filePut([1, 2, 3])
        state.emit(contract: Self.contract, name: "E", topics: [], fields: [0])
        state.moveBlock(to: BlockContext(height: 2, time: 60))
        #expect(try store.head() == ChainHead(version: 1, appHash: try store.tree.rootHash(at: 1), time: 0, hasBlocks: true))
        #expect(state.block == BlockContext(height: 2, time: 60))
        // The next block reads what the first committed, from the database.
        #expect(try store.state.value(of: StateKey.storage(Self.contract, [1]).bytes) == [9])
        #expect(state.storageGet(contract: Self.contract, key: [1]) == [9])
        #expect(state.balance(of: Self.alice) == Decimal18(5))
        #expect(state.fileGet(cid) == [1, 2, 3])
        #expect(state.events.map(\.name) == ["E"])
        // A snapshot and rollback within a block undo its writes; the end commits the rest.
        let mark = state.snapshot()
        state.storageSet(contract: Self.contract, key: [2], value: [8])
        #expect(state.transfer(from: Self.alice, to: Self.contract, amount: Decimal18(2)) == nil)
        state.rollback(to: mark)
        #expect(state.storageGet(contract: Self.contract, key: [2]) == nil)
        #expect(state.transfer(from: Self.alice, to: Self.contract, amount: Decimal18(3)) == nil)
        state.commit()
        #expect(state.fault == nil)
        let reopened = try SQLiteChainStore(path: scratch.file())
        #expect(try reopened.head()?.version == 2)
        let after = try ChainTestState(storage: reopened)
        #expect(after.balance(of: Self.contract) == Decimal18(3) && after.balance(of: Self.alice) == Decimal18(2))
        #expect(after.storageGet(contract: Self.contract, key: [2]) == nil)
        #expect(state.events.map(\.name) == ["E"])
    }

    @Test("a commit that fails is the host's fault")
    func failedCommitIsAFault() throws {
        let scratch = try ScratchFolder()
        let store = try SQLiteChainStore(path: scratch.file())
        let state = try ChainTestState(storage: store)
        state.storageSet(contract: Self.contract, key: [1], value: [9])
        try store.database.pool.write { db in try db.execute(sql: "DROP TABLE block") }
        state.commit()
        #expect(state.fault?.code == .storageWrite)
    }
}
