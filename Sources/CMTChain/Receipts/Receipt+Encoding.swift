import CMTBytecode

/// The receipt's canonical bytes, format version 1 (docs/chain.md, "Receipt format"): what the
/// receipts root commits to and what the store keeps. Big-endian integers; byte strings with a
/// 4-byte length; names and file paths as UTF-8 with a 2-byte length.
///
///     u8     format version (1)
///     [32]   transaction hash
///     u8     status                     (ReceiptStatus)
///     u32    rejection code             (0 unless status = rejected)
///     u64    gas used
///     [16]   fee in atto-CMT
///     u8     created contract present (0/1), then [20] its address
///     u32+   return value
///     u32+   reason (UTF-8)
///     u8     location present (0/1), then u16+ file, u32 line, u32 column
///     u32    event count, then each event:
///              [20] contract, u16+ name, u8 topic count, u32+ each topic, u32+ fields
extension Receipt {
    /// The format version of ``encoded``.
    public static let formatVersion: UInt8 = 1

    /// The canonical bytes.
    public var encoded: [UInt8] {
        var writer = ChainBytesWriter()
        writer.u8(Self.formatVersion)
        writer.raw(transactionHash)
        writer.u8(status.rawValue)
        writer.u32(rejection?.rawValue ?? 0)
        writer.u64(gasUsed)
        writer.amount(fee)
        if let createdContract {
            writer.u8(1)
            writer.raw(createdContract.bytes)
        } else {
            writer.u8(0)
        }
        writer.blob(returnValue)
        writer.blob(Array(reason.utf8))
        if let location {
            writer.u8(1)
            writer.text(ChainBytesWriter.clipped(location.file, to: Int(UInt16.max)))
            writer.u32(location.line)
            writer.u32(location.column)
        } else {
            writer.u8(0)
        }
        writer.u32(UInt32(clamping: events.count))
        for event in events { event.write(into: &writer) }
        return writer.bytes
    }

    /// Decodes receipt bytes, accepting only the canonical form of format version 1.
    /// - Throws: ``ChainDecodingError`` naming the offset and the problem.
    public init(decoding bytes: [UInt8]) throws(ChainDecodingError) {
        var reader = ChainBytesReader(bytes, what: "receipt")
        let version = try reader.u8()
        guard version == Self.formatVersion else { throw reader.failure("unknown format version \(version)") }
        let hash = try reader.raw(32)
        let status = ReceiptStatus(rawValue: try reader.u8())
        guard status.isKnown else { throw reader.failure("unknown status \(status.rawValue)") }
        let code = try reader.u32()
        guard (status == .rejected) == (code != 0) else {
            throw reader.failure("rejection code \(code) with status \(status)")
        }
        let gasUsed = try reader.u64()
        let fee = try reader.amount()
        let created: Address? = try reader.flag() ? Address(bytes: try reader.raw(Address.size)) : nil
        let returnValue = try reader.blob()
        guard let reason = String(validating: try reader.blob(), as: UTF8.self) else { throw reader.failure("a reason that is not UTF-8") }
        var location: SourceLocation?
        if try reader.flag() {
            location = SourceLocation(file: try reader.text(), line: try reader.u32(), column: try reader.u32())
        }
        let count = try reader.u32()
        var events: [ReceiptEvent] = []
        for _ in 0..<count { events.append(try ReceiptEvent(reading: &reader)) }
        try reader.finish()
        self.init(
            transactionHash: hash, status: status, rejection: code == 0 ? nil : TxRejection.Code(rawValue: code),
            gasUsed: gasUsed, fee: fee, events: events, returnValue: returnValue, reason: reason, location: location,
            createdContract: created)
    }
}

extension ReceiptEvent {
    /// The event's bytes as a receipt holds them: [20] contract, u16+ name, u8 topic count, u32+
    /// each topic, u32+ fields.
    public var encoded: [UInt8] {
        var writer = ChainBytesWriter()
        write(into: &writer)
        return writer.bytes
    }

    func write(into writer: inout ChainBytesWriter) {
        writer.raw(contract.bytes)
        writer.text(ChainBytesWriter.clipped(name, to: Int(UInt16.max)))
        writer.u8(UInt8(clamping: topics.count))
        for topic in topics.prefix(Int(UInt8.max)) { writer.blob(topic) }
        writer.blob(fields)
    }

    init(reading reader: inout ChainBytesReader) throws(ChainDecodingError) {
        guard let contract = Address(bytes: try reader.raw(Address.size)) else { throw reader.failure("a bad contract address") }
        let name = try reader.text()
        let topicCount = try reader.u8()
        var topics: [[UInt8]] = []
        for _ in 0..<topicCount { topics.append(try reader.blob()) }
        self.init(contract: contract, name: name, topics: topics, fields: try reader.blob())
    }
}
