import CMTBytecode
import Crypto

/// The chain's state machine in CometBFT's ABCI 2.0 terms (docs/chain.md, "Blocks"), one code
/// path for the embedded dev chain and for CometBFT:
///
///     InitChain(genesis) → app hash of genesis
///     CheckTx(bytes)     → admitted or rejected, against the last committed state
///     PrepareProposal    → the transactions a block proposed here carries
///     ProcessProposal    → accept or reject a proposed block
///     FinalizeBlock      → a result per transaction and the app hash (in header height + 1)
///     Commit             → the finalized block persists
///
/// Nothing persists before Commit: FinalizeBlock computes the block's writes, its receipts and
/// the state tree's new nodes and keeps them until Commit writes them in one ``ChainStorage``
/// commit. Requests come one at a time (consensus serializes them); only the signature checks
/// run on several threads.
public final class ChainApplication {
    public let storage: any ChainStorage
    /// Runs deploy, call and webhook bodies; without one they end with status
    /// ``ReceiptStatus/unsupported``.
    public let executor: (any ContractExecutor)?
    /// The chain's configuration, once InitChain has run (or read from committed state).
    public private(set) var config: ChainConfig?
    /// How much process timer work a block does (docs/chain.md, "Process timers"); every node of
    /// a chain must use the same.
    public var timerBudget = ProcessTimers.Budget.standard
    private(set) var verification: VerificationStage?
    private var pending: BlockCommit?
    /// The last proposal this node prepared: on the same committed state, the same block and the
    /// same transactions, ProcessProposal already knows its answer (accept) without running the
    /// checks again (the embedded chain processes its own proposals).
    private var lastPrepared: (version: UInt64, context: ProposalContext, hashes: [[UInt8]])?

    /// An application over `storage`; a storage that already holds a chain resumes it.
    /// - Throws: ``ChainError/Code/storeFailure`` when the stored configuration cannot be read.
    public init(storage: any ChainStorage, executor: (any ContractExecutor)? = nil) throws(ChainError) {
        self.storage = storage
        self.executor = executor
        if try Self.store({ () throws(ChainStoreError) in try storage.head() }) != nil {
            let config = try Self.store { () throws(ChainStoreError) in try ChainConfig(reading: storage.state) }
            configure(config)
        }
    }

    private func configure(_ config: ChainConfig) {
        self.config = config
        verification = VerificationStage(
            check: StatelessCheck(chainID: config.chainID, maxTransactionBytes: config.parameters.maxTransactionBytes))
    }

    // MARK: Info and InitChain

    /// Where the chain stands (ABCI Info).
    public func info() throws(ChainError) -> ChainInfo {
        guard let head = try Self.store({ () throws(ChainStoreError) in try storage.head() }), let config else {
            return ChainInfo(lastBlockHeight: 0, lastBlockAppHash: .placeholder, appVersion: ChainVersions.currentProtocol)
        }
        return ChainInfo(
            lastBlockHeight: head.hasBlocks ? head.version : 0, lastBlockAppHash: head.appHash,
            appVersion: config.versions.protocolVersion)
    }

    /// Starts the chain from genesis: validates `app_state`, writes the accounts and the
    /// configuration, and commits them as state version initial height − 1. Returns the genesis
    /// app hash (in the first block's header).
    /// - Throws: ``ChainError/Code/badGenesis`` (with the ``GenesisError``),
    ///   ``ChainError/Code/alreadyInitialized``, store failures.
    @discardableResult
    public func initChain(_ request: InitChainRequest) throws(ChainError) -> StateHash {
        guard config == nil else { throw ChainError(.alreadyInitialized, "the chain already has state; InitChain runs once") }
        let genesis: Genesis
        do {
            genesis = try Genesis(json: request.appState)
        } catch {
            throw ChainError(.badGenesis, error.description)
        }
        guard genesis.chainID == request.chainID else {
            throw ChainError(.badGenesis, "app_state.chain_id '\(genesis.chainID)' is not the genesis chain id '\(request.chainID.prefix(60))'")
        }
        guard genesis.initialHeight == max(1, request.initialHeight) else {
            throw ChainError(.badGenesis, "app_state.initial_height \(genesis.initialHeight) is not the genesis initial height \(request.initialHeight)")
        }
        let config = ChainConfig(genesis: genesis)
        let overlay = StateOverlay(backing: storage.state)
        config.write(to: overlay)
        let accounts = AccountBook(state: overlay)
        for account in genesis.accounts { accounts.set(account.address, AccountRecord(nonce: 0, balance: account.balance)) }
        let version = genesis.initialHeight - 1
        let prepared = try Self.tree { () throws(StateTreeError) in try storage.tree.prepare(overlay.writeSet, version: version) }
        let head = ChainHead(version: version, appHash: prepared.rootHash, time: request.time, hasBlocks: false)
        try Self.store { () throws(ChainStoreError) in
            try storage.commit(BlockCommit(head: head, block: nil, changes: overlay.changes, tree: prepared, transactions: [], events: []))
        }
        configure(config)
        return prepared.rootHash
    }

    // MARK: CheckTx

    /// Admits or rejects one transaction against the last committed state (ABCI CheckTx): the
    /// stateless check, then the stateful check as if it were the next block's first transaction.
    public func checkTx(_ bytes: [UInt8]) -> CheckTxResult { checkTxs([bytes])[0] }

    /// CheckTx of many transactions at once: signatures verified on every core, then each
    /// stateful check in order, each on its own (against committed state alone, as CheckTx is;
    /// the mempool orders nonces).
    public func checkTxs(_ batch: [[UInt8]]) -> [CheckTxResult] {
        guard let config, let verification, let head = try? storage.head() else {
            return batch.map { _ in .rejected(TxRejection(.wrongChainID, "the chain has no genesis yet")) }
        }
        let block = BlockInfo(height: head.version + 1, time: head.time, proposer: Self.nobody, protocolVersion: config.versions.protocolVersion)
        let stateful = StatefulCheck(config: config, height: block.height)
        let accounts = AccountBook(state: StateOverlay(backing: storage.state))
        return verification.check(batch).map { result in
            switch result {
            case .failure(let rejection):
                return .rejected(rejection)
            case .success(let checked):
                do throws(StatefulFailure) {
                    _ = try stateful.check(checked, accounts: accounts)
                } catch {
                    switch error {
                    case .rejected(let rejection): return .rejected(rejection)
                    case .store(let failure):
                        return CheckTxResult(
                            code: CheckTxResult.storeFailureCode, codespace: ResultCodespace.node, log: "store failure: \(failure)", gasWanted: 0)
                    }
                }
                return CheckTxResult(
                    code: 0, codespace: "", log: "", gasWanted: checked.transaction.gasLimit, transaction: checked)
            }
        }
    }

    /// The address that stands for no proposer in checks that pay no fee.
    static let nobody = Address(bytes: [UInt8](repeating: 0, count: Address.size)) ?? Address.named("nobody")

    // MARK: PrepareProposal and ProcessProposal

    /// The transactions a block proposed here carries (ABCI PrepareProposal): `candidates` in the
    /// order given (the mempool's), each kept when it passes the stateless check and, after the
    /// ones kept before it, the stateful check, while the kept transactions' bytes stay within
    /// `maxBytes` and the block's bytes, and their gas limits within the block gas limit.
    /// Contract bodies are not run here (their whole gas limit is counted as charged).
    public func prepareProposal(_ context: ProposalContext, candidates: [[UInt8]], maxBytes: Int) -> [[UInt8]] {
        guard let config, let verification, let head = try? storage.head(), context.height == head.version + 1 else { return [] }
        let checked = verification.check(candidates)
        let overlay = StateOverlay(backing: storage.state)
        let runner = TransactionRunner(
            config: config, block: BlockInfo(height: context.height, time: context.time, proposer: context.proposer),
            state: overlay, executor: nil, mode: .admission)
        let byteLimit = min(max(0, maxBytes), config.parameters.maxBlockBytes)
        var bytes = 0
        var gas: UInt64 = 0
        var kept: [[UInt8]] = []
        var hashes: [[UInt8]] = []
        lastPrepared = nil
        for (index, result) in checked.enumerated() {
            guard case .success(let tx) = result, bytes + tx.bytes.count <= byteLimit,
                gas + tx.transaction.gasLimit <= config.parameters.blockGasLimit
            else { continue }
            let mark = overlay.snapshot()
            guard let run = try? runner.run(tx), overlay.fault == nil else { return [] }
            if run.rejection != nil {
                overlay.rollback(to: mark)
                continue
            }
            bytes += tx.bytes.count
            gas += tx.transaction.gasLimit
            kept.append(candidates[index])
            hashes.append(tx.hash)
        }
        lastPrepared = (head.version, context, hashes)
        return kept
    }

    /// Whether a proposed block may be voted for (ABCI ProcessProposal): the height follows the
    /// last committed block, its protocol version is the one in force, its time does not go
    /// back, its bytes fit, and every transaction passes the stateless check and, in order, the
    /// stateful check, with their gas limits within the block gas limit: what
    /// ``prepareProposal(_:candidates:maxBytes:)`` guarantees.
    public func processProposal(_ context: ProposalContext, transactions: [[UInt8]]) -> ProposalVerdict {
        guard let config, let verification, let head = try? storage.head() else { return .reject("the chain has no genesis yet") }
        if let refusal = refusal(height: context.height, time: context.time, protocolVersion: context.protocolVersion, head: head, config: config) {
            return .reject(refusal.message)
        }
        let total = transactions.reduce(0) { $0 + $1.count }
        guard total <= config.parameters.maxBlockBytes else {
            return .reject("the transactions hold \(total) bytes, more than the block's \(config.parameters.maxBlockBytes)")
        }
        let overlay = StateOverlay(backing: storage.state)
        let runner = TransactionRunner(
            config: config, block: BlockInfo(height: context.height, time: context.time, proposer: context.proposer),
            state: overlay, executor: nil, mode: .admission)
        let checked = verification.check(transactions)
        if let lastPrepared, lastPrepared.version == head.version, lastPrepared.context == context,
            lastPrepared.hashes.count == checked.count,
            zip(lastPrepared.hashes, checked).allSatisfy({ hash, result in (try? result.get().hash) == hash })
        {
            return .accept
        }
        var gas: UInt64 = 0
        for (index, result) in checked.enumerated() {
            switch result {
            case .failure(let rejection):
                return .reject("transaction \(index): \(rejection)")
            case .success(let tx):
                gas += tx.transaction.gasLimit
                guard gas <= config.parameters.blockGasLimit else {
                    return .reject("the gas limits add up to more than the block gas limit \(config.parameters.blockGasLimit) at transaction \(index)")
                }
                guard let run = try? runner.run(tx), overlay.fault == nil else { return .reject("the store failed") }
                if let rejection = run.rejection { return .reject("transaction \(index): \(rejection)") }
            }
        }
        return .accept
    }

    // MARK: FinalizeBlock and Commit

    /// Executes a decided block (ABCI FinalizeBlock): every transaction in order, each with a
    /// receipt (one that fails its checks here is rejected, charged nothing, and changes
    /// nothing); then the block's receipts root and events root go into state under
    /// ``StateKey/blockResult(height:)`` and the state tree computes the app hash. Nothing is
    /// written until ``commit()``; finalizing the same height again replaces the pending block.
    /// - Throws: ``ChainError`` for a block out of order or of an unknown protocol version, and
    ///   store failures; the block must then not be committed.
    public func finalizeBlock(_ request: FinalizeBlockRequest) throws(ChainError) -> FinalizeBlockResult {
        guard let config, let verification else { throw ChainError(.notInitialized, "FinalizeBlock before InitChain") }
        guard let head = try Self.store({ () throws(ChainStoreError) in try storage.head() }) else {
            throw ChainError(.notInitialized, "FinalizeBlock before InitChain")
        }
        if let refusal = refusal(height: request.height, time: request.time, protocolVersion: request.protocolVersion, head: head, config: config) {
            throw refusal
        }
        pending = nil
        let block = BlockInfo(height: request.height, time: request.time, proposer: request.proposer, protocolVersion: request.protocolVersion)
        let overlay = StateOverlay(backing: storage.state)
        let runner = TransactionRunner(config: config, block: block, state: overlay, executor: executor, mode: .full)
        var results: [TxResult] = []
        var records: [TransactionRecord] = []
        var events: [EventRecord] = []
        var reserved: UInt64 = 0
        for (index, result) in verification.check(request.transactions).enumerated() {
            let bytes = request.transactions[index]
            let receipt: Receipt
            var rejection: TxRejection?
            var checkedTx: CheckedTransaction?
            switch result {
            case .failure(let failure):
                rejection = failure
                receipt = TransactionRunner.rejectedReceipt(Array(SHA256.hash(data: bytes)), failure.code)
            case .success(let tx):
                checkedTx = tx
                let limit = tx.transaction.gasLimit
                if limit <= config.parameters.blockGasLimit, reserved + limit > config.parameters.blockGasLimit {
                    let failure = TxRejection(.blockFull, "the block's transactions already reserve \(reserved) of its \(config.parameters.blockGasLimit) gas")
                    rejection = failure
                    receipt = TransactionRunner.rejectedReceipt(tx.hash, failure.code)
                } else {
                    let run = try Self.store { () throws(ChainStoreError) in try runner.run(tx) }
                    receipt = run.receipt
                    rejection = run.rejection
                    if rejection == nil { reserved += tx.transaction.gasLimit }
                }
            }
            let encoded = receipt.encoded
            results.append(Self.result(receipt, rejection: rejection, gasWanted: checkedTx?.transaction.gasLimit ?? 0))
            for event in receipt.events {
                events.append(EventRecord(
                    height: request.height, transactionIndex: UInt32(index), transactionHash: receipt.transactionHash,
                    index: UInt32(events.count), event: event))
            }
            records.append(TransactionRecord(
                height: request.height, index: UInt32(index), hash: receipt.transactionHash, bytes: bytes,
                sender: checkedTx?.transaction.sender, nonce: checkedTx?.transaction.nonce, receipt: receipt, encodedReceipt: encoded))
        }
        var timers: [Receipt] = []
        for (key, receipt) in try fireTimers(overlay: overlay, block: block) {
            let index = UInt32(records.count)
            for event in receipt.events {
                events.append(EventRecord(
                    height: request.height, transactionIndex: index, transactionHash: receipt.transactionHash, index: UInt32(events.count),
                    event: event))
            }
            records.append(TransactionRecord(
                height: request.height, index: index, hash: receipt.transactionHash, bytes: key, sender: nil, nonce: nil, receipt: receipt,
                encodedReceipt: receipt.encoded))
            timers.append(receipt)
        }
        let blockResult = BlockResult(receipts: records.map(\.receipt), encodedReceipts: records.map(\.encodedReceipt))
        overlay.put(StateKey.blockResult(height: request.height).bytes, blockResult.encoded)
        if let fault = overlay.fault { throw ChainError(.storeFailure, fault.description) }
        let prepared = try Self.tree { () throws(StateTreeError) in try storage.tree.prepare(overlay.writeSet, version: request.height) }
        let record = BlockRecord(
            height: request.height, time: request.time, proposer: request.proposer, protocolVersion: request.protocolVersion,
            hash: request.hash, previousAppHash: head.appHash, appHash: prepared.rootHash, result: blockResult)
        pending = BlockCommit(
            head: ChainHead(version: request.height, appHash: prepared.rootHash, time: request.time, hasBlocks: true),
            block: record, changes: overlay.changes, tree: prepared, transactions: records, events: events)
        return FinalizeBlockResult(results: results, appHash: prepared.rootHash, record: record, timers: timers)
    }

    /// Persists the finalized block (ABCI Commit) in one storage commit.
    /// - Throws: ``ChainError/Code/nothingToCommit`` without a finalized block; store failures
    ///   (nothing of the block is then visible).
    @discardableResult
    public func commit() throws(ChainError) -> CommitResult {
        guard let pending else { throw ChainError(.nothingToCommit, "Commit without a finalized block") }
        try Self.store { () throws(ChainStoreError) in try storage.commit(pending) }
        self.pending = nil
        verification?.forget(pending.transactions.map(\.hash))
        let retained = (try? storage.tree.retainedVersions())?.lowerBound ?? pending.head.version
        return CommitResult(height: pending.head.version, retainHeight: retained)
    }

    // MARK: Helpers

    /// Why a block at `height` with `time` and `protocolVersion` cannot follow `head`, or nil.
    private func refusal(height: UInt64, time: Int64, protocolVersion: UInt64, head: ChainHead, config: ChainConfig) -> ChainError? {
        guard height == head.version + 1 else {
            return ChainError(.wrongHeight, "block \(height) does not follow the last committed height \(head.version)")
        }
        guard ChainVersions.knownProtocols.contains(protocolVersion) else {
            return ChainError(.unknownProtocolVersion, "block \(height) has protocol version \(protocolVersion), which this node does not run")
        }
        guard protocolVersion == config.versions.protocolVersion else {
            return ChainError(.unknownProtocolVersion, "block \(height) has protocol version \(protocolVersion); version \(config.versions.protocolVersion) is in force")
        }
        guard time >= head.time else {
            return ChainError(.timeOrder, "block \(height)'s time \(time) is before the previous block's \(head.time)")
        }
        return nil
    }

    static func result(_ receipt: Receipt, rejection: TxRejection?, gasWanted: UInt64) -> TxResult {
        if let rejection {
            return TxResult(
                code: rejection.code.rawValue, codespace: ResultCodespace.transaction, log: rejection.description, gasWanted: gasWanted,
                gasUsed: 0, receipt: receipt)
        }
        let log = receipt.status == .success ? "" : "\(receipt.status): \(receipt.reason)"
        return TxResult(
            code: UInt32(receipt.status.rawValue), codespace: receipt.status == .success ? "" : ResultCodespace.receipt, log: log,
            gasWanted: gasWanted, gasUsed: receipt.gasUsed, receipt: receipt)
    }

    static func store<T>(_ body: () throws(ChainStoreError) -> T) throws(ChainError) -> T {
        do {
            return try body()
        } catch {
            throw ChainError(.storeFailure, error.description)
        }
    }

    static func tree<T>(_ body: () throws(StateTreeError) -> T) throws(ChainError) -> T {
        do {
            return try body()
        } catch {
            throw ChainError(.storeFailure, "state tree: \(error)")
        }
    }
}
