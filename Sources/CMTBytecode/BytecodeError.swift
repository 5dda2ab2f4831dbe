/// Why a module was rejected by the decoder or the verifier, and where.
///
/// `offset` is a byte offset into the serialized module when the module came from bytes; for code
/// errors `function` and `instruction` name the culprit as well.
public struct BytecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An extensible error category.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let truncated = Code(rawValue: "truncated")
        public static let badMagic = Code(rawValue: "badMagic")
        public static let unsupportedVersion = Code(rawValue: "unsupportedVersion")
        public static let malformed = Code(rawValue: "malformed")
        public static let limitExceeded = Code(rawValue: "limitExceeded")
        public static let badOpcode = Code(rawValue: "badOpcode")
        public static let badRegister = Code(rawValue: "badRegister")
        public static let badConstant = Code(rawValue: "badConstant")
        public static let badJumpTarget = Code(rawValue: "badJumpTarget")
        public static let badFunction = Code(rawValue: "badFunction")
        public static let badOperand = Code(rawValue: "badOperand")
        public static let typeMismatch = Code(rawValue: "typeMismatch")
        public static let fallsOffEnd = Code(rawValue: "fallsOffEnd")
    }

    public var code: Code
    public var message: String
    /// Byte offset in the serialized module, or nil when verifying an in-memory module.
    public var offset: Int?
    public var function: Int?
    public var instruction: Int?

    public init(_ code: Code, _ message: String, offset: Int? = nil, function: Int? = nil, instruction: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.function = function
        self.instruction = instruction
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let function, let instruction { text += " (function \(function), instruction \(instruction))" }
        if let offset { text += " at byte \(offset)" }
        return text
    }
}

/// Size limits every module must respect; the decoder and the verifier enforce them.
public enum ModuleLimits {
    public static let maxModuleBytes = 16 << 20
    public static let maxConstants = 65_535
    public static let maxFunctions = 65_535
    public static let maxClasses = 65_535
    public static let maxFieldsPerClass = 4_096
    /// Keeps jump targets (16 bits) valid after the loader inserts one `gas` per basic block.
    public static let maxInstructionsPerFunction = 32_767
    public static let maxRegistersPerFunction = 4_096
    public static let maxStringBytes = 1 << 20
    public static let maxTypeDepth = 16
    public static let maxEntryPoints = 4_096
    public static let maxParameters = 255
    /// Global variables per module (a 16-bit operand).
    public static let maxGlobals = 65_535
}
