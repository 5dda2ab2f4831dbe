import CMTBytecode

/// The application's record of a committed block (docs/chain.md, "Block record"): the header
/// fields consensus gave, the protocol version, what the block produced, and the app hashes
/// before and after it. Stored per height; it is not part of the app hash (its roots and the
/// app hash are).
///
/// Bytes (version 1): u8 version, u64 height, i64 time (seconds), [20] proposer, u64 protocol
/// version, u32+ consensus block hash, [32] app hash before (the one in this block's header),
/// [32] app hash after (in the next block's header), [32] receipts root, [32] events root, u32
/// transaction count, u64 gas used; big-endian.
public struct BlockRecord: Hashable, Sendable {
    public var height: UInt64
    public var time: Int64
    public var proposer: Address
    public var protocolVersion: UInt64
    /// The block's hash as consensus names it (empty when consensus gave none).
    public var hash: [UInt8]
    /// The app hash of the state this block started from (height − 1).
    public var previousAppHash: StateHash
    /// The app hash after this block: what FinalizeBlock returns, in header height + 1.
    public var appHash: StateHash
    public var result: BlockResult

    public init(
        height: UInt64, time: Int64, proposer: Address, protocolVersion: UInt64, hash: [UInt8], previousAppHash: StateHash,
        appHash: StateHash, result: BlockResult
    ) {
        self.height = height
        self.time = time
        self.proposer = proposer
        self.protocolVersion = protocolVersion
        self.hash = hash
        self.previousAppHash = previousAppHash
        self.appHash = appHash
        self.result = result
    }

    public static let formatVersion: UInt8 = 1

    public var encoded: [UInt8] {
        var writer = ChainBytesWriter()
        writer.u8(Self.formatVersion)
        writer.u64(height)
        writer.i64(time)
        writer.raw(proposer.bytes)
        writer.u64(protocolVersion)
        writer.blob(hash)
        writer.raw(previousAppHash.bytes)
        writer.raw(appHash.bytes)
        writer.raw(result.receiptsRoot.bytes)
        writer.raw(result.eventsRoot.bytes)
        writer.u32(result.receiptCount)
        writer.u32(result.eventCount)
        writer.u64(result.gasUsed)
        return writer.bytes
    }

    public init(decoding bytes: [UInt8]) throws(ChainDecodingError) {
        var reader = ChainBytesReader(bytes, what: "block record")
        let version = try reader.u8()
        guard version == Self.formatVersion else { throw reader.failure("unknown format version \(version)") }
        let height = try reader.u64()
        let time = try reader.i64()
        guard let proposer = Address(bytes: try reader.raw(Address.size)) else { throw reader.failure("a bad proposer") }
        let protocolVersion = try reader.u64()
        let hash = try reader.blob()
        var hashes: [StateHash] = []
        for _ in 0..<4 {
            guard let value = StateHash(bytes: try reader.raw(32)) else { throw reader.failure("a bad hash") }
            hashes.append(value)
        }
        let result = BlockResult(
            receiptsRoot: hashes[2], eventsRoot: hashes[3], receiptCount: try reader.u32(), eventCount: try reader.u32(),
            gasUsed: try reader.u64())
        try reader.finish()
        self.init(
            height: height, time: time, proposer: proposer, protocolVersion: protocolVersion, hash: hash,
            previousAppHash: hashes[0], appHash: hashes[1], result: result)
    }
}
