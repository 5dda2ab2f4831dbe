/// Writes the chain's own canonical binary records (receipts, block records, versions,
/// parameters): fixed-width integers big-endian, byte strings with a 4-byte length, text as UTF-8
/// with a 2-byte length. One encoding per value, so equal records hash equally.
struct ChainBytesWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { fixed(UInt64(value), 2) }
    mutating func u32(_ value: UInt32) { fixed(UInt64(value), 4) }
    mutating func u64(_ value: UInt64) { fixed(value, 8) }
    mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }
    mutating func amount(_ value: Amount) {
        fixed(UInt64(truncatingIfNeeded: value.atto >> 64), 8)
        fixed(UInt64(truncatingIfNeeded: value.atto), 8)
    }
    mutating func raw(_ data: [UInt8]) { bytes += data }
    /// A byte string of at most 2^32 − 1 bytes: its length, then the bytes.
    mutating func blob(_ data: [UInt8]) {
        u32(UInt32(clamping: data.count))
        bytes += data.prefix(Int(UInt32.max))
    }
    /// Text of at most 65,535 UTF-8 bytes: its length, then the bytes (longer text is cut at a
    /// character boundary by the caller; see ``ChainBytesWriter/clipped(_:)``).
    mutating func text(_ value: String) {
        let utf8 = Array(value.utf8)
        u16(UInt16(clamping: utf8.count))
        bytes += utf8.prefix(Int(UInt16.max))
    }

    private mutating func fixed(_ value: UInt64, _ count: Int) {
        for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * index))) }
    }

    /// `text` cut to at most `limit` UTF-8 bytes at a character boundary.
    static func clipped(_ text: String, to limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var out = ""
        for character in text {
            if out.utf8.count + character.utf8.count > limit { break }
            out.append(character)
        }
        return out
    }
}

/// Why a chain record's bytes were refused: truncated, trailing bytes, an unknown version or tag,
/// or a non-canonical value, with the byte offset.
public struct ChainDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Reads what ``ChainBytesWriter`` writes, front to back, failing with the offset.
struct ChainBytesReader {
    let bytes: [UInt8]
    let what: String
    private(set) var offset = 0

    init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.what = what
    }

    func failure(_ detail: String) -> ChainDecodingError {
        ChainDecodingError("\(what) is malformed: \(detail) (at byte \(offset))")
    }

    mutating func u8() throws(ChainDecodingError) -> UInt8 { UInt8(try fixed(1)) }
    mutating func u16() throws(ChainDecodingError) -> UInt16 { UInt16(try fixed(2)) }
    mutating func u32() throws(ChainDecodingError) -> UInt32 { UInt32(try fixed(4)) }
    mutating func u64() throws(ChainDecodingError) -> UInt64 { try fixed(8) }
    mutating func i64() throws(ChainDecodingError) -> Int64 { Int64(bitPattern: try fixed(8)) }
    mutating func amount() throws(ChainDecodingError) -> Amount {
        let high = try fixed(8)
        let low = try fixed(8)
        return Amount(atto: UInt128(high) << 64 | UInt128(low))
    }

    mutating func raw(_ count: Int) throws(ChainDecodingError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else { throw failure("ends inside a field of \(count) bytes") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func blob() throws(ChainDecodingError) -> [UInt8] { try raw(Int(try u32())) }

    mutating func text() throws(ChainDecodingError) -> String {
        let data = try raw(Int(try u16()))
        guard let text = String(validating: data, as: UTF8.self) else { throw failure("text that is not UTF-8") }
        return text
    }

    /// A presence byte: 0 or 1, nothing else.
    mutating func flag() throws(ChainDecodingError) -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let other: throw failure("a presence byte of \(other) (0 or 1)")
        }
    }

    func finish() throws(ChainDecodingError) {
        guard offset == bytes.count else { throw failure("\(bytes.count - offset) bytes after the end") }
    }

    private mutating func fixed(_ count: Int) throws(ChainDecodingError) -> UInt64 {
        guard bytes.count - offset >= count else { throw failure("ends inside a \(count)-byte number") }
        var value: UInt64 = 0
        for index in offset..<offset + count { value = value << 8 | UInt64(bytes[index]) }
        offset += count
        return value
    }
}
