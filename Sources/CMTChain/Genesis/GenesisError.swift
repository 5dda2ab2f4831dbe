/// Why a genesis `app_state` was refused: it does not decode, or a value is out of range, with the
/// JSON path of the field at fault in the message.
public struct GenesisError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An extensible error category; the raw values are stable.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Not JSON, a missing or unknown field, or a field of the wrong type.
        public static let malformed = Code(rawValue: "malformed")
        /// A chain id that is empty, longer than 50 bytes, or not the one consensus gives.
        public static let badChainID = Code(rawValue: "badChainID")
        /// An initial height of 0, or not the one consensus gives.
        public static let badInitialHeight = Code(rawValue: "badInitialHeight")
        /// A protocol, gas schedule, bytecode or value encoding version this node does not run.
        public static let unknownVersion = Code(rawValue: "unknownVersion")
        /// A parameter out of its range.
        public static let badParameter = Code(rawValue: "badParameter")
        /// An account that is not a bech32 `cmt1…` address, listed twice, or a balance that is not
        /// a CMT amount; or balances whose sum exceeds what an amount holds.
        public static let badAccount = Code(rawValue: "badAccount")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "genesis \(code.rawValue): \(message)" }
}
