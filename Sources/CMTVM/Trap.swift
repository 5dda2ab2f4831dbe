public import CMTBytecode

/// Why execution stopped abnormally. Handlers return these as values; the dispatch loop turns the
/// first one into the call's outcome.
public enum TrapReason: Error, Hashable, Sendable, CustomStringConvertible {
    case outOfGas
    /// A number result outside the Decimal18 range.
    case overflow
    case divisionByZero
    case indexOutOfRange
    case nullUnwrap
    /// The per-call heap limit was reached.
    case heapLimit
    /// Too many nested calls, or frames larger than the register stack.
    case stackDepth
    /// An operand of the wrong kind (a module the compiler typed wrongly).
    case typeMismatch(String)
    /// `revert` or a failed `require`, with the contract's reason.
    case revert(String)
    /// The host refused an operation (insufficient balance, unknown contract, …).
    case hostFailure(String)
    /// An argument of the right kind but outside an operation's domain (a fractional index, a
    /// shift count above 127, …).
    case invalidArgument(String)
    /// The host itself failed (``Host/fault``): the whole execution stops, every caller too; the
    /// block is abandoned. Never a revert a caller could handle.
    case hostFault(HostFault)
    /// Stopped from outside (``ExecutionInterrupt``: Ctrl-C in `cmtc repl`); never on a chain.
    case interrupted

    public var description: String {
        switch self {
        case .outOfGas: "out of gas"
        case .overflow: "number overflow"
        case .divisionByZero: "division by zero"
        case .indexOutOfRange: "index out of range"
        case .nullUnwrap: "unwrapped null"
        case .heapLimit: "heap limit exceeded"
        case .stackDepth: "call stack too deep"
        case .typeMismatch(let detail): "type mismatch: \(detail)"
        case .revert(let reason): "reverted: \(reason)"
        case .hostFailure(let detail): "host failure: \(detail)"
        case .invalidArgument(let detail): "invalid argument: \(detail)"
        case .hostFault(let fault): "host fault: \(fault)"
        case .interrupted: "interrupted"
        }
    }
}

/// One frame of a trap's backtrace: a function and the instruction index in the module's code.
public struct TrapFrame: Hashable, Sendable {
    public var function: Int
    public var instruction: Int
    /// Source span from the module's debug info, when present.
    public var location: DebugLocation?
}

/// A trap with where it happened: innermost frame first.
public struct Trap: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: TrapReason
    public var backtrace: [TrapFrame]

    public var description: String {
        var text = reason.description
        if let top = backtrace.first { text += " in function \(top.function) at instruction \(top.instruction)" }
        return text
    }
}
