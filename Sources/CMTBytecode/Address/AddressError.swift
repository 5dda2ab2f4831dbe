/// Why a bech32 string or an address was rejected, with a stable code (``BytecodeError`` is the
/// model): the compiler, `--arg`, JSON readers and the chain all report these.
public struct AddressError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error category.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Longer than BIP-173's 90 characters, or a data part shorter than the checksum.
        public static let badLength = Code(rawValue: "badLength")
        /// A character outside US-ASCII 33...126, or a data character outside the bech32 alphabet.
        public static let badCharacter = Code(rawValue: "badCharacter")
        /// Upper and lower case letters mixed.
        public static let mixedCase = Code(rawValue: "mixedCase")
        /// No `1` separating the prefix from the data.
        public static let noSeparator = Code(rawValue: "noSeparator")
        /// Nothing before the separator.
        public static let emptyPrefix = Code(rawValue: "emptyPrefix")
        /// The checksum does not match (a mistyped character).
        public static let badChecksum = Code(rawValue: "badChecksum")
        /// Padding bits that are not zero, or more than 4 of them, when regrouping 5-bit data into bytes.
        public static let badPadding = Code(rawValue: "badPadding")
        /// A valid bech32 string with another prefix than `cmt`.
        public static let wrongPrefix = Code(rawValue: "wrongPrefix")
        /// Data that is not exactly 20 bytes.
        public static let wrongSize = Code(rawValue: "wrongSize")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
