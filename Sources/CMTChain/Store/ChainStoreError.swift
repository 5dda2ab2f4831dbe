/// Why reading or writing chain state failed: the store itself failed (a database or disk error),
/// or it holds bytes that do not decode (a damaged store). Never a contract's business: execution
/// reports it as a host fault and the block does not commit.
public struct ChainStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An extensible error category; the raw values are stable.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Reading the store failed.
        public static let readFailed = Code(rawValue: "readFailed")
        /// Writing the store failed.
        public static let writeFailed = Code(rawValue: "writeFailed")
        /// Stored bytes that do not decode as what their key says they are.
        public static let corrupt = Code(rawValue: "corrupt")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
