/// What one operand field (A, B or C) of an instruction holds; the verifier, the disassembler and
/// the assembler all read operands through this table.
public enum OperandKind: Sendable, Equatable {
    /// The field must be zero.
    case unused
    /// A register of the current frame.
    case register
    /// Any constant-pool index.
    case constant
    /// A constant-pool index whose constant is a number.
    case numberConstant
    /// A signed 16-bit integer.
    case immediate
    /// 0 or 1.
    case flag
    /// A function index.
    case function
    /// An instruction index in the same function.
    case target
    /// A class index.
    case classIndex
    /// A field slot of an object (checked against the object's class when it runs).
    case field
    /// A persistent state field index.
    case stateField
    /// A ``HostOperation`` raw value.
    case hostOperation
    /// An argument count (checked against the callee or host operation).
    case count
    /// A free 16-bit number (capacity hints, gas halves).
    case any
    /// A ``NumberOperation`` raw value.
    case numberOperation
    /// An ``IntrinsicOperation`` raw value.
    case intrinsicOperation
    /// A global variable index (``Module/globals``).
    case global
}

/// The operand layout of an opcode: the kinds of its A, B and C fields.
public struct OperandFormat: Sendable, Equatable {
    public var a: OperandKind
    public var b: OperandKind
    public var c: OperandKind
    public init(_ a: OperandKind, _ b: OperandKind, _ c: OperandKind) {
        self.a = a
        self.b = b
        self.c = c
    }
}

/// The unary number functions of ``Opcode/numOp``.
public enum NumberOperation: UInt16, Sendable, CaseIterable {
    case floor = 0, ceil, round, abs, trunc
}

extension Opcode {
    /// The assembler and disassembler name of the opcode.
    public var name: String { String(describing: self) }

    /// The operand kinds of A, B and C. ORDER OP.
    public var format: OperandFormat {
        switch self {
        case .nop, .retNull: OperandFormat(.unused, .unused, .unused)
        case .move, .neg, .not, .isNull, .toStr, .len, .pop, .mapKeys, .mapValues, .unwrap:
            OperandFormat(.register, .register, .unused)
        case .loadK: OperandFormat(.register, .constant, .unused)
        case .loadI: OperandFormat(.register, .immediate, .unused)
        case .loadNull, .newMap, .ret, .revert: OperandFormat(.register, .unused, .unused)
        case .loadBool: OperandFormat(.register, .flag, .unused)
        case .loadFunc: OperandFormat(.register, .function, .unused)
        case .add, .sub, .mul, .div, .mod, .eq, .ne, .lt, .le, .concat, .getIndex, .setIndex, .mapHas, .mapDelete:
            OperandFormat(.register, .register, .register)
        case .addK, .subK, .mulK, .divK, .modK: OperandFormat(.register, .register, .numberConstant)
        case .addI, .mulI: OperandFormat(.register, .register, .immediate)
        case .numOp: OperandFormat(.register, .register, .numberOperation)
        case .jump: OperandFormat(.unused, .unused, .target)
        case .jumpIf, .jumpIfNot: OperandFormat(.register, .unused, .target)
        case .jumpLt, .jumpLe, .jumpEq, .jumpNe: OperandFormat(.register, .register, .target)
        case .jumpLtI, .jumpLeI, .jumpGtI, .jumpGeI, .jumpEqI, .jumpNeI:
            OperandFormat(.register, .immediate, .target)
        case .call: OperandFormat(.register, .function, .count)
        case .callRef: OperandFormat(.register, .register, .count)
        case .host: OperandFormat(.register, .hostOperation, .count)
        case .newArray: OperandFormat(.register, .any, .unused)
        case .push: OperandFormat(.register, .register, .unused)
        case .newObject: OperandFormat(.register, .classIndex, .unused)
        case .getField: OperandFormat(.register, .register, .field)
        case .setField: OperandFormat(.register, .field, .register)
        case .sload, .sstore: OperandFormat(.register, .stateField, .unused)
        case .require: OperandFormat(.register, .register, .unused)
        case .intrinsic: OperandFormat(.register, .intrinsicOperation, .count)
        case .closure: OperandFormat(.register, .function, .register)
        case .getGlobal, .setGlobal: OperandFormat(.register, .global, .unused)
        case .gas: OperandFormat(.any, .any, .unused)
        }
    }

    /// Gas charged for executing the instruction, summed per basic block (``GasSchedule``, section 1
    /// of docs/gas.md). Allocation, storage and host work are charged on top, as they happen. ORDER OP.
    public var baseGas: UInt32 {
        let schedule = GasSchedule.current
        let gas: Int64
        switch self {
        case .gas: gas = 0
        case .div, .mod, .divK, .modK, .concat, .toStr, .intrinsic: gas = schedule.instructionHeavy
        case .call, .callRef, .closure, .newArray, .newMap, .newObject, .mapKeys, .mapValues: gas = schedule.instructionAllocating
        case .getIndex, .setIndex, .mapHas, .mapDelete, .push, .pop: gas = schedule.instructionIndexed
        case .sload, .sstore, .host: gas = schedule.instructionStateOrHost
        default: gas = schedule.instructionBase
        }
        return UInt32(gas)
    }

    /// True for instructions after which control never falls through to the next one.
    public var isTerminator: Bool {
        switch self {
        case .jump, .ret, .retNull, .revert: true
        default: false
        }
    }

    /// True for instructions whose C field is a jump target.
    public var isBranch: Bool { format.c == .target }

    /// True for opcodes that only the loader may produce.
    public var isInternal: Bool { self == .gas }
}

/// The operations a contract reaches through ``Opcode/host``; the raw value is the B operand.
public enum HostOperation: UInt16, Sendable, CaseIterable {
    /// print(value): appends one line to the call's output.
    case print = 0
    /// emit(name, value, topics): records an event whose fields are the encoded value, and whose
    /// indexed fields' values (an array, or null for none) the host receives apart, one topic each.
    case emit
    /// sender(): the calling account's address.
    case sender
    /// value(): the CMT sent with the call.
    case value
    /// blockHeight(): the current block height.
    case blockHeight
    /// blockTime(): the current block time in seconds.
    case blockTime
    /// balance(address): an account's CMT balance.
    case balance
    /// transfer(to, amount): moves CMT from this contract to `to`; reverts when it cannot.
    case transfer
    /// call(address, functionName, argumentsArray): calls another contract's entry point.
    case callContract
    /// sha256(bytesOrString): the digest as bytes.
    case sha256
    /// selfAddress(): the running contract's address.
    case selfAddress
    /// process(operation, instance, argument): a process-engine command on one of the contract's
    /// process instances (`ProcessOperation` in CMTVM numbers the operations).
    case process
    /// rules(operation, session, argument): a rules-engine command (`RuleOperation` in CMTVM).
    case rules
    /// filePut(bytes): stores a file; gives its content id (a string).
    case filePut
    /// fileGet(cid): the file's bytes, or null.
    case fileGet
    /// fileHas(cid): whether the file is stored.
    case fileHas
    /// table(operation, descriptor, a, b, c): a command on one of the contract's `db` tables
    /// (`TableOperation` in CMTVM numbers the operations; docs/vm.md "Tables").
    case table
    /// tryCall(address, functionName, argumentsArray): calls another contract's entry point as
    /// ``callContract`` does, but a callee that reverts or fails does not revert the caller: the
    /// result is a two-element array, `[result, null]` when the call returned and `[null, reason]`
    /// when it did not (the callee's changes undone). `try { … } catch (reason) { … }` compiles to it.
    case tryCallContract
    /// callValue(address, functionName, argumentsArray, value): ``callContract`` sending `value` CMT
    /// from this contract to the callee with the call (the callee's `msg.value`); the transfer is
    /// undone when the callee reverts or fails. `h.f{ value: v }(…)` compiles to it.
    case callContractValue
    /// tryCallValue(address, functionName, argumentsArray, value): ``tryCallContract`` sending
    /// `value` as ``callContractValue`` does (inside `try`).
    case tryCallContractValue

    /// How many arguments the operation takes (the `host` instruction's C operand).
    public var argumentCount: Int {
        switch self {
        case .sender, .value, .blockHeight, .blockTime, .selfAddress: 0
        case .print, .balance, .sha256, .filePut, .fileGet, .fileHas: 1
        case .transfer: 2
        case .emit: 3
        case .callContract, .tryCallContract, .process, .rules: 3
        case .callContractValue, .tryCallContractValue: 4
        case .table: 5
        }
    }
}
