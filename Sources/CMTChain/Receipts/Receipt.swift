import CMTBytecode

/// An event a transaction emitted: the contract, the event's name, its indexed fields' values
/// (topics, in declaration order, each in the runtime's value encoding) apart from the encoding
/// of all its fields, as the Host protocol's `emit` gives them.
public struct ReceiptEvent: Hashable, Sendable {
    public var contract: Address
    public var name: String
    public var topics: [[UInt8]]
    public var fields: [UInt8]

    public init(contract: Address, name: String, topics: [[UInt8]], fields: [UInt8]) {
        self.contract = contract
        self.name = name
        self.topics = topics
        self.fields = fields
    }
}

/// Where in the contract's sources a revert happened (from the bundle's source map).
public struct SourceLocation: Hashable, Sendable {
    public var file: String
    public var line: UInt32
    public var column: UInt32

    public init(file: String, line: UInt32, column: UInt32) {
        self.file = file
        self.line = line
        self.column = column
    }
}

/// What executing one transaction produced (docs/chain.md, "Receipts"): every transaction of a
/// block has one, in block order, and the block's receipts root commits to their bytes.
public struct Receipt: Hashable, Sendable {
    /// The transaction's hash (SHA-256 of its bytes).
    public var transactionHash: [UInt8]
    public var status: ReceiptStatus
    /// The stateful check's code when ``status`` is ``ReceiptStatus/rejected``, else nil.
    public var rejection: TxRejection.Code?
    /// The gas charged (0 for a rejected transaction).
    public var gasUsed: UInt64
    /// The CMT paid for it: gas used × (base fee + effective priority fee).
    public var fee: Amount
    /// The events, in the order emitted (none unless ``status`` is success).
    public var events: [ReceiptEvent]
    /// The returned value in the runtime's value encoding (empty for none).
    public var returnValue: [UInt8]
    /// Why the body did not succeed: the revert reason or the runtime's message (empty on success).
    public var reason: String
    /// Where the revert happened, when the bundle has a source map.
    public var location: SourceLocation?
    /// The address of the contract a deploy created.
    public var createdContract: Address?

    public init(
        transactionHash: [UInt8], status: ReceiptStatus, rejection: TxRejection.Code? = nil, gasUsed: UInt64, fee: Amount,
        events: [ReceiptEvent] = [], returnValue: [UInt8] = [], reason: String = "", location: SourceLocation? = nil,
        createdContract: Address? = nil
    ) {
        self.transactionHash = transactionHash
        self.status = status
        self.rejection = rejection
        self.gasUsed = gasUsed
        self.fee = fee
        self.events = events
        self.returnValue = returnValue
        self.reason = reason
        self.location = location
        self.createdContract = createdContract
    }
}
