/// Why stored or hashed bytes of one of the versioned formats (values, storage keys, stored rule
/// sessions, process instances, bundle parts) were rejected, with a stable code
/// (``BytecodeError`` is the model; modules themselves report ``BytecodeError``).
///
/// Every such format starts with its format version; a decoder meeting a version it does not know
/// throws `unsupportedVersion` rather than guessing, so a change of bytes is always deliberate.
public struct FormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error category.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The bytes start with a format version this code does not read.
        public static let unsupportedVersion = Code(rawValue: "unsupportedVersion")
        /// The bytes end before the format says they should.
        public static let truncated = Code(rawValue: "truncated")
        /// Anything else the format does not allow (a bad tag, trailing bytes, nesting too deep).
        public static let malformed = Code(rawValue: "malformed")
    }

    public var code: Code
    /// The format: `value`, `storage key`, `process instance`, `bundle`, a part name…
    public var format: String
    public var message: String

    public init(_ code: Code, format: String, _ message: String) {
        self.code = code
        self.format = format
        self.message = message
    }

    /// The error for version `found` of `format` when this code reads `expected`.
    public static func unsupported(_ format: String, found: Int, expected: Int) -> FormatError {
        FormatError(.unsupportedVersion, format: format, "\(format) format version \(found) is not supported (this code reads version \(expected))")
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
