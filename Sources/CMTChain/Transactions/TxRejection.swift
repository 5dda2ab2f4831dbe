/// Why a transaction was rejected, with a stable numeric code (the code CometBFT's CheckTx
/// returns; 0 is acceptance) and a message naming the problem (docs/chain.md, "Rejections").
public struct TxRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// A rejection code: a stable number and name. New codes get new numbers; none is reused.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// More bytes than the chain accepts in one transaction.
        public static let oversize = Code(rawValue: 1)
        /// Bytes that do not decode as the envelope or its body.
        public static let undecodable = Code(rawValue: 2)
        /// Bytes that decode but are not the canonical encoding of what they decode to.
        public static let nonCanonical = Code(rawValue: 3)
        /// A field the format does not define.
        public static let unknownField = Code(rawValue: 4)
        /// A chain id other than this chain's.
        public static let wrongChainID = Code(rawValue: 5)
        /// A key type other than Ed25519.
        public static let unsupportedKeyType = Code(rawValue: 6)
        /// A missing signer, or signer or fee payer key bytes that are not an Ed25519 key.
        public static let badPublicKey = Code(rawValue: 7)
        /// The signer's signature does not verify.
        public static let badSignature = Code(rawValue: 8)
        /// The fee payer's signature does not verify, or is present without a fee payer.
        public static let badFeePayerSignature = Code(rawValue: 9)
        /// No action (transfer, deploy, call or webhook event).
        public static let missingAction = Code(rawValue: 10)
        /// An address that is not 20 bytes.
        public static let badAddress = Code(rawValue: 11)
        /// An amount that is not canonical decimal digits of atto-CMT.
        public static let badAmount = Code(rawValue: 12)
        /// A gas limit of zero, or a priority fee above the maximum fee.
        public static let badFees = Code(rawValue: 13)
        /// A required name (function, hook, parameter) that is empty or repeated.
        public static let badName = Code(rawValue: 14)

        // The stateful check (docs/chain.md, "The stateful check").

        /// A nonce below the signer's next one: already used (a replay).
        public static let nonceTooLow = Code(rawValue: 15)
        /// A nonce above the signer's next one: a gap.
        public static let nonceTooHigh = Code(rawValue: 16)
        /// The block's height is past the transaction's expiry height.
        public static let expired = Code(rawValue: 17)
        /// A gas limit above the block gas limit.
        public static let gasLimitAboveBlock = Code(rawValue: 18)
        /// A maximum fee per gas below the base fee per gas.
        public static let feeBelowBaseFee = Code(rawValue: 19)
        /// The payer (signer or fee payer) cannot pay gas limit × maximum fee per gas.
        public static let insufficientFundsForFee = Code(rawValue: 20)
        /// The signer cannot pay the value it sends (after the fee, when it pays that too).
        public static let insufficientFundsForValue = Code(rawValue: 21)
        /// A gas limit below the gas the transaction uses before any code runs.
        public static let gasBelowIntrinsic = Code(rawValue: 22)
        /// The block's transactions already reserve the block gas limit, or the transaction does not fit the block's bytes.
        public static let blockFull = Code(rawValue: 23)

        /// The code's stable name.
        public var description: String {
            switch self {
            case .oversize: "oversize"
            case .undecodable: "undecodable"
            case .nonCanonical: "nonCanonical"
            case .unknownField: "unknownField"
            case .wrongChainID: "wrongChainID"
            case .unsupportedKeyType: "unsupportedKeyType"
            case .badPublicKey: "badPublicKey"
            case .badSignature: "badSignature"
            case .badFeePayerSignature: "badFeePayerSignature"
            case .missingAction: "missingAction"
            case .badAddress: "badAddress"
            case .badAmount: "badAmount"
            case .badFees: "badFees"
            case .badName: "badName"
            case .nonceTooLow: "nonceTooLow"
            case .nonceTooHigh: "nonceTooHigh"
            case .expired: "expired"
            case .gasLimitAboveBlock: "gasLimitAboveBlock"
            case .feeBelowBaseFee: "feeBelowBaseFee"
            case .insufficientFundsForFee: "insufficientFundsForFee"
            case .insufficientFundsForValue: "insufficientFundsForValue"
            case .gasBelowIntrinsic: "gasBelowIntrinsic"
            case .blockFull: "blockFull"
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
