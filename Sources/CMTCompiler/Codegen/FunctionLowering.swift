import CMTBytecode
import CMTSource

/// Where a variable's value lives while a function runs.
enum VariableSlot {
    /// In a register of the frame.
    case register(UInt16)
    /// In element 0 of a one-element array held in a register: a variable that closures capture and
    /// that is assigned after it is captured, so every closure sees its current value.
    case cell(UInt16)
    /// In a global slot (script globals that functions use; static fields).
    case global(UInt16)
}

/// Where `break` and `continue` go from inside a loop, a `switch` or a labelled statement.
struct LoopTargets {
    let breakTarget: BlockID
    /// Nil for a `switch` or a labelled statement that is not a loop.
    let continueTarget: BlockID?
    /// Registers in use by locals when the loop started (a `break` frees nothing: scopes do).
    let localTop: UInt16
    /// The labels written before the statement.
    var labels: [String] = []
    /// Whether a `break` without a label may leave it (a loop or a `switch`, not a labelled block).
    var takesPlainBreak = true
}

/// Lowers one function body to IR: registers are allocated as Lua's compiler does (locals in
/// declaration order, temporaries above them, freed in stack order), expressions are compiled
/// into a destination register when one is given, and conditions become fused compare-and-branch
/// terminators.
final class FunctionLowering {
    unowned let module: ModuleLowering
    var ir: IRFunction
    var current = IRFunction.entry
    /// The first free register: everything below holds a live local or temporary.
    var top: UInt16 = 0
    /// `top` when the current statement started: registers below it hold variables, registers from
    /// it up are the statement's temporaries.
    var statementMark: UInt16 = 0
    var variables: [Span: VariableSlot] = [:]
    var loops: [LoopTargets] = []
    /// Labels written before the statement about to be lowered.
    var pendingLabels: [String] = []
    /// The register holding `this` in class code.
    var thisRegister: UInt16?
    let owner: CMTCompiler.ClassInfo?
    var span: Span?
    /// Whether this is the module initializer, which computes the module constants and so reads
    /// them without first checking that they have been computed.
    var isModuleInitializer = false
    /// Whether the body ends by returning `this` (a class's `new` function).
    var returnsThis = false
    /// Set once registers run out; lowering continues without emitting more, and an error is reported.
    var overflowed = false
    /// The `try` statements around the code being lowered, innermost last.
    var catchTargets: [CatchTarget] = []

    var types: TypeTable { module.types }
    var isContractCode: Bool { owner?.kind == .contract }

    init(module: ModuleLowering, name: String, parameterCount: UInt16, captureCount: UInt16, owner: CMTCompiler.ClassInfo?) {
        self.module = module
        self.owner = owner
        self.ir = IRFunction(name: name, parameterCount: parameterCount, captureCount: captureCount)
        self.ir.blocks = [IRBlock()]
        self.top = parameterCount
    }

    // MARK: Registers

    /// A fresh register above every live one.
    func allocate() -> UInt16 {
        let register = top
        if top >= 4_000 {
            if !overflowed {
                module.report(CompilerMessages.functionTooLarge(ir.name, "it needs more than 4,000 registers"), at: span ?? Span.point(FileID(0), 0))
            }
            overflowed = true
            return top
        }
        top += 1
        ir.registerCount = max(ir.registerCount, top)
        return register
    }

    /// The first register of a call window of `count` registers whose result goes to `dest`: `dest`
    /// itself when it is the topmost temporary (no move needed afterwards), else fresh registers.
    func window(_ count: Int, resultIn dest: UInt16) -> UInt16 {
        if dest >= statementMark, dest + 1 == top {
            for _ in 1..<max(count, 1) { _ = allocate() }
            return dest
        }
        let base = allocate()
        for _ in 1..<max(count, 1) { _ = allocate() }
        return base
    }

    /// Frees every register from `mark` up (stack order).
    func free(to mark: UInt16) {
        if !overflowed { top = mark }
    }

    // MARK: Blocks

    func newBlock() -> BlockID {
        ir.blocks.append(IRBlock())
        return BlockID(ir.blocks.count - 1)
    }

    /// Continues emitting into `block`.
    func switchTo(_ block: BlockID) { current = block }

    var isTerminated: Bool {
        if case .open = ir.blocks[current.index].terminator { return false }
        return true
    }

    func terminate(_ terminator: IRTerminator) {
        guard !isTerminated else { return }
        ir.blocks[current.index].terminator = terminator
        ir.blocks[current.index].terminatorSpan = span
    }

    /// Starts a block for code that follows an unconditional exit (`return`, `break`); it is
    /// unreachable and removed later.
    func startDeadBlock() {
        switchTo(newBlock())
    }

    func jump(to block: BlockID) { terminate(.jump(block)) }

    // MARK: Emitting

    func emit(_ opcode: Opcode, _ a: UInt16 = 0, _ b: UInt16 = 0, _ c: UInt16 = 0, type: IRType? = nil) {
        guard !isTerminated else { return }
        ir.blocks[current.index].instructions.append(IRInstruction(opcode, a, b, c, type: type, span: span))
    }

    func move(_ to: UInt16, _ from: UInt16) {
        if to != from { emit(.move, to, from) }
    }

    func loadConstant(_ constant: Constant, into register: UInt16) {
        switch constant {
        case .number(let value):
            if let small = value.int64Value, small >= Int64(Int16.min), small <= Int64(Int16.max) {
                emit(.loadI, register, UInt16(bitPattern: Int16(small)), type: .number)
                return
            }
            emit(.loadK, register, module.constant(constant), type: .number)
        case .string: emit(.loadK, register, module.constant(constant), type: .string)
        case .bytes: emit(.loadK, register, module.constant(constant), type: .bytes)
        case .address: emit(.loadK, register, module.constant(constant), type: .address)
        }
    }

    func loadString(_ text: String, into register: UInt16) { loadConstant(.string(text), into: register) }

    /// Runs `body` with `span` as the source of what it emits.
    func at<T>(_ newSpan: Span, _ body: () -> T) -> T {
        let saved = span
        span = newSpan
        defer { span = saved }
        return body()
    }

    // MARK: Variables

    /// Declares `variable` in a new register (or a cell, or its global slot) without initializing it.
    @discardableResult
    func declare(_ variable: VariableInfo) -> VariableSlot {
        if let slot = module.globalSlots[variable.span] {
            variables[variable.span] = .global(slot)
            return .global(slot)
        }
        let register = allocate()
        let slot: VariableSlot = module.analysis.needsCell(variable) ? .cell(register) : .register(register)
        variables[variable.span] = slot
        if case .cell = slot {
            emit(.newArray, register, 1, type: .reference)
            let null = allocate()
            emit(.loadNull, null)
            emit(.push, register, null)
            free(to: null)
        }
        return slot
    }

    func slot(of variable: VariableInfo) -> VariableSlot? {
        if let slot = variables[variable.span] { return slot }
        if let global = module.globalSlots[variable.span] { return .global(global) }
        return nil
    }

    /// Stores the value in `register` into a variable.
    func store(_ register: UInt16, into slot: VariableSlot) {
        switch slot {
        case .register(let target): move(target, register)
        case .cell(let cell):
            let zero = allocate()
            emit(.loadI, zero, 0, type: .number)
            emit(.setIndex, cell, zero, register)
            free(to: zero)
        case .global(let index): emit(.setGlobal, register, index)
        }
    }

    // MARK: Finishing

    func finish() -> IRFunction {
        // Falling off the end returns null (void), or `this` from a constructor.
        if !isTerminated {
            if returnsThis, let thisRegister { terminate(.ret(thisRegister)) } else { terminate(.retNull) }
        }
        for index in ir.blocks.indices where ir.blocks[index].terminator == .open {
            ir.blocks[index].terminator = .retNull
        }
        return ir
    }

    func irType(_ type: TypeID) -> IRType {
        switch types[type] {
        case .number: .number
        case .boolean: .boolean
        case .string: .string
        case .bytes: .bytes
        case .address: .address
        case .null: .null
        case .function: .function
        case .array, .map, .instance, .object: .reference
        default: .any
        }
    }
}
