/// What became of a transaction in a block: a stable numeric code stored in its receipt
/// (docs/chain.md, "Receipts"). Every status but ``rejected`` was charged its gas and bumped the
/// signer's nonce; every status but ``success`` left no other change.
public struct ReceiptStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The body ran to its end.
    public static let success = ReceiptStatus(rawValue: 0)
    /// The contract reverted (`revert`, a failed `require`): the reason is in the receipt.
    public static let reverted = ReceiptStatus(rawValue: 1)
    /// The body used all the gas it had.
    public static let outOfGas = ReceiptStatus(rawValue: 2)
    /// The body stopped on a runtime error (a trap other than running out of gas).
    public static let failed = ReceiptStatus(rawValue: 3)
    /// The value sent with the body could not be paid.
    public static let insufficientFunds = ReceiptStatus(rawValue: 4)
    /// A call or webhook event to an address holding no contract.
    public static let unknownContract = ReceiptStatus(rawValue: 5)
    /// A call of a function (or a hook) the contract does not have.
    public static let unknownFunction = ReceiptStatus(rawValue: 6)
    /// Arguments that do not decode or do not match the function's parameters.
    public static let badArguments = ReceiptStatus(rawValue: 7)
    /// A deployed bundle that fails verification.
    public static let badBundle = ReceiptStatus(rawValue: 8)
    /// This node cannot run the body (deploy, call and webhook event until the chain Host exists).
    public static let unsupported = ReceiptStatus(rawValue: 9)
    /// The transaction was in the block but failed its stateful check there (for example its
    /// nonce was already used): nothing was charged or changed; the receipt holds the
    /// ``TxRejection`` code.
    public static let rejected = ReceiptStatus(rawValue: 10)

    /// Whether the status is one this code knows (a decoder refuses others).
    public var isKnown: Bool { rawValue <= 10 }

    /// The status's stable name.
    public var description: String {
        switch self {
        case .success: "success"
        case .reverted: "reverted"
        case .outOfGas: "outOfGas"
        case .failed: "failed"
        case .insufficientFunds: "insufficientFunds"
        case .unknownContract: "unknownContract"
        case .unknownFunction: "unknownFunction"
        case .badArguments: "badArguments"
        case .badBundle: "badBundle"
        case .unsupported: "unsupported"
        case .rejected: "rejected"
        default: "status\(rawValue)"
        }
    }
}
