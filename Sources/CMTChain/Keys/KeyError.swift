/// Why a key or a signature was rejected (addresses report `AddressError` from CMTBytecode).
public struct KeyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An extensible error category; the raw values are stable.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A private key seed that is not 32 bytes.
        public static let badSeed = Code(rawValue: "badSeed")
        /// Bytes that are not an Ed25519 public key.
        public static let badPublicKey = Code(rawValue: "badPublicKey")
        /// The signing library failed.
        public static let signingFailed = Code(rawValue: "signingFailed")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
