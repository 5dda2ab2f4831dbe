/// Why a process command failed. A failed command changes nothing (the instance is as before).
public struct ProcessError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure, extensible without breaking callers.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let ended = Code(rawValue: "ended")
        public static let noSuchToken = Code(rawValue: "noSuchToken")
        public static let tokenEnded = Code(rawValue: "tokenEnded")
        public static let locked = Code(rawValue: "locked")
        public static let noTransition = Code(rawValue: "noTransition")
        public static let noTask = Code(rawValue: "noTask")
        public static let noNode = Code(rawValue: "noNode")
        public static let variable = Code(rawValue: "variable")
        public static let expression = Code(rawValue: "expression")
        public static let action = Code(rawValue: "action")
        public static let outOfGas = Code(rawValue: "outOfGas")
        public static let tooDeep = Code(rawValue: "tooDeep")
        public static let malformed = Code(rawValue: "malformed")
        /// Stored instance bytes of a format version this code does not read.
        public static let unsupportedVersion = Code(rawValue: "unsupportedVersion")
        public static let subProcess = Code(rawValue: "subProcess")
        /// The task (or the token's task) is assigned to another actor.
        public static let notAssigned = Code(rawValue: "notAssigned")
        /// A task-node still has open blocking tasks.
        public static let blocked = Code(rawValue: "blocked")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
