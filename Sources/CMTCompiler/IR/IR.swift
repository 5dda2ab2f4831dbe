import CMTBytecode
import CMTSource

/// A basic block's position in its ``IRFunction``.
public struct BlockID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: BlockID, b: BlockID) -> Bool { a.index < b.index }
    public var description: String { "bb\(index)" }
}

/// The value kind a register holds after an instruction, from the type checker (for the IR printer
/// and the passes; the VM does not see it).
public enum IRType: Sendable, Hashable, CustomStringConvertible {
    case number, boolean, string, bytes, address, null, reference, function, any

    public var description: String {
        switch self {
        case .number: "number"
        case .boolean: "boolean"
        case .string: "string"
        case .bytes: "bytes"
        case .address: "address"
        case .null: "null"
        case .reference: "ref"
        case .function: "fn"
        case .any: "any"
        }
    }
}

/// One straight-line IR instruction: a non-branching bytecode operation on frame registers, with the
/// type of what it defines and the source it came from. Branches live in ``IRTerminator``.
public struct IRInstruction: Sendable, Hashable {
    public var opcode: Opcode
    public var a: UInt16
    public var b: UInt16
    public var c: UInt16
    public var type: IRType?
    public var span: Span?

    public init(_ opcode: Opcode, _ a: UInt16 = 0, _ b: UInt16 = 0, _ c: UInt16 = 0, type: IRType? = nil, span: Span? = nil) {
        self.opcode = opcode
        self.a = a
        self.b = b
        self.c = c
        self.type = type
        self.span = span
    }
}

/// A two-way branch condition: a fused compare-and-branch of the bytecode.
public enum IRCondition: Sendable, Hashable {
    /// R[a] is true (a boolean).
    case truthy(UInt16)
    /// R[a] is false.
    case falsy(UInt16)
    case less(UInt16, UInt16)
    case lessEqual(UInt16, UInt16)
    case equal(UInt16, UInt16)
    case notEqual(UInt16, UInt16)
    case lessImmediate(UInt16, Int16)
    case lessEqualImmediate(UInt16, Int16)
    case greaterImmediate(UInt16, Int16)
    case greaterEqualImmediate(UInt16, Int16)
    case equalImmediate(UInt16, Int16)
    case notEqualImmediate(UInt16, Int16)

    /// The condition that holds exactly when this one does not (numbers and strings are totally
    /// ordered, and a mistyped comparison traps whichever way it is asked).
    public var negated: IRCondition {
        switch self {
        case .truthy(let a): .falsy(a)
        case .falsy(let a): .truthy(a)
        case .less(let a, let b): .lessEqual(b, a)
        case .lessEqual(let a, let b): .less(b, a)
        case .equal(let a, let b): .notEqual(a, b)
        case .notEqual(let a, let b): .equal(a, b)
        case .lessImmediate(let a, let i): .greaterEqualImmediate(a, i)
        case .lessEqualImmediate(let a, let i): .greaterImmediate(a, i)
        case .greaterImmediate(let a, let i): .lessEqualImmediate(a, i)
        case .greaterEqualImmediate(let a, let i): .lessImmediate(a, i)
        case .equalImmediate(let a, let i): .notEqualImmediate(a, i)
        case .notEqualImmediate(let a, let i): .equalImmediate(a, i)
        }
    }

    /// Registers the condition reads.
    public var uses: [UInt16] {
        switch self {
        case .truthy(let a), .falsy(let a), .lessImmediate(let a, _), .lessEqualImmediate(let a, _),
            .greaterImmediate(let a, _), .greaterEqualImmediate(let a, _), .equalImmediate(let a, _),
            .notEqualImmediate(let a, _):
            [a]
        case .less(let a, let b), .lessEqual(let a, let b), .equal(let a, let b), .notEqual(let a, let b): [a, b]
        }
    }

    /// The same condition with every register renamed by `map`.
    func renamed(_ map: (UInt16) -> UInt16) -> IRCondition {
        switch self {
        case .truthy(let a): .truthy(map(a))
        case .falsy(let a): .falsy(map(a))
        case .less(let a, let b): .less(map(a), map(b))
        case .lessEqual(let a, let b): .lessEqual(map(a), map(b))
        case .equal(let a, let b): .equal(map(a), map(b))
        case .notEqual(let a, let b): .notEqual(map(a), map(b))
        case .lessImmediate(let a, let i): .lessImmediate(map(a), i)
        case .lessEqualImmediate(let a, let i): .lessEqualImmediate(map(a), i)
        case .greaterImmediate(let a, let i): .greaterImmediate(map(a), i)
        case .greaterEqualImmediate(let a, let i): .greaterEqualImmediate(map(a), i)
        case .equalImmediate(let a, let i): .equalImmediate(map(a), i)
        case .notEqualImmediate(let a, let i): .notEqualImmediate(map(a), i)
        }
    }
}

/// How a basic block ends.
public enum IRTerminator: Sendable, Hashable {
    case jump(BlockID)
    case branch(IRCondition, then: BlockID, otherwise: BlockID)
    case ret(UInt16)
    case retNull
    /// Revert with the reason in the register.
    case revert(UInt16)
    /// Not terminated yet (only while lowering).
    case open

    public var successors: [BlockID] {
        switch self {
        case .jump(let target): [target]
        case .branch(_, let then, let otherwise): then == otherwise ? [then] : [then, otherwise]
        case .ret, .retNull, .revert, .open: []
        }
    }
}

/// A basic block: straight-line instructions, then one terminator.
public struct IRBlock: Sendable, Hashable {
    public var instructions: [IRInstruction] = []
    public var terminator: IRTerminator = .open
    /// Where the terminator came from (a `return`, a loop condition), for debug info.
    public var terminatorSpan: Span?
    public init() {}
}

/// One function of the IR: a control-flow graph over the frame's registers. Registers are already
/// allocated (locals in declaration order, temporaries above them, call windows on top, as Lua's
/// compiler does), so the passes work on a fixed register file.
public struct IRFunction: Sendable {
    public var name: String
    public var parameterCount: UInt16
    /// The last `captureCount` parameters are captured values of a closure.
    public var captureCount: UInt16
    public var registerCount: UInt16
    public var blocks: [IRBlock]
    /// Block 0 is the entry.
    public static let entry = BlockID(0)

    public init(name: String, parameterCount: UInt16, captureCount: UInt16) {
        self.name = name
        self.parameterCount = parameterCount
        self.captureCount = captureCount
        self.registerCount = parameterCount
        self.blocks = []
    }
}

/// A whole compiled module before emission: functions by index, in the module's function order.
public struct IRModule: Sendable {
    public var functions: [IRFunction]
}
