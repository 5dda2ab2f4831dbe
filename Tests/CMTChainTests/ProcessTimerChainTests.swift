import CMTBuild
import CMTBundle
import CMTBytecode
import CMTSource
import CMTVM
import Foundation
import Testing

@testable import CMTChain

/// Process timers on the chain (docs/chain.md, "Process timers"): storing an instance that waits
/// on a timer writes the timer index; the block whose time reaches the due time fires it at its
/// end, in index order, within the timer budget, with a receipt and events; the rest carries over.
@Suite struct ProcessTimerChainTests {
    static let contract = """
        contract Watch {
            pid: number = 0;
            reminders: number = 0;
            event Reminded(pid: number);
            public function watch(): string {
                const process = start_process("processes/reminder.bpm");
                process.next();
                pid = process.id;
                return process.state;
            }
            public function state(id: number): string { return load_process(id).state; }
            public function remind(processId: number): void {
                reminders += 1;
                emit Reminded(processId);
            }
            public function count(): number { return reminders; }
            public function watchThenFail(): void {
                const process = start_process("processes/reminder.bpm");
                process.next();
                require(false, "changed my mind");
            }
        }
        """

    static let reminder = """
        <process-definition name="reminder">
          <start-state name="placed"><transition to="waiting"/></start-state>
          <state name="waiting">
            <timer name="late" duedate="1 hour" transition="remind"/>
            <transition name="paid" to="done"/>
            <transition name="remind" to="reminded"/>
          </state>
          <state name="reminded">
            <event type="node-enter"><action function="remind"/></event>
            <transition to="done"/>
          </state>
          <end-state name="done"/>
        </process-definition>
        """

    /// The Watch project as a bundle.
    static func bundle() throws -> [UInt8] {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("chain-timers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in [("src/watch.cmt", contract), ("processes/reminder.bpm", reminder)] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [root.path], sources: sources)
        let compiled = try #require(result.compiled, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
        return try BundleWriter.write(compiled, bound: [], withSources: false)
    }

    /// A chain with the Watch contract deployed by dev account 0; gives the contract's address.
    static func deployed(_ chain: ChainFixture, bundle bytes: [UInt8]? = nil) throws -> Address {
        let deploy = try ChainFixture.transaction(
            0, nonce: 0, action: .deploy(bundle: try bytes ?? bundle(), constructorArguments: [], parameters: [], value: .zero), gasLimit: 3_000_000)
        let receipt = try #require(try chain.block([deploy]).results.first?.receipt)
        #expect(receipt.status == .success, "\(receipt.reason)")
        return try #require(receipt.createdContract)
    }

    static func call(_ signer: UInt32, nonce: UInt64, _ contract: Address, _ function: String, _ arguments: ContractValue...) throws -> [UInt8] {
        try ChainFixture.transaction(
            signer, nonce: nonce,
            action: .call(
                contract: contract, function: function, arguments: arguments.isEmpty ? [] : ValueCodec.encode(.array(arguments)), value: .zero),
            gasLimit: 1_000_000)
    }

    /// The timer index entries of committed state.
    static func timerEntries(_ chain: ChainFixture) throws -> [StateKey] {
        try chain.allState().compactMap { pair in
            guard case .timer? = StateKey(bytes: pair.key) else { return nil }
            return StateKey(bytes: pair.key)
        }
    }

    @Test("a waiting instance is indexed by its due time; the block that reaches it fires the timer with a receipt and an event", arguments: ["memory", "sqlite"])
    func timerFiresAtItsBlock(kind: String) throws {
        let scratch = try ScratchFolder()
        let chain = try ChainFixture(
            executor: BundleContractExecutor(), storage: kind == "sqlite" ? try SQLiteChainStore(path: scratch.file()) : nil)
        let contract = try Self.deployed(chain)
        let started = try chain.block([try Self.call(1, nonce: 0, contract, "watch")])
        #expect(started.results.first?.receipt.status == .success)
        let due = chain.time + 3_600
        #expect(try Self.timerEntries(chain) == [.timer(due: due, contract: contract, id: ProcessTimers.idBytes(1))])
        #expect(try chain.app.nextTimerDue() == due)

        // A block before the due time fires nothing.
        chain.time = due - 10
        let early = try chain.block([])
        #expect(early.timers.isEmpty)
        #expect(try chain.app.nextTimerDue() == due)

        // The block whose time reaches it fires it after its transactions, and the index empties.
        chain.time = due - 5
        let firing = try chain.block([try Self.call(2, nonce: 0, contract, "count")])
        #expect(firing.results.count == 1)
        let receipt = try #require(firing.timers.first)
        #expect(firing.timers.count == 1)
        #expect(receipt.status == .success, "\(receipt.reason)")
        #expect(receipt.gasUsed > 0 && receipt.fee == .zero)
        #expect(receipt.events.map(\.name) == ["Reminded"])
        let key = StateKey.timer(due: due, contract: contract, id: ProcessTimers.idBytes(1)).bytes
        #expect(receipt.transactionHash == ProcessTimers.firingHash(height: chain.height, key: key))
        #expect(try Self.timerEntries(chain).isEmpty)
        #expect(try chain.app.nextTimerDue() == nil)
        // The firing's receipt follows the transactions' in the block's records and roots.
        #expect(firing.record.result.receiptCount == 2 && firing.record.result.eventCount == 1)
        let stored = try #require(try chain.storage.transaction(hash: receipt.transactionHash))
        #expect(stored.index == 1 && stored.bytes == key && stored.sender == nil && stored.receipt == receipt)
        let events = try chain.storage.events(EventQuery(contract: contract, name: "Reminded"))
        #expect(events.map(\.transactionHash) == [receipt.transactionHash])
        let proof = try #require(try chain.app.receiptProof(transactionHash: receipt.transactionHash))
        #expect(proof.proof.verify(appHash: proof.appHash))
        // The process moved on, and the contract's action ran once.
        let after = try chain.block([
            try Self.call(2, nonce: 1, contract, "state", .number(Decimal18(1))), try Self.call(2, nonce: 2, contract, "count"),
        ])
        #expect(after.results.map(\.receipt.returnValue) == [ValueCodec.encode(.string("reminded")), ValueCodec.encode(.number(Decimal18(1)))])
        #expect(after.timers.isEmpty)
    }

    @Test("a small budget fires the due instances in index order, two a block, and carries the rest over; both storages agree")
    func budgetCarriesOver() throws {
        let scratch = try ScratchFolder()
        var appHashes: [[StateHash]] = []
        var firedIDs: [[[Int64]]] = []
        let bundle = try Self.bundle()  // the same bytes on both chains (the compiler's paths are in them)
        for storage in [nil, try SQLiteChainStore(path: scratch.file()) as any ChainStorage] {
            let chain = try ChainFixture(executor: BundleContractExecutor(), storage: storage)
            chain.app.timerBudget = ProcessTimers.Budget(gasPerBlock: 2_000_000, gasPerFiring: 1_000_000, minimumCharge: 600_000)
            let contract = try Self.deployed(chain, bundle: bundle)
            var hashes: [StateHash] = []
            hashes.append(try chain.block((0..<3).map { try Self.call(1, nonce: UInt64($0), contract, "watch") }).appHash)
            #expect(try Self.timerEntries(chain).count == 3)
            let due = chain.time + 3_600
            chain.time = due
            var fired: [[Int64]] = []
            for _ in 0..<3 {
                let result = try chain.block([])
                hashes.append(result.appHash)
                #expect(result.timers.allSatisfy { $0.status == .success })
                fired.append(try result.timers.map { receipt in
                    let stored = try #require(try chain.storage.transaction(hash: receipt.transactionHash))
                    guard case .timer(_, _, let id)? = StateKey(bytes: stored.bytes) else { return -1 }
                    return ProcessTimers.instanceID(id) ?? -1
                })
            }
            #expect(fired == [[1, 2], [3], []])
            #expect(try chain.app.nextTimerDue() == nil)
            appHashes.append(hashes)
            firedIDs.append(fired)
        }
        #expect(appHashes[0] == appHashes[1])
        #expect(firedIDs[0] == firedIDs[1])
    }

    @Test("a call that stores an instance and then reverts leaves no timer entry")
    func revertedScheduleLeavesNoEntry() throws {
        let chain = try ChainFixture(executor: BundleContractExecutor())
        let contract = try Self.deployed(chain)
        let result = try chain.block([try Self.call(1, nonce: 0, contract, "watchThenFail")])
        #expect(result.results.first?.receipt.status == .reverted)
        #expect(try Self.timerEntries(chain).isEmpty)
    }
}
