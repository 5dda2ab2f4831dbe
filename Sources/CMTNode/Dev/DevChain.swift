import CMTBytecode
import CMTChain
import Foundation

/// The embedded dev chain (docs/node.md, "The dev chain"): one validator whose consensus drives
/// ``ChainApplication`` through PrepareProposal, ProcessProposal, FinalizeBlock and Commit exactly
/// as CometBFT would, with the ``Mempool`` in front of CheckTx. A block is made as soon as a
/// transaction is pooled (``Options/automine``) or when ``mine()`` is called (`dev_mine`, the
/// `--block-time` timer). An actor: requests from the HTTP server are served one at a time, as
/// consensus serializes the application's calls.
public actor DevChain {
    /// How the chain starts and makes blocks.
    public struct Options: Sendable {
        public var genesis: Genesis
        /// Genesis time in seconds (InitChain's time; the replay of `dev_revert` uses it again).
        public var genesisTime: Int64
        /// The validator's address: it proposes every block and receives the fees.
        public var proposer: Address
        public var mempool: MempoolConfiguration
        /// Make a block as soon as an executable transaction is pooled.
        public var automine: Bool

        public init(genesis: Genesis, genesisTime: Int64, proposer: Address, mempool: MempoolConfiguration? = nil, automine: Bool = true) {
            self.genesis = genesis
            self.genesisTime = genesisTime
            self.proposer = proposer
            self.mempool = mempool ?? MempoolConfiguration(baseFeePerGas: genesis.parameters.minimumGasPrice)
            self.automine = automine
        }
    }

    let options: Options
    let provider: any ChainStorageProvider
    let clock: @Sendable () -> Int64
    let executor: BundleContractExecutor
    var app: ChainApplication
    var mempool: Mempool
    /// Seconds added to the wall clock for block times (`dev_advanceTime`).
    var timeOffset: Int64 = 0
    var snapshots: [(id: UInt64, height: UInt64)] = []
    var nextSnapshot: UInt64 = 1
    /// Block heights by consensus block hash (`cmt_getBlockByHash`).
    var heightsByHash: [[UInt8]: UInt64] = [:]

    /// Opens the provider's current storage: a new one starts from `options.genesis`, a stored
    /// chain resumes at its last committed block (its chain id must be the genesis one).
    public init(options: Options, provider: any ChainStorageProvider, clock: @escaping @Sendable () -> Int64 = DevChain.wallClock) throws(NodeError) {
        self.options = options
        self.provider = provider
        self.clock = clock
        let executor = BundleContractExecutor()
        self.executor = executor
        let app = try Self.open(try provider.openCurrent(), executor: executor, options: options)
        self.app = app
        let next = (try? app.storage.head()).flatMap { $0 }.map { $0.version + 1 } ?? options.genesis.initialHeight
        mempool = Mempool(configuration: options.mempool, nextHeight: next)
        heightsByHash = try Self.indexBlocks(app)
    }

    /// Seconds since 1970 from the system clock.
    public static let wallClock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    static func open(_ storage: any ChainStorage, executor: BundleContractExecutor, options: Options) throws(NodeError) -> ChainApplication {
        let app: ChainApplication
        do {
            app = try ChainApplication(storage: storage, executor: executor)
            if let config = app.config {
                guard config.chainID == options.genesis.chainID else {
                    throw NodeError(.store, "the stored chain is '\(config.chainID)', not the genesis chain '\(options.genesis.chainID)'")
                }
            } else {
                try app.initChain(InitChainRequest(
                    chainID: options.genesis.chainID, initialHeight: options.genesis.initialHeight, time: options.genesisTime,
                    appState: options.genesis.json()))
            }
        } catch let error as ChainError {
            throw NodeError(error)
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.store, "\(error)")
        }
        return app
    }

    static func indexBlocks(_ app: ChainApplication) throws(NodeError) -> [[UInt8]: UInt64] {
        guard let config = app.config, let head = try store({ () throws(ChainStoreError) in try app.storage.head() }), head.hasBlocks else { return [:] }
        var index: [[UInt8]: UInt64] = [:]
        for height in config.initialHeight...head.version {
            if let block = try store({ () throws(ChainStoreError) in try app.storage.block(at: height) }) { index[block.hash] = height }
        }
        return index
    }

    static func store<T>(_ body: () throws(ChainStoreError) -> T) throws(NodeError) -> T {
        do {
            return try body()
        } catch {
            throw NodeError(.store, error.description)
        }
    }

    var config: ChainConfig {
        get throws(NodeError) {
            guard let config = app.config else { throw NodeError(.store, "the chain has no configuration") }
            return config
        }
    }

    var head: ChainHead {
        get throws(NodeError) {
            guard let head = try Self.store({ () throws(ChainStoreError) in try app.storage.head() }) else {
                throw NodeError(.store, "the chain has no head")
            }
            return head
        }
    }

    // MARK: Transactions and blocks

    /// Admits a transaction (docs/rpc.md, `cmt_sendRawTransaction`): the stateless check, CheckTx's
    /// stateful check against committed state (a future nonce is left to the mempool's queue),
    /// then the mempool. With automine, blocks follow at once while executable transactions wait.
    /// - Returns: the transaction hash.
    public func submit(_ bytes: [UInt8]) throws(NodeError) -> [UInt8] {
        let config = try config
        let checked: CheckedTransaction
        do {
            checked = try StatelessCheck(chainID: config.chainID, maxTransactionBytes: config.parameters.maxTransactionBytes).check(bytes)
        } catch {
            throw NodeError(error)
        }
        let result = app.checkTx(bytes)
        if !result.isAccepted {
            if result.codespace == ResultCodespace.node { throw NodeError(.store, result.log) }
            if result.code != TxRejection.Code.nonceTooHigh.rawValue {
                let code = TxRejection.Code(rawValue: result.code)
                throw NodeError(.rejected(result.code, name: code.description), Self.message(of: result.log))
            }
        }
        let admission: Mempool.Admission
        do {
            admission = try mempool.insert(checked, state: ApplicationAccounts(app: app))
        } catch {
            throw NodeError(error)
        }
        if options.automine, admission.executable { try mineWhilePending() }
        return checked.hash
    }

    /// A rejection's message without its "code name: " prefix.
    static func message(of log: String) -> String {
        guard let colon = log.firstIndex(of: ":") else { return log }
        return String(log[log.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
    }

    /// Makes blocks while executable transactions wait (each block takes what fits).
    func mineWhilePending() throws(NodeError) {
        while mempool.counts.executable > 0 {
            let block = try mine()
            if block.result.receiptCount == 0 { break }
        }
    }

    /// Makes one block now with the pending transactions that fit: PrepareProposal over the
    /// mempool's proposal, ProcessProposal, FinalizeBlock, Commit, then the mempool's re-check.
    @discardableResult
    public func mine() throws(NodeError) -> BlockRecord {
        let config = try config
        let head = try head
        let height = head.version + 1
        let time = max(head.time, clock() + timeOffset)
        let context = ProposalContext(height: height, time: time, proposer: options.proposer, protocolVersion: config.versions.protocolVersion)
        let candidates = mempool.proposal(maxGas: config.parameters.blockGasLimit, maxBytes: config.parameters.maxBlockBytes)
        let transactions = app.prepareProposal(context, candidates: candidates.map(\.bytes), maxBytes: config.parameters.maxBlockBytes)
        if case .reject(let reason) = app.processProposal(context, transactions: transactions) {
            throw NodeError(.store, "the validator refused its own proposal for block \(height): \(reason)")
        }
        let hash = DevBlockHash.of(height: height, time: time, previousAppHash: head.appHash, transactions: transactions)
        let result: FinalizeBlockResult
        do {
            result = try app.finalizeBlock(FinalizeBlockRequest(
                height: height, time: time, proposer: options.proposer, protocolVersion: config.versions.protocolVersion, hash: hash,
                transactions: transactions))
            try app.commit()
        } catch {
            throw NodeError(error)
        }
        heightsByHash[hash] = height
        let included = Set(result.results.map(\.receipt.transactionHash))
        let accounts = ApplicationAccounts(app: app)
        _ = mempool.recheck(accounts, nextHeight: height + 1)
        // A candidate PrepareProposal left out that CheckTx now refuses (not for a future nonce)
        // would wait for ever: it leaves the pool.
        for candidate in candidates where !included.contains(candidate.hash) && mempool.contains(hash: candidate.hash) {
            let check = app.checkTx(candidate.bytes)
            if !check.isAccepted, check.codespace == ResultCodespace.transaction, check.code != TxRejection.Code.nonceTooHigh.rawValue {
                mempool.remove(hash: candidate.hash)
            }
        }
        return result.record
    }

    /// Moves the dev clock forward by `seconds` and makes a block at the new time.
    public func advanceTime(by seconds: Int64) throws(NodeError) -> BlockRecord {
        guard seconds > 0, seconds <= 10 * 366 * 86_400 else { throw NodeError(.invalidParams, "seconds must be from 1 to 10 years, got \(seconds)") }
        timeOffset += seconds
        return try mine()
    }

    /// How many transactions wait: executable now, and queued behind a nonce gap.
    public var pendingCounts: (executable: Int, queued: Int) { mempool.counts }
}

/// The committed accounts the mempool judges against, read through the application.
struct ApplicationAccounts: CommittedAccounts {
    let app: ChainApplication

    func nonce(of account: Address) -> UInt64 { (try? app.account(account).nonce) ?? 0 }
    func balance(of account: Address) -> Amount { (try? app.account(account).balance) ?? .zero }
}
