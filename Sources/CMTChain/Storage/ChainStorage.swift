import CMTBytecode

/// Where the chain stands: the last committed state version and its app hash.
public struct ChainHead: Hashable, Sendable {
    /// The state version: the last committed block's height, or initial height − 1 when only
    /// genesis is committed.
    public var version: UInt64
    /// The app hash of that version.
    public var appHash: StateHash
    /// The last block's time (seconds), or the genesis time.
    public var time: Int64
    /// False when only genesis is committed (ABCI Info then reports height 0).
    public var hasBlocks: Bool

    public init(version: UInt64, appHash: StateHash, time: Int64, hasBlocks: Bool) {
        self.version = version
        self.appHash = appHash
        self.time = time
        self.hasBlocks = hasBlocks
    }
}

/// One transaction of a committed block, with its receipt, as the store indexes it.
public struct TransactionRecord: Hashable, Sendable {
    /// The block's height and the transaction's position in it.
    public let height: UInt64
    public let index: UInt32
    /// SHA-256 of ``bytes``.
    public let hash: [UInt8]
    public let bytes: [UInt8]
    /// The signer and nonce, when the bytes decoded.
    public let sender: Address?
    public let nonce: UInt64?
    public let receipt: Receipt
    /// ``Receipt/encoded``: what the receipts root commits to.
    public let encodedReceipt: [UInt8]

    public init(
        height: UInt64, index: UInt32, hash: [UInt8], bytes: [UInt8], sender: Address?, nonce: UInt64?, receipt: Receipt,
        encodedReceipt: [UInt8]
    ) {
        self.height = height
        self.index = index
        self.hash = hash
        self.bytes = bytes
        self.sender = sender
        self.nonce = nonce
        self.receipt = receipt
        self.encodedReceipt = encodedReceipt
    }
}

/// One event of a committed block, with the columns the store indexes (contract, name, topics,
/// height).
public struct EventRecord: Hashable, Sendable {
    public let height: UInt64
    /// The emitting transaction's position in the block and hash.
    public let transactionIndex: UInt32
    public let transactionHash: [UInt8]
    /// The event's position among the block's events (the events root's order).
    public let index: UInt32
    public let event: ReceiptEvent

    public init(height: UInt64, transactionIndex: UInt32, transactionHash: [UInt8], index: UInt32, event: ReceiptEvent) {
        self.height = height
        self.transactionIndex = transactionIndex
        self.transactionHash = transactionHash
        self.index = index
        self.event = event
    }
}

/// Everything one commit writes, all or nothing: the state changes (the overlay's net writes in
/// key order), the state tree's prepared nodes, the block's records, and the new head. Genesis
/// commits one with no block.
public struct BlockCommit: Sendable {
    public let head: ChainHead
    /// The block, nil for genesis.
    public let block: BlockRecord?
    /// Key/value writes to committed state, in key order (nil deletes).
    public let changes: [(key: [UInt8], value: [UInt8]?)]
    /// The state tree's nodes for ``ChainHead/version`` (``StateTree/apply(_:)``).
    public let tree: PreparedCommit
    public let transactions: [TransactionRecord]
    public let events: [EventRecord]

    public init(
        head: ChainHead, block: BlockRecord?, changes: [(key: [UInt8], value: [UInt8]?)], tree: PreparedCommit,
        transactions: [TransactionRecord], events: [EventRecord]
    ) {
        self.head = head
        self.block = block
        self.changes = changes
        self.tree = tree
        self.transactions = transactions
        self.events = events
    }

    /// Why this commit cannot follow `head` (the storage's current head) on a tree whose latest
    /// version is `treeVersion`, or nil when it can: every ``ChainStorage`` refuses the same
    /// commits, with ``ChainStoreError/Code/heightOrder``, before changing anything.
    public func refusal(after head: ChainHead?, treeVersion: UInt64?) -> ChainStoreError? {
        let version = self.head.version
        if let block, block.height != version {
            return ChainStoreError(.heightOrder, "block \(block.height) is committed as version \(version)")
        }
        guard tree.version == version, tree.previous == treeVersion else {
            return ChainStoreError(
                .heightOrder,
                "the state tree moved since version \(version) was prepared (prepared on \(tree.previous.map(String.init) ?? "none"), now at \(treeVersion.map(String.init) ?? "none"))")
        }
        guard let head else {
            return block == nil ? nil : ChainStoreError(.heightOrder, "block \(version) comes before genesis is committed")
        }
        guard block != nil else { return ChainStoreError(.heightOrder, "genesis is already committed (the head is at version \(head.version))") }
        guard head.version < UInt64.max, version == head.version + 1 else {
            return ChainStoreError(.heightOrder, "block \(version) does not follow the head at version \(head.version)")
        }
        return nil
    }
}

/// What the chain's state machine needs from committed storage (docs/chain.md, "Storage"): reads
/// of committed state, the state tree for proofs, the head, an atomic commit of one block, and
/// the block and transaction records. ``MemoryChainStorage`` implements it in memory; the SQLite
/// store implements it with one SQL transaction per ``commit(_:)``.
public protocol ChainStorage: AnyObject {
    /// Committed state (the last committed version) for point reads and ordered walks.
    var state: any StateBacking { get }
    /// The authenticated state tree over the store's nodes: app hashes and proofs at retained
    /// versions.
    var tree: StateTree { get }
    /// The head, or nil before genesis is committed.
    func head() throws(ChainStoreError) -> ChainHead?
    /// Writes `commit` all or nothing: the changes to ``state``, the tree's nodes (and pruning),
    /// the records, the head. After a failure nothing of it is visible.
    func commit(_ commit: BlockCommit) throws(ChainStoreError)
    /// The record of the block at `height`, or nil.
    func block(at height: UInt64) throws(ChainStoreError) -> BlockRecord?
    /// The transactions of the block at `height`, in order (empty for none or no such block).
    func transactions(at height: UInt64) throws(ChainStoreError) -> [TransactionRecord]
    /// The transaction with this hash (its first inclusion when the same bytes were included
    /// twice), or nil.
    func transaction(hash: [UInt8]) throws(ChainStoreError) -> TransactionRecord?
    /// The committed events `query` matches, in chain order (height, then the event's index in
    /// its block), at most `query.limit`.
    /// - Throws: ``ChainStoreError/Code/badQuery`` for more than ``EventQuery/maximumTopics``
    ///   topic conditions.
    func events(_ query: EventQuery) throws(ChainStoreError) -> [EventRecord]
}
