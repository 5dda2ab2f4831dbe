import CMTBytecode
import Testing

@testable import CMTChain

/// Transactions executed in blocks: fees, nonces, refunds, receipts (docs/chain.md, "Execution").
@Suite struct ExecutionTests {
    typealias F = ChainFixture

    @Test("a transfer moves its amount, charges gas used × (base + priority) to the signer, pays it to the proposer, bumps the nonce")
    func transferCharges() throws {
        let chain = try ChainFixture()
        let alice = F.key(0).address
        let bob = F.key(1).address
        let result = try chain.block([try F.transfer(0, to: bob, Amount(atto: 5 * F.cmt), nonce: 0, gasLimit: 50_000)])
        let receipt = result.results[0].receipt
        #expect(result.results[0].code == 0)
        #expect(receipt.status == .success)
        #expect(receipt.gasUsed == 21_000)
        let fee = UInt128(21_000) * 2_000_000_000  // base 1 gwei + priority 1 gwei
        #expect(receipt.fee.atto == fee)
        #expect(try chain.balance(alice).atto == 95 * F.cmt - fee)
        #expect(try chain.balance(bob).atto == 205 * F.cmt)
        #expect(try chain.balance(chain.proposer).atto == fee)
        #expect(try chain.nonce(alice) == 1)
        #expect(try chain.nonce(bob) == 0)
    }

    @Test("the effective priority fee is min(priority, max fee − base fee)")
    func effectivePriority() throws {
        let chain = try ChainFixture()
        // max fee 1.5 gwei, priority 1 gwei: only 0.5 gwei of priority fits above the 1 gwei base fee.
        let bytes = try F.transfer(0, to: F.key(1).address, Amount(atto: 1), nonce: 0, maxFee: Amount(atto: 1_500_000_000))
        let receipt = try chain.block([bytes]).results[0].receipt
        #expect(receipt.fee.atto == UInt128(21_000) * 1_500_000_000)
        #expect(try chain.balance(chain.proposer) == receipt.fee)
    }

    @Test("a fee payer pays the fee, the signer the value and its nonce")
    func feePayer() throws {
        let chain = try ChainFixture()
        let alice = F.key(0).address
        let carol = F.key(2).address
        let bytes = try F.transfer(0, to: F.key(1).address, Amount(atto: 3 * F.cmt), nonce: 0, feePayer: 2)
        let receipt = try chain.block([bytes]).results[0].receipt
        #expect(receipt.status == .success)
        #expect(try chain.balance(alice).atto == 97 * F.cmt)
        #expect(try chain.balance(carol).atto == 300 * F.cmt - receipt.fee.atto)
        #expect(try chain.nonce(alice) == 1)
        #expect(try chain.nonce(carol) == 0)
    }

    @Test("a transfer to oneself costs only the fee; consecutive nonces in one block all run")
    func selfTransferAndNonceSequence() throws {
        let chain = try ChainFixture()
        let alice = F.key(0).address
        let txs = try (0..<3).map { try F.transfer(0, to: alice, Amount(atto: F.cmt), nonce: UInt64($0)) }
        let result = try chain.block(txs)
        #expect(result.results.map(\.code) == [0, 0, 0])
        #expect(try chain.nonce(alice) == 3)
        #expect(try chain.balance(alice).atto == 100 * F.cmt - 3 * UInt128(21_000) * 2_000_000_000)
    }

    @Test("deploy, call and webhook bodies without a contract executor end 'unsupported', charged their intrinsic gas, nonce bumped")
    func contractBodiesUnsupported() throws {
        let chain = try ChainFixture()
        let contract = Address.named("some contract")
        let actions: [TxAction] = [
            .deploy(bundle: [1, 2, 3], constructorArguments: [], parameters: [], value: .zero),
            .call(contract: contract, function: "f", arguments: [], value: Amount(atto: 7)),
            .webhookEvent(contract: contract, hook: "h", payload: [1]),
        ]
        let txs = try actions.enumerated().map { try F.transaction(0, nonce: UInt64($0.offset), action: $0.element, gasLimit: 100_000) }
        let result = try chain.block(txs)
        for (index, item) in result.results.enumerated() {
            #expect(item.receipt.status == .unsupported)
            #expect(item.codespace == ResultCodespace.receipt)
            #expect(item.code == UInt32(ReceiptStatus.unsupported.rawValue))
            #expect(item.receipt.gasUsed == 21_000 + UInt64(txs[index].count))
            #expect(item.receipt.reason == TransactionRunner.unsupportedReason)
        }
        #expect(try chain.nonce(F.key(0).address) == 3)
        #expect(try chain.balance(contract) == .zero)
    }

    @Test("a reverting or out-of-gas body is undone but still charged; a successful one keeps its writes and events")
    func executorOutcomes() throws {
        let executor = ScriptedExecutor()
        let chain = try ChainFixture(executor: executor)
        let contract = Address.named("counter")
        let alice = F.key(0).address
        func call(_ nonce: UInt64, _ function: String) throws -> [UInt8] {
            try F.transaction(0, nonce: nonce, action: .call(contract: contract, function: function, arguments: [], value: Amount(atto: 9)), gasLimit: 200_000)
        }
        let before = try chain.balance(alice)
        let result = try chain.block([try call(0, "revert"), try call(1, "outOfGas"), try call(2, "ok")])
        let receipts = result.results.map(\.receipt)
        #expect(receipts.map(\.status) == [.reverted, .outOfGas, .success])
        #expect(receipts[0].reason == "no")
        #expect(receipts[0].location == SourceLocation(file: "counter.cmt", line: 3, column: 5))
        #expect(receipts[0].events.isEmpty && receipts[1].events.isEmpty)
        #expect(receipts[2].events.count == 1)
        #expect(receipts[1].gasUsed == 200_000)
        let storageKey = StateKey.storage(contract, Array("count".utf8)).bytes
        #expect(try chain.storage.state.value(of: storageKey) == Array("ok".utf8))
        // Only the successful call's value moved; every call paid its fee.
        #expect(try chain.balance(contract).atto == 9)
        let fees = receipts.reduce(UInt128(0)) { $0 + $1.fee.atto }
        #expect(try chain.balance(alice).atto == before.atto - fees - 9)
        #expect(try chain.nonce(alice) == 3)
        let events = try chain.storage.events(EventQuery())
        #expect(events.count == 1)
        #expect(events.first?.event.name == "Counted")
    }

    @Test("a block's gas limits add up to at most the block gas limit: FinalizeBlock rejects the excess, ProcessProposal refuses, PrepareProposal drops")
    func blockGasLimit() throws {
        var parameters = ChainParameters.standard
        parameters.blockGasLimit = 50_000
        let chain = try ChainFixture(parameters: parameters)
        let txs = try (0..<3).map { try F.transfer(UInt32($0), to: F.key(3).address, Amount(atto: 1), nonce: 0) }
        let context = ProposalContext(height: 1, time: chain.time + 5, proposer: chain.proposer)
        #expect(chain.app.prepareProposal(context, candidates: txs, maxBytes: 1 << 20) == Array(txs.prefix(2)))
        #expect(chain.app.processProposal(context, transactions: Array(txs.prefix(2))) == .accept)
        guard case .reject(let reason) = chain.app.processProposal(context, transactions: txs) else {
            Issue.record("a block over its gas limit was accepted")
            return
        }
        #expect(reason.contains("block gas limit"))
        let result = try chain.block(txs)
        #expect(result.results.map(\.code) == [0, 0, TxRejection.Code.blockFull.rawValue])
        #expect(try chain.nonce(F.key(2).address) == 0)
    }

    @Test("PrepareProposal keeps what passes in order and drops rejected transactions and those past max bytes")
    func prepareProposalFilters() throws {
        let chain = try ChainFixture()
        let good0 = try F.transfer(0, to: F.key(1).address, Amount(atto: 1), nonce: 0)
        let replay = try F.transfer(0, to: F.key(1).address, Amount(atto: 2), nonce: 0)
        let good1 = try F.transfer(0, to: F.key(1).address, Amount(atto: 3), nonce: 1)
        let garbage: [UInt8] = [0xFF, 0x01]
        let context = ProposalContext(height: 1, time: chain.time + 5, proposer: chain.proposer)
        #expect(chain.app.prepareProposal(context, candidates: [good0, replay, garbage, good1], maxBytes: 1 << 20) == [good0, good1])
        #expect(chain.app.prepareProposal(context, candidates: [good0, good1], maxBytes: good0.count) == [good0])
        guard case .reject = chain.app.processProposal(context, transactions: [good0, replay]) else {
            Issue.record("a block with a replayed nonce was accepted")
            return
        }
    }

    @Test("blocks out of order, back in time, or of an unknown protocol version are refused; Commit needs a finalized block")
    func blockOrder() throws {
        let chain = try ChainFixture()
        func refusal(_ request: FinalizeBlockRequest) -> ChainError.Code? {
            do {
                _ = try chain.app.finalizeBlock(request)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(refusal(FinalizeBlockRequest(height: 2, time: chain.time, proposer: chain.proposer, transactions: [])) == .wrongHeight)
        #expect(refusal(FinalizeBlockRequest(height: 1, time: chain.time - 1, proposer: chain.proposer, transactions: [])) == .timeOrder)
        #expect(refusal(FinalizeBlockRequest(height: 1, time: chain.time, proposer: chain.proposer, protocolVersion: 2, transactions: [])) == .unknownProtocolVersion)
        let context = ProposalContext(height: 1, time: chain.time, proposer: chain.proposer, protocolVersion: 99)
        #expect(chain.app.processProposal(context, transactions: []) != .accept)
        #expect(throws: ChainError.self) { try chain.app.commit() }
        #expect(try chain.app.info().lastBlockHeight == 0)
        try chain.block([])
        #expect(try chain.app.info().lastBlockHeight == 1)
    }

    @Test("nothing persists before Commit; a restarted application resumes from storage")
    func commitAndResume() throws {
        let chain = try ChainFixture()
        let genesisHash = try chain.app.info().lastBlockAppHash
        let result = try chain.app.finalizeBlock(FinalizeBlockRequest(
            height: 1, time: chain.time, proposer: chain.proposer,
            transactions: [try F.transfer(0, to: F.key(1).address, Amount(atto: 1), nonce: 0)]))
        #expect(try chain.app.info().lastBlockAppHash == genesisHash)
        #expect(try chain.nonce(F.key(0).address) == 0)
        #expect(result.appHash != genesisHash)
        #expect(result.record.previousAppHash == genesisHash)
        try chain.app.commit()
        #expect(try chain.app.info() == ChainInfo(lastBlockHeight: 1, lastBlockAppHash: result.appHash, appVersion: 1))
        let resumed = try ChainApplication(storage: chain.storage)
        #expect(resumed.config == chain.app.config)
        #expect(try resumed.info().lastBlockAppHash == result.appHash)
        #expect(try chain.storage.block(at: 1) == result.record)
        #expect(try BlockRecord(decoding: result.record.encoded) == result.record)
        #expect(throws: ChainError.self) { try resumed.initChain(InitChainRequest(chainID: F.chainID, initialHeight: 1, time: 0, appState: chain.genesis.json())) }
    }
}

/// A contract executor for tests: "revert" writes then reverts, "outOfGas" writes then uses all
/// its gas, "ok" moves the value, writes a key and emits an event.
final class ScriptedExecutor: ContractExecutor {
    func execute(_ request: ContractRequest, state: StateOverlay) -> ContractOutcome {
        guard case .call(let contract, let function, _, let value) = request.action else {
            return ContractOutcome(status: .failed, gasUsed: 1, reason: "only calls")
        }
        let key = StateKey.storage(contract, Array("count".utf8)).bytes
        state.put(key, Array(function.utf8))
        let book = AccountBook(state: state)
        var sender = (try? book.account(request.sender)) ?? .empty
        sender.balance = sender.balance.subtracting(value) ?? .zero
        book.set(request.sender, sender)
        try? book.credit(contract, value)
        switch function {
        case "revert":
            return ContractOutcome(status: .reverted, gasUsed: 500, reason: "no", location: SourceLocation(file: "counter.cmt", line: 3, column: 5))
        case "outOfGas":
            return ContractOutcome(status: .outOfGas, gasUsed: request.gas + 10, events: [ReceiptEvent(contract: contract, name: "Lost", topics: [], fields: [])])
        default:
            return ContractOutcome(
                status: .success, gasUsed: 1_234, returnValue: [1, 3],
                events: [ReceiptEvent(contract: contract, name: "Counted", topics: [[1, 7]], fields: [1, 8, 0])])
        }
    }
}
