import CMTBytecode
/// One event as it is recorded: jBPM's (event type, element holding the event, event source, token).
public struct ProcessEvent: Hashable, Sendable, CustomStringConvertible {
    /// `node-enter`, `node-leave`, `transition`, `process-start`, `process-end`, `task-create`,
    /// `task-end`, `timer`.
    public var type: String
    /// Where the event (and the action) is declared: `process-definition`, `node:NAME`,
    /// `transition:FROM->TO` or `task:NAME`. For the events of ``StepResult/events`` it is the source.
    public var element: String
    /// What fired it: `node:NAME`, `transition:FROM->TO`, `task:NAME`, `process-definition`.
    public var source: String
    /// The full name of the token it fired on.
    public var token: String

    public init(type: String, element: String, source: String, token: String) {
        self.type = type
        self.element = element
        self.source = source
        self.token = token
    }

    public var description: String { "\(type) \(element) \(source) \(token)" }
}

/// What the caller does for the process: run actions (contract functions) and answer decision
/// handlers (rule sets). Called synchronously during a command; throwing fails the whole command,
/// so the caller must undo its own side effects too (a contract call reverts as a whole).
public protocol ProcessActionHandler: AnyObject {
    /// Runs `action` for `event`. Returns the gas it used (charged to the command).
    func perform(_ action: ActionDefinition, event: ProcessEvent, instance: ProcessInstance) throws -> Int64
    /// Answers a decision `<handler>`: the name of the leaving transition to take, and the gas used.
    func decide(_ handler: ActionDefinition, node: String, instance: ProcessInstance) throws -> (transition: String, gasUsed: Int64)
}

/// The block-time, gas and handler of one command.
public struct StepContext: Sendable {
    /// Block time in seconds: timers created now are due at `time + duedate`.
    public var time: Int64
    /// Block height, passed to expressions (`block.height`).
    public var height: Int64
    /// Gas the command may use.
    public var gasLimit: Int64

    public init(time: Int64 = 0, height: Int64 = 1, gasLimit: Int64 = 10_000_000) {
        self.time = time
        self.height = height
        self.gasLimit = gasLimit
    }
}

/// What a successful command did.
public struct StepResult: Hashable, Sendable {
    /// Gas used (``ProcessGas`` costs plus expression and action gas).
    public var gasUsed: Int64
    /// Every event fired, in jBPM's order (element = source).
    public var events: [ProcessEvent]
}

/// The gas each process step costs, read from ``GasSchedule/current`` (docs/gas.md section 8).
public enum ProcessGas {
    /// Every command.
    public static var command: Int64 { GasSchedule.current.processStep }
    /// A node entered (or executed, for the start node).
    public static var nodeEnter: Int64 { GasSchedule.current.processNodeEnter }
    /// A transition taken.
    public static var transition: Int64 { GasSchedule.current.processTransition }
    /// A token created by a fork.
    public static var token: Int64 { GasSchedule.current.processToken }
    /// A task instance created.
    public static var task: Int64 { GasSchedule.current.processTask }
    /// A timer created or fired.
    public static var timer: Int64 { GasSchedule.current.processTimer }
    /// An action performed (plus the gas the handler reports).
    public static var action: Int64 { GasSchedule.current.processAction }
    /// An expression evaluated (plus the VM gas of the evaluation).
    public static var expression: Int64 { GasSchedule.current.processExpression }
    /// A variable written.
    public static var variable: Int64 { GasSchedule.current.processVariable }
}
