import CMTBundle
import CMTBytecode
import CMTChain

/// A committed block with its transactions.
public struct BlockView: Sendable {
    public var record: BlockRecord
    public var transactions: [TransactionRecord]
}

/// A deployed contract as `cmt_getContract` shows it.
public struct ContractView: Sendable {
    public var address: Address
    public var record: ContractRecord
    /// The contract's name (the bundle manifest's `contract`).
    public var name: String
    /// The bundle's ABI.json text.
    public var abi: String
    /// The template parameters bound in the bundle.
    public var parameters: [BundleWriter.BoundParameter]
}

/// One event of a committed block, where it is.
public struct LogEntry: Sendable {
    public var height: UInt64
    public var transactionHash: [UInt8]
    public var transactionIndex: UInt32
    /// The event's position among the block's events.
    public var logIndex: UInt32
    public var event: ReceiptEvent
}

/// A `cmt_getLogs` filter; every condition given must hold.
public struct LogFilter: Sendable {
    public var contract: Address?
    public var name: String?
    /// By indexed-field position: the field's value encoding, or nil for any.
    public var topics: [[UInt8]?]
    public var fromHeight: UInt64?
    public var toHeight: UInt64?
    public var limit: Int

    /// The most heights one query may cover, and the most events it returns.
    public static let maxHeights: UInt64 = 10_000
    public static let maxResults = 10_000

    public init(contract: Address? = nil, name: String? = nil, topics: [[UInt8]?] = [], fromHeight: UInt64? = nil, toHeight: UInt64? = nil,
                limit: Int = LogFilter.maxResults) {
        self.contract = contract
        self.name = name
        self.topics = topics
        self.fromHeight = fromHeight
        self.toHeight = toHeight
        self.limit = limit
    }
}

/// A state value and its proof at a height (`cmt_getProof`).
public struct ProofView: Sendable {
    public var height: UInt64
    public var appHash: StateHash
    public var key: [UInt8]
    public var value: [UInt8]?
    public var proof: [UInt8]
}

extension DevChain {
    /// The chain id.
    public func chainID() throws(NodeError) -> String { try config.chainID }

    /// The last committed block's height (0 before the first block).
    public func blockNumber() throws(NodeError) -> UInt64 {
        let head = try head
        return head.hasBlocks ? head.version : 0
    }

    /// The base fee per gas.
    public func gasPrice() throws(NodeError) -> Amount { try config.parameters.minimumGasPrice }

    /// An account in the last committed state.
    func account(_ address: Address) throws(NodeError) -> AccountRecord {
        do {
            return try app.account(address)
        } catch {
            throw NodeError(error)
        }
    }

    /// The balance of `address` at `height` (the latest when nil).
    public func balance(of address: Address, at height: UInt64?) throws(NodeError) -> Amount {
        guard let height, height != (try head.version) else { return try account(address).balance }
        let version = try retained(height)
        let bytes: [UInt8]?
        do {
            bytes = try app.storage.tree.value(of: StateKey.account(address).bytes, at: version)
        } catch {
            throw NodeError(.invalidParams, "height \(height) is not retained: \(error)")
        }
        guard let bytes else { return .zero }
        do {
            return try AccountRecord(decoding: bytes).balance
        } catch {
            throw NodeError(.store, "the account record does not decode: \(error)")
        }
    }

    /// A height the state tree still answers for.
    func retained(_ height: UInt64) throws(NodeError) -> UInt64 {
        let head = try head
        guard height <= head.version else { throw NodeError(.invalidParams, "height \(height) is above the latest height \(head.version)") }
        let range = try Self.store { () throws(ChainStoreError) in
            do {
                return try app.storage.tree.retainedVersions()
            } catch {
                throw ChainStoreError(.readFailed, "\(error)")
            }
        }
        guard let range, range.contains(height) else {
            throw NodeError(.invalidParams, "height \(height) is no longer retained (the state tree keeps \(range.map { "\($0.lowerBound)…\($0.upperBound)" } ?? "none"))")
        }
        return height
    }

    /// The nonce `address`'s next transaction should carry, counting its executable pending ones.
    public func pendingNonce(of address: Address) throws(NodeError) -> UInt64 {
        mempool.pendingNonce(of: address, committed: try account(address).nonce)
    }

    /// A committed transaction with its receipt.
    public func transaction(hash: [UInt8]) throws(NodeError) -> TransactionRecord? {
        try Self.store { () throws(ChainStoreError) in try app.storage.transaction(hash: hash) }
    }

    /// The block at `height` (the latest when nil).
    public func block(at height: UInt64?) throws(NodeError) -> BlockView? {
        let head = try head
        guard head.hasBlocks else { return nil }
        let height = height ?? head.version
        guard let record = try Self.store({ () throws(ChainStoreError) in try app.storage.block(at: height) }) else { return nil }
        let transactions = try Self.store { () throws(ChainStoreError) in try app.storage.transactions(at: height) }
        return BlockView(record: record, transactions: transactions)
    }

    /// The block with this consensus hash.
    public func block(hash: [UInt8]) throws(NodeError) -> BlockView? {
        guard let height = heightsByHash[hash] else { return nil }
        return try block(at: height)
    }

    /// The contract at `address`, or nil.
    public func contract(at address: Address) throws(NodeError) -> ContractView? {
        let overlay = StateOverlay(backing: app.storage.state)
        guard let found = try loadContract(address, overlay: overlay) else { return nil }
        return ContractView(
            address: address, record: found.record, name: found.entry.bundle.contract ?? "", abi: found.entry.bundle.abi.render(pretty: false),
            parameters: found.entry.bundle.bound)
    }

    func loadContract(_ address: Address, overlay: StateOverlay) throws(NodeError) -> (record: ContractRecord, entry: BundleCache.Entry)? {
        guard let bytes = overlay.value(of: StateKey.contract(address).bytes) else {
            if let fault = overlay.fault { throw NodeError(.store, fault.description) }
            return nil
        }
        let record: ContractRecord
        do {
            record = try ContractRecord(decoding: bytes)
        } catch {
            throw NodeError(.store, "the contract record does not decode: \(error)")
        }
        do {
            guard let entry = try executor.bundles.entry(hash: record.bundleHash, bytes: { overlay.value(of: StateKey.bundle(record.bundleHash).bytes) })
            else { throw NodeError(.store, "the bundle of \(address) is missing") }
            return (record, entry)
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.store, "the stored bundle does not verify: \(error)")
        }
    }

    /// Events of committed blocks matching `filter`, in chain order.
    public func logs(_ filter: LogFilter) throws(NodeError) -> [LogEntry] {
        let head = try head
        let initial = try config.initialHeight
        let first = max(filter.fromHeight ?? initial, initial)
        let requested = filter.toHeight ?? head.version
        guard requested < first || requested - first < LogFilter.maxHeights else {
            throw NodeError(.invalidParams, "the height range \(first)…\(requested) is wider than \(LogFilter.maxHeights) blocks")
        }
        guard head.hasBlocks else { return [] }
        let last = min(requested, head.version)
        guard first <= last else { return [] }
        let query = EventQuery(
            contract: filter.contract, name: filter.name,
            topics: filter.topics.enumerated().compactMap { position, bytes in bytes.map { EventQuery.Topic(position: position, bytes: $0) } },
            heights: first...last, limit: filter.limit)
        return try Self.store { () throws(ChainStoreError) in try app.storage.events(query) }.map { record in
            LogEntry(height: record.height, transactionHash: record.transactionHash, transactionIndex: record.transactionIndex,
                     logIndex: record.index, event: record.event)
        }
    }

    /// The value under `key` at `height` (the latest when nil) and its proof.
    public func proof(key: [UInt8], at height: UInt64?) throws(NodeError) -> ProofView {
        let latest = try head.version
        let version = try retained(height ?? latest)
        do {
            let (value, proof) = try app.storage.tree.proof(of: key, at: version)
            let root = try app.storage.tree.rootHash(at: version)
            return ProofView(height: version, appHash: root, key: key, value: value, proof: proof.encoded())
        } catch {
            throw NodeError(.store, "proof of \(Hex.encode(key)) at \(version): \(error)")
        }
    }
}
