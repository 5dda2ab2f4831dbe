/// What block h produced, kept in state under ``StateKey/blockResult(height:)`` so that the app
/// hash of h (and of every later height) commits to it: the receipts root, the events root and
/// their counts, and the gas the block used (docs/chain.md, "Receipts root and events root").
///
/// Bytes (version 1, 81 bytes): u8 version, [32] receipts root, [32] events root, u32 receipt
/// count, u32 event count, u64 gas used; big-endian.
public struct BlockResult: Hashable, Sendable {
    public var receiptsRoot: StateHash
    public var eventsRoot: StateHash
    public var receiptCount: UInt32
    public var eventCount: UInt32
    public var gasUsed: UInt64

    public init(receiptsRoot: StateHash, eventsRoot: StateHash, receiptCount: UInt32, eventCount: UInt32, gasUsed: UInt64) {
        self.receiptsRoot = receiptsRoot
        self.eventsRoot = eventsRoot
        self.receiptCount = receiptCount
        self.eventCount = eventCount
        self.gasUsed = gasUsed
    }

    /// The result of a block with these receipts: the roots over the receipts' bytes and over
    /// their events' leaf bytes (``eventLeaf(_:of:)``), in block order.
    public init(receipts: [Receipt], encodedReceipts: [[UInt8]]) {
        let events = receipts.flatMap { receipt in receipt.events.map { Self.eventLeaf($0, of: receipt.transactionHash) } }
        self.init(
            receiptsRoot: MerkleList(kind: .receipts, items: encodedReceipts).root,
            eventsRoot: MerkleList(kind: .events, items: events).root, receiptCount: UInt32(clamping: receipts.count),
            eventCount: UInt32(clamping: events.count), gasUsed: receipts.reduce(0) { $0 &+ $1.gasUsed })
    }

    /// The bytes an event contributes to the events root: the hash of the transaction that
    /// emitted it (32 bytes), then the event's bytes as in its receipt.
    public static func eventLeaf(_ event: ReceiptEvent, of transactionHash: [UInt8]) -> [UInt8] {
        transactionHash + event.encoded
    }

    public static let formatVersion: UInt8 = 1

    public var encoded: [UInt8] {
        var writer = ChainBytesWriter()
        writer.u8(Self.formatVersion)
        writer.raw(receiptsRoot.bytes)
        writer.raw(eventsRoot.bytes)
        writer.u32(receiptCount)
        writer.u32(eventCount)
        writer.u64(gasUsed)
        return writer.bytes
    }

    public init(decoding bytes: [UInt8]) throws(ChainDecodingError) {
        var reader = ChainBytesReader(bytes, what: "block result")
        let version = try reader.u8()
        guard version == Self.formatVersion else { throw reader.failure("unknown format version \(version)") }
        guard let receipts = StateHash(bytes: try reader.raw(32)), let events = StateHash(bytes: try reader.raw(32)) else {
            throw reader.failure("a bad root")
        }
        self.init(
            receiptsRoot: receipts, eventsRoot: events, receiptCount: try reader.u32(), eventCount: try reader.u32(),
            gasUsed: try reader.u64())
        try reader.finish()
    }
}

/// Everything a client needs to check one receipt against an app hash (docs/chain.md, "Proving a
/// receipt"): the receipt's bytes, its place under the block's receipts root, the block's
/// ``BlockResult`` and the state proof of that result under the app hash.
public struct ReceiptProof: Sendable {
    /// The block that included the transaction.
    public let height: UInt64
    public let receipt: [UInt8]
    public let inclusion: MerkleListProof
    /// The ``BlockResult`` bytes stored under ``StateKey/blockResult(height:)``.
    public let blockResult: [UInt8]
    /// The proof of that key's value under the app hash.
    public let stateProof: StateProof

    public init(height: UInt64, receipt: [UInt8], inclusion: MerkleListProof, blockResult: [UInt8], stateProof: StateProof) {
        self.height = height
        self.receipt = receipt
        self.inclusion = inclusion
        self.blockResult = blockResult
        self.stateProof = stateProof
    }

    /// True when the receipt is in block ``height``'s receipts under `appHash`: the receipt's
    /// bytes reach the receipts root through ``inclusion``, that root is in ``blockResult``, and
    /// ``blockResult`` is the value of `blockResult(height)` under `appHash`.
    public func verify(appHash: StateHash) -> Bool {
        guard let result = try? BlockResult(decoding: blockResult),
            inclusion.count == result.receiptCount,
            inclusion.verify(item: receipt, root: result.receiptsRoot, kind: .receipts)
        else { return false }
        return stateProof.verify(root: appHash, key: StateKey.blockResult(height: height).bytes, value: blockResult)
    }
}
