/// Appends fixed-width little-endian integers and length-prefixed strings: the encoding of the
/// bundle's binary parts (rule networks, process definitions). Same input, same bytes.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func u16(_ value: UInt16) { for shift in stride(from: 0, to: 16, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt16(shift))) } }
    mutating func u32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) } }
    mutating func i64(_ value: Int64) {
        let raw = UInt64(bitPattern: value)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: raw >> UInt64(shift))) }
    }
    mutating func int(_ value: Int) { i64(Int64(value)) }
    mutating func count(_ value: Int) { u32(UInt32(clamping: value)) }
    mutating func raw(_ data: [UInt8]) {
        count(data.count)
        bytes += data
    }
    mutating func string(_ text: String) { raw(Array(text.utf8)) }
    mutating func optionalString(_ text: String?) {
        bool(text != nil)
        if let text { string(text) }
    }
    mutating func optionalI64(_ value: Int64?) {
        bool(value != nil)
        if let value { i64(value) }
    }
}

/// Reads what ``ByteWriter`` wrote; every read is bounds-checked and throws on malformed input.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset = 0
    /// What is being decoded, for error messages.
    let what: String

    init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.what = what
    }

    var isAtEnd: Bool { offset == bytes.count }

    func failure(_ detail: String) -> BundleError { BundleError("\(what) is malformed: \(detail) (at byte \(offset))") }

    /// The error for a part of format version `found` when this code reads `expected`.
    func unsupported(_ found: UInt16, expected: UInt16) -> BundleError {
        BundleError("\(what) has format version \(found), which is not supported (expected \(expected))", code: .unsupportedVersion)
    }

    mutating func u8() throws(BundleError) -> UInt8 {
        guard offset < bytes.count else { throw failure("unexpected end") }
        defer { offset += 1 }
        return bytes[offset]
    }
    mutating func bool() throws(BundleError) -> Bool {
        let value = try u8()
        guard value <= 1 else { throw failure("a flag must be 0 or 1") }
        return value == 1
    }
    mutating func u16() throws(BundleError) -> UInt16 {
        var value: UInt16 = 0
        for shift in stride(from: 0, to: 16, by: 8) { value |= UInt16(try u8()) << UInt16(shift) }
        return value
    }
    mutating func u32() throws(BundleError) -> UInt32 {
        var value: UInt32 = 0
        for shift in stride(from: 0, to: 32, by: 8) { value |= UInt32(try u8()) << UInt32(shift) }
        return value
    }
    mutating func i64() throws(BundleError) -> Int64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(try u8()) << UInt64(shift) }
        return Int64(bitPattern: value)
    }
    mutating func int(max: Int = Int(Int32.max)) throws(BundleError) -> Int {
        let value = try i64()
        guard value >= Int64(Int32.min), value <= Int64(max) else { throw failure("a number is out of range") }
        return Int(value)
    }
    /// A count of items that follow, each at least `minimumSize` bytes (so a count cannot ask for more than the data holds).
    mutating func count(minimumSize: Int = 1) throws(BundleError) -> Int {
        let value = Int(try u32())
        guard value * max(minimumSize, 1) <= bytes.count - offset else { throw failure("a count of \(value) exceeds the data") }
        return value
    }
    mutating func raw() throws(BundleError) -> [UInt8] {
        let length = try count()
        defer { offset += length }
        return Array(bytes[offset..<(offset + length)])
    }
    mutating func string() throws(BundleError) -> String {
        let data = try raw()
        guard let text = String(validating: data, as: UTF8.self) else { throw failure("text is not UTF-8") }
        return text
    }
    mutating func optionalString() throws(BundleError) -> String? { try bool() ? try string() : nil }
    mutating func optionalI64() throws(BundleError) -> Int64? { try bool() ? try i64() : nil }

    func finish() throws(BundleError) {
        guard isAtEnd else { throw failure("\(bytes.count - offset) bytes after the end") }
    }
}

/// Why a bundle cannot be written or read, with a stable code.
public struct BundleError: Error, CustomStringConvertible, Sendable {
    /// A stable error category.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The bundle or one of its parts is damaged, malformed or inconsistent.
        public static let invalid = Code(rawValue: "invalid")
        /// The bundle or a part carries a format version this code does not read.
        public static let unsupportedVersion = Code(rawValue: "unsupportedVersion")
    }

    public let code: Code
    public let description: String
    public init(_ description: String, code: Code = .invalid) {
        self.code = code
        self.description = description
    }
}
