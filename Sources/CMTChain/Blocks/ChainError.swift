/// Why the chain refused a block-level request (InitChain, FinalizeBlock, Commit): a stable code
/// and a message. A transaction's own problems are never a `ChainError` (they are receipts or
/// ``TxRejection``s); a `ChainError` from FinalizeBlock means the node must not go on.
public struct ChainError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An extensible error category; the raw values are stable.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A request before InitChain.
        public static let notInitialized = Code(rawValue: "notInitialized")
        /// InitChain on a chain that has state.
        public static let alreadyInitialized = Code(rawValue: "alreadyInitialized")
        /// The genesis `app_state` was refused (the message holds the ``GenesisError``).
        public static let badGenesis = Code(rawValue: "badGenesis")
        /// A block height that is not the one after the last committed block.
        public static let wrongHeight = Code(rawValue: "wrongHeight")
        /// A block of a protocol version this node does not run, or not the one in force.
        public static let unknownProtocolVersion = Code(rawValue: "unknownProtocolVersion")
        /// A block time before the previous block's.
        public static let timeOrder = Code(rawValue: "timeOrder")
        /// Commit with no finalized block.
        public static let nothingToCommit = Code(rawValue: "nothingToCommit")
        /// The store or the state tree failed: the block does not commit.
        public static let storeFailure = Code(rawValue: "storeFailure")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
