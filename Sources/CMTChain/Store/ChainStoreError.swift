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
        /// The database could not be opened or its schema brought up to date (a file that is not
        /// a chain database, or one written by a newer schema).
        public static let openFailed = Code(rawValue: "openFailed")
        /// A query the store cannot answer as asked (too many conditions).
        public static let badQuery = Code(rawValue: "badQuery")
        /// A block committed out of order: not the height after the latest, or a second genesis.
        public static let heightOrder = Code(rawValue: "heightOrder")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
