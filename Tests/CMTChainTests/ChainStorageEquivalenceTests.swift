import CMTBytecode
import ChainWorkloads
import Testing

@testable import CMTChain

/// The SQLite store is a ``ChainStorage`` that behaves as the in-memory one: the same blocks give
/// the same app hashes, receipts, records and state bytes, and a node reopening its database
/// resumes at the committed head (docs/chain.md, "Storage").
@Suite struct ChainStorageEquivalenceTests {
    /// Every block record, transaction record and event of heights `heights`.
    static func history(_ storage: any ChainStorage, _ heights: ClosedRange<UInt64>) throws -> [String] {
        var out: [String] = []
        for height in heights {
            out.append("\(try storage.block(at: height).map { Hex.encode($0.encoded) } ?? "none")")
            for record in try storage.transactions(at: height) {
                out.append("\(record.index) \(Hex.encode(record.hash)) \(Hex.encode(record.bytes)) \(record.sender.map { Hex.encode($0.bytes) } ?? "-") \(record.nonce.map(String.init) ?? "-") \(Hex.encode(record.encodedReceipt))")
                #expect(try storage.transaction(hash: record.hash)?.height ?? 0 <= height)
            }
        }
        for event in try storage.events(EventQuery(heights: heights, limit: Int.max)) {
            out.append("\(event.height).\(event.index) \(event.transactionIndex) \(Hex.encode(event.transactionHash)) \(Hex.encode(event.event.encoded))")
        }
        return out
    }

    @Test("the 50-block script gives the same app hashes, receipts and records on SQLite, restarted every 7 blocks, as in memory")
    func scriptOnBothStorages() throws {
        let memory = try MemoryChainStorage()
        let inMemory = try ChainScript.run(storage: memory)
        #expect(inMemory.appHash.hex == (try GoldenFile.value("script.appHash")))
        let scratch = try ScratchFolder()
        var opened = 0
        let onSQLite = try ChainScript.run(storage: try SQLiteChainStore(path: scratch.file()), reopenEvery: 7) {
            opened += 1
            return try SQLiteChainStore(path: scratch.file())
        }
        #expect(opened == ChainScript.blocks / 7)
        #expect(onSQLite == inMemory)
        let reopened = try SQLiteChainStore(path: scratch.file())
        #expect(try reopened.head() == memory.head())
        let heights = 1...UInt64(ChainScript.blocks)
        #expect(try Self.history(reopened, heights) == (try Self.history(memory, heights)))
        #expect(try reopened.events(EventQuery(limit: Int.max)).isEmpty)  // the script runs no contract code
        // A restarted application reports the same head to consensus and takes the next block.
        let app = try ChainApplication(storage: reopened)
        #expect(try app.info() == (try ChainApplication(storage: memory).info()))
        #expect(try app.info().lastBlockHeight == UInt64(ChainScript.blocks))
    }

    @Test("contract deploys and calls with events give identical results, state bytes, records and log queries on both storages")
    func contractBlocksOnBothStorages() throws {
        let scratch = try ScratchFolder()
        let memory = try ChainFixture(executor: BundleContractExecutor())
        let sqlite = try ChainFixture(
            executor: BundleContractExecutor(), storage: try SQLiteChainStore(path: scratch.file(), retention: .keepAll))
        let deployer = ChainFixture.key(0).address
        let contract = Address.contract(deployer: deployer, nonce: 0)
        var blocks: [[[UInt8]]] = [[
            try ChainFixture.transaction(
                0, nonce: 0,
                action: .deploy(
                    bundle: try ContractExecutionTests.bundle(ContractExecutionTests.vault),
                    constructorArguments: ContractExecutionTests.arguments(.address(deployer), .number(Decimal18(10))), parameters: [],
                    value: .zero),
                gasLimit: 2_000_000)
        ]]
        for round in UInt64(0)..<4 {
            blocks.append([
                try ChainFixture.transaction(
                    1, nonce: 2 * round,
                    action: .call(
                        contract: contract, function: "deposit", arguments: ContractExecutionTests.arguments(.string("r\(round)")),
                        value: Amount(atto: Amount.attoPerCMT)),
                    gasLimit: 500_000),
                try ChainFixture.transaction(
                    1, nonce: 2 * round + 1,
                    action: .call(
                        contract: contract, function: "deposit", arguments: ContractExecutionTests.arguments(.string("no")),
                        value: Amount(atto: 20 * Amount.attoPerCMT)),
                    gasLimit: 500_000),
                try ChainFixture.transfer(2, to: .named("fresh-\(round)"), Amount(atto: 5), nonce: round),
            ])
        }
        for transactions in blocks {
            let a = try memory.block(transactions)
            let b = try sqlite.block(transactions)
            #expect(a.appHash == b.appHash)
            #expect(a.record == b.record)
            #expect(a.results.map(\.receipt) == b.results.map(\.receipt))
        }
        let statuses = try memory.storage.transactions(at: 2).map(\.receipt.status)
        #expect(statuses == [.success, .reverted, .success])
        #expect(try memory.allState().map(\.key) == (try sqlite.allState().map(\.key)))
        #expect(try memory.allState().map(\.value) == (try sqlite.allState().map(\.value)))
        let heights = 1...UInt64(blocks.count)
        #expect(try Self.history(sqlite.storage, heights) == (try Self.history(memory.storage, heights)))
        let deposits = EventQuery(contract: contract, name: "Deposited", heights: 2...3)
        #expect(try sqlite.storage.events(deposits).count == 2)
        #expect(try sqlite.storage.events(deposits) == (try memory.storage.events(deposits)))
        let topic = try #require(try memory.storage.events(deposits).first?.event.topics.first)
        let byTopic = EventQuery(topics: [.init(position: 0, bytes: topic)])
        #expect(try sqlite.storage.events(byTopic) == (try memory.storage.events(byTopic)))
        #expect(try sqlite.storage.events(byTopic).count >= 1)
        // Receipt proofs come out the same from both.
        let hash = try #require(try memory.storage.transactions(at: 3).first?.hash)
        let proofs = try (memory.app.receiptProof(transactionHash: hash), sqlite.app.receiptProof(transactionHash: hash))
        #expect(proofs.0?.appHash == proofs.1?.appHash)
        #expect(proofs.0?.proof.receipt == proofs.1?.proof.receipt)
        #expect(proofs.0?.proof.stateProof.encoded() == proofs.1?.proof.stateProof.encoded())
        #expect(proofs.1.map { $0.proof.verify(appHash: $0.appHash) } == true)
    }
}
