/// Why a key file, a key folder or a consensus key file could not be used, with a stable code
/// (docs/keys.md, "Errors").
public struct KeyFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code; the raw values never change meaning.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The passphrase does not open the key (or the encrypted part was altered).
        public static let wrongPassphrase = Code(rawValue: "K001")
        /// The file is not a key file of a known shape: bad JSON, missing or malformed fields, or
        /// a key that does not match its recorded public key or address.
        public static let corrupt = Code(rawValue: "K002")
        /// A key file format version this build does not read.
        public static let unsupportedVersion = Code(rawValue: "K003")
        /// The file or folder can be read or written by other users than its owner.
        public static let insecurePermissions = Code(rawValue: "K004")
        /// No key of that name.
        public static let notFound = Code(rawValue: "K005")
        /// A key of that name exists already.
        public static let alreadyExists = Code(rawValue: "K006")
        /// A key name with characters other than letters, digits, '.', '_' and '-', or too long.
        public static let badName = Code(rawValue: "K007")
        /// Reading or writing the file system failed.
        public static let io = Code(rawValue: "K008")
        /// scrypt parameters outside the bounds this build accepts (a file could otherwise ask
        /// for any amount of memory and time).
        public static let badKDFParameters = Code(rawValue: "K009")
        /// No usable passphrase: empty, or the two entries differ, or none could be read.
        public static let badPassphrase = Code(rawValue: "K010")
        /// A private key given for import that is not 32 bytes of hex.
        public static let badPrivateKey = Code(rawValue: "K011")

        /// A short name for the code.
        public var description: String {
            switch self {
            case .wrongPassphrase: "wrong passphrase"
            case .corrupt: "corrupt key file"
            case .unsupportedVersion: "unsupported key file version"
            case .insecurePermissions: "insecure permissions"
            case .notFound: "no such key"
            case .alreadyExists: "key exists"
            case .badName: "bad key name"
            case .io: "file system error"
            case .badKDFParameters: "bad scrypt parameters"
            case .badPassphrase: "bad passphrase"
            case .badPrivateKey: "bad private key"
            default: rawValue
            }
        }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `error[K001]: wrong passphrase: …`
    public var description: String { "error[\(code.rawValue)]: \(code): \(message)" }
}
