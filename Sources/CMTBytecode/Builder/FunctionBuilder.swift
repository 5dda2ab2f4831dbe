/// A jump destination inside one ``FunctionBuilder``; bind it once, jump to it any number of times.
public struct Label: Hashable, Sendable {
    let id: Int
}

/// Emits one function's instructions, with labels patched at ``finish()`` and the frame size
/// computed from the registers used. The compiler's emitter targets this API.
public struct FunctionBuilder: Sendable {
    public let name: String
    public let parameterCount: UInt16
    /// How many of the parameters, the last ones, are captured values (``Function/captureCount``).
    public let captureCount: UInt16
    /// A lower bound for the frame size; the builder raises it to cover every register used.
    public var minimumRegisterCount: UInt16

    private(set) var instructions: [Instruction] = []
    private var labelPositions: [Int?] = []
    private var fixups: [(instruction: Int, label: Label)] = []
    private var highestRegister = -1
    private(set) var locations: [(instruction: Int, file: String, start: UInt32, end: UInt32)] = []
    private var currentLocation: (file: String, start: UInt32, end: UInt32)?

    /// - Parameters:
    ///   - captureCount: how many of the `parameterCount` parameters, the last ones, a closure
    ///     supplies (0 for an ordinary function).
    ///   - registerCount: a lower bound for the frame size.
    public init(name: String, parameterCount: UInt16, captureCount: UInt16 = 0, registerCount: UInt16 = 0) {
        self.name = name
        self.parameterCount = parameterCount
        self.captureCount = captureCount
        self.minimumRegisterCount = registerCount
    }

    /// Index the next emitted instruction will have.
    public var position: Int { instructions.count }

    /// A fresh, unbound label.
    public mutating func makeLabel() -> Label {
        labelPositions.append(nil)
        return Label(id: labelPositions.count - 1)
    }

    /// Binds `label` to the next instruction.
    public mutating func bind(_ label: Label) {
        labelPositions[label.id] = instructions.count
    }

    /// Attributes the following instructions to a source span (debug info), or to none.
    public mutating func setLocation(file: String, start: UInt32, end: UInt32) {
        currentLocation = (file, start, end)
    }

    /// Appends one instruction with raw operand fields.
    public mutating func emit(_ opcode: Opcode, _ a: UInt16 = 0, _ b: UInt16 = 0, _ c: UInt16 = 0) {
        let instruction = Instruction(opcode, a, b, c)
        noteRegisters(instruction)
        if let location = currentLocation {
            if locations.last.map({ $0.file != location.file || $0.start != location.start || $0.end != location.end })
                ?? true
            {
                locations.append((instructions.count, location.file, location.start, location.end))
            }
        }
        instructions.append(instruction)
    }

    /// Appends a branch whose C operand is `label`, patched when the function is finished.
    public mutating func emit(_ opcode: Opcode, _ a: UInt16 = 0, _ b: UInt16 = 0, to label: Label) {
        fixups.append((instructions.count, label))
        emit(opcode, a, b, 0)
    }

    // Convenience forms for the most common instructions.
    public mutating func move(_ to: Register, _ from: Register) { emit(.move, to.index, from.index) }
    public mutating func loadK(_ to: Register, _ constant: ConstantIndex) { emit(.loadK, to.index, constant.index) }
    public mutating func loadI(_ to: Register, _ value: Int16) { emit(.loadI, to.index, UInt16(bitPattern: value)) }
    public mutating func jump(to label: Label) { emit(.jump, to: label) }
    public mutating func call(_ base: Register, _ function: FunctionIndex, argumentCount: UInt16) {
        emit(.call, base.index, function.index, argumentCount)
    }
    public mutating func ret(_ value: Register) { emit(.ret, value.index) }

    private mutating func noteRegisters(_ instruction: Instruction) {
        let format = instruction.opcode.format
        var highest = highestRegister
        if format.a == .register { highest = max(highest, Int(instruction.a)) }
        if format.b == .register { highest = max(highest, Int(instruction.b)) }
        if format.c == .register { highest = max(highest, Int(instruction.c)) }
        if format.c == .count { highest = max(highest, Int(instruction.a) + Int(instruction.c) - 1) }
        highestRegister = highest
    }

    /// Patches every branch and returns the function.
    /// - Throws: ``BytecodeError`` (`badJumpTarget`) when a used label was never bound.
    public func finish() throws(BytecodeError) -> Function {
        var code = instructions
        for fixup in fixups {
            guard let target = labelPositions[fixup.label.id], target <= UInt16.max else {
                throw BytecodeError(.badJumpTarget, "label \(fixup.label.id) in '\(name)' is never bound",
                    instruction: fixup.instruction)
            }
            code[fixup.instruction].c = UInt16(target)
        }
        let registers = max(Int(minimumRegisterCount), highestRegister + 1, Int(parameterCount))
        return Function(
            name: name, parameterCount: parameterCount, captureCount: captureCount,
            registerCount: UInt16(clamping: registers),
            code: code.map(\.encoded))
    }
}
