import CMTBytecode

/// What a store keeps of a block: its height, its hash and its header as opaque bytes (the
/// executor's encoding), and the app hash that executing it produced (the state tree's root at
/// that height, which CometBFT puts in the next block's header).
public struct StoredBlock: Sendable, Equatable {
    public var height: UInt64
    public var hash: [UInt8]
    public var header: [UInt8]
    public var appHash: StateHash

    public init(height: UInt64, hash: [UInt8], header: [UInt8], appHash: StateHash) {
        self.height = height
        self.hash = hash
        self.header = header
        self.appHash = appHash
    }
}

/// A transaction of a block as stored: its hash (SHA-256 of `bytes`, as CometBFT hashes
/// transactions), its place in the block and the exact bytes submitted.
public struct StoredTransaction: Sendable, Equatable {
    public var hash: [UInt8]
    public var height: UInt64
    public var index: UInt32
    public var bytes: [UInt8]

    public init(hash: [UInt8], height: UInt64, index: UInt32, bytes: [UInt8]) {
        self.hash = hash
        self.height = height
        self.index = index
        self.bytes = bytes
    }
}

/// A transaction's receipt as stored: the executor's encoding, found by the transaction's hash
/// or place.
public struct StoredReceipt: Sendable, Equatable {
    public var transactionHash: [UInt8]
    public var height: UInt64
    public var index: UInt32
    public var bytes: [UInt8]

    public init(transactionHash: [UInt8], height: UInt64, index: UInt32, bytes: [UInt8]) {
        self.transactionHash = transactionHash
        self.height = height
        self.index = index
        self.bytes = bytes
    }
}

/// An event as stored for log queries: where it was emitted (height, the transaction's index in
/// the block, its index among the block's events), by which contract, its name, its indexed
/// fields (topics, by position) and the encoding of its other fields, all opaque bytes.
public struct StoredEvent: Sendable, Equatable {
    public var height: UInt64
    public var transactionIndex: UInt32
    public var logIndex: UInt32
    public var contract: Address
    public var name: String
    public var topics: [[UInt8]]
    public var fields: [UInt8]

    public init(
        height: UInt64, transactionIndex: UInt32, logIndex: UInt32, contract: Address, name: String, topics: [[UInt8]],
        fields: [UInt8]
    ) {
        self.height = height
        self.transactionIndex = transactionIndex
        self.logIndex = logIndex
        self.contract = contract
        self.name = name
        self.topics = topics
        self.fields = fields
    }
}

/// Everything one block commits, in one SQL transaction (``SQLiteChainStore/commitBlock(_:)``):
/// the block, its transactions in order (with each one's receipt bytes), its events, and the
/// state's net changes (``StateOverlay/changes``: in key order, nil deletes).
public struct StoredBlockCommit: Sendable {
    /// The block's height: the latest committed height plus one.
    public var height: UInt64
    /// The block's hash (unique among blocks).
    public var hash: [UInt8]
    /// The block's header, encoded by the executor.
    public var header: [UInt8]
    /// The block's transactions in order (a transaction's index is its place here).
    public var transactions: [TransactionEntry]
    /// The block's events; their height is the block's.
    public var events: [EventEntry]
    /// The state's net changes.
    public var changes: [(key: [UInt8], value: [UInt8]?)]

    /// A transaction of the block: its hash, its exact bytes and its receipt's encoded bytes.
    public struct TransactionEntry: Sendable, Equatable {
        public var hash: [UInt8]
        public var bytes: [UInt8]
        public var receipt: [UInt8]

        public init(hash: [UInt8], bytes: [UInt8], receipt: [UInt8]) {
            self.hash = hash
            self.bytes = bytes
            self.receipt = receipt
        }
    }

    /// An event of the block: ``StoredEvent`` without the height.
    public struct EventEntry: Sendable, Equatable {
        public var transactionIndex: UInt32
        public var logIndex: UInt32
        public var contract: Address
        public var name: String
        public var topics: [[UInt8]]
        public var fields: [UInt8]

        public init(transactionIndex: UInt32, logIndex: UInt32, contract: Address, name: String, topics: [[UInt8]], fields: [UInt8]) {
            self.transactionIndex = transactionIndex
            self.logIndex = logIndex
            self.contract = contract
            self.name = name
            self.topics = topics
            self.fields = fields
        }
    }

    public init(
        height: UInt64, hash: [UInt8], header: [UInt8], transactions: [TransactionEntry] = [],
        events: [EventEntry] = [], changes: [(key: [UInt8], value: [UInt8]?)] = []
    ) {
        self.height = height
        self.hash = hash
        self.header = header
        self.transactions = transactions
        self.events = events
        self.changes = changes
    }
}

/// Which events a log query asks for: all conditions given must hold. Results come in chain
/// order (height, transaction index, log index), at most `limit`.
public struct EventQuery: Sendable, Equatable {
    public var contract: Address?
    public var name: String?
    /// Topics that must be present, each at its position among the event's indexed fields.
    public var topics: [Topic]
    /// The heights searched (inclusive); nil for all.
    public var heights: ClosedRange<UInt64>?
    public var limit: Int

    /// A topic condition: the indexed field at `position` equals `bytes`.
    public struct Topic: Sendable, Equatable {
        public var position: Int
        public var bytes: [UInt8]

        public init(position: Int, bytes: [UInt8]) {
            self.position = position
            self.bytes = bytes
        }
    }

    public init(contract: Address? = nil, name: String? = nil, topics: [Topic] = [], heights: ClosedRange<UInt64>? = nil, limit: Int = 1_000) {
        self.contract = contract
        self.name = name
        self.topics = topics
        self.heights = heights
        self.limit = limit
    }
}
