/// Why the mempool refused a transaction, with a stable numeric code (101–199: the pool's range,
/// apart from the chain's check codes) and a message (docs/node.md, "Mempool").
public struct MempoolRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// A rejection code: a stable number and name. New codes get new numbers; none is reused.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// A transaction with the same hash is already in the pool.
        public static let alreadyKnown = Code(rawValue: 101)
        /// The nonce is below the sender's committed nonce.
        public static let nonceTooLow = Code(rawValue: 102)
        /// The nonce is further ahead of the committed nonce than the pool queues.
        public static let nonceTooFarAhead = Code(rawValue: 103)
        /// A transaction with the same sender and nonce is pending and this one does not pay enough more.
        public static let replacementUnderpriced = Code(rawValue: 104)
        /// The pool is full and holds nothing cheaper to evict.
        public static let poolFull = Code(rawValue: 105)
        /// The sender (or fee payer) cannot pay for this and its other pooled transactions.
        public static let insufficientBalance = Code(rawValue: 106)
        /// The maximum fee per gas is below the base fee.
        public static let feeBelowBase = Code(rawValue: 107)
        /// The transaction alone is larger than the pool.
        public static let oversize = Code(rawValue: 108)
        /// The expiry height has passed.
        public static let expired = Code(rawValue: 109)

        /// The code's stable name.
        public var description: String {
            switch self {
            case .alreadyKnown: "alreadyKnown"
            case .nonceTooLow: "nonceTooLow"
            case .nonceTooFarAhead: "nonceTooFarAhead"
            case .replacementUnderpriced: "replacementUnderpriced"
            case .poolFull: "poolFull"
            case .insufficientBalance: "insufficientBalance"
            case .feeBelowBase: "feeBelowBase"
            case .oversize: "oversize"
            case .expired: "expired"
            default: "code\(rawValue)"
            }
        }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue) \(code): \(message)" }
}
