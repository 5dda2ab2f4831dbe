/// Checks a module before anything runs: every index in range, operand kinds and constant types
/// consistent, no fall-through off a function's end, every limit respected.
///
/// The VM relies on these facts: its dispatch loop does not re-check register, constant, function
/// or jump indices.
public enum Verifier {
    /// Decodes and verifies serialized bytes; errors carry the byte offset.
    public static func verify(bytes: [UInt8]) throws(BytecodeError) -> VerifiedModule {
        let (module, layout) = try Module.decode(bytes)
        return try verify(module, layout: layout)
    }

    /// Verifies an in-memory module (errors name the function and instruction).
    public static func verify(_ module: Module) throws(BytecodeError) -> VerifiedModule {
        try verify(module, layout: nil)
    }

    static func verify(_ module: Module, layout: ModuleLayout?) throws(BytecodeError) -> VerifiedModule {
        guard module.constants.count <= ModuleLimits.maxConstants, module.functions.count <= ModuleLimits.maxFunctions,
            module.classes.count <= ModuleLimits.maxClasses, module.globals.count <= ModuleLimits.maxGlobals
        else { throw BytecodeError(.limitExceeded, "too many constants, functions, classes or globals") }
        for info in module.classes where info.fields.count > ModuleLimits.maxFieldsPerClass {
            throw BytecodeError(.limitExceeded, "class '\(info.name)' has too many fields")
        }
        try verifyClassHierarchy(module)
        try verifyTables(module)
        var blocks: [[BasicBlock]] = []
        blocks.reserveCapacity(module.functions.count)
        for index in module.functions.indices {
            var checker = FunctionChecker(module: module, functionIndex: index, codeOffset: layout?.codeOffsets[index])
            blocks.append(try checker.check())
        }
        return VerifiedModule(module: module, blocks: blocks)
    }

    private static func verifyType(_ type: TypeDescriptor, _ module: Module, _ what: String) throws(BytecodeError) {
        guard type.depth <= ModuleLimits.maxTypeDepth else { throw BytecodeError(.limitExceeded, "\(what): type too deep") }
        switch type {
        case .object(let index):
            guard Int(index) < module.classes.count else { throw BytecodeError(.badOperand, "\(what): no class \(index)") }
        case .array(let element), .optional(let element): try verifyType(element, module, what)
        case .map(let key, let value):
            try verifyType(key, module, what)
            try verifyType(value, module, what)
        default: break
        }
    }

    private static func verifyTables(_ module: Module) throws(BytecodeError) {
        var entryNames = Set<String>()
        for entry in module.entryPoints {
            guard entryNames.insert(entry.name).inserted else {
                throw BytecodeError(.malformed, "duplicate entry point '\(entry.name)'")
            }
            guard Int(entry.function.index) < module.functions.count else {
                throw BytecodeError(.badFunction, "entry point '\(entry.name)' names missing function \(entry.function.index)")
            }
            let function = module.functions[Int(entry.function.index)]
            guard entry.parameters.count == Int(function.parameterCount) else {
                throw BytecodeError(.typeMismatch, "entry point '\(entry.name)' has \(entry.parameters.count) parameters, its function \(function.parameterCount)")
            }
            guard function.captureCount == 0 else {
                throw BytecodeError(.typeMismatch, "entry point '\(entry.name)' names a function that captures values")
            }
            for parameter in entry.parameters { try verifyType(parameter.type, module, "entry point '\(entry.name)'") }
            try verifyType(entry.returnType, module, "entry point '\(entry.name)'")
        }
        var stateNames = Set<String>()
        for field in module.stateFields {
            guard stateNames.insert(field.name).inserted else {
                throw BytecodeError(.malformed, "duplicate state field '\(field.name)'")
            }
            try verifyType(field.type, module, "state field '\(field.name)'")
        }
        var globalNames = Set<String>()
        for global in module.globals where !globalNames.insert(global).inserted {
            throw BytecodeError(.malformed, "duplicate global '\(global)'")
        }
        if let debug = module.debugInfo {
            for location in debug.locations {
                let function = Int(location.function)
                guard function < module.functions.count,
                    Int(location.instruction) < module.functions[function].code.count,
                    Int(location.file) < debug.files.count, location.start <= location.end
                else { throw BytecodeError(.malformed, "debug location out of range") }
            }
        }
    }
}

/// Checks one function's code and computes its basic blocks.
struct FunctionChecker {
    let module: Module
    let functionIndex: Int
    let function: Function
    let codeOffset: Int?

    init(module: Module, functionIndex: Int, codeOffset: Int?) {
        self.module = module
        self.functionIndex = functionIndex
        self.function = module.functions[functionIndex]
        self.codeOffset = codeOffset
    }

    func fail(_ code: BytecodeError.Code, _ message: String, at instruction: Int?) -> BytecodeError {
        let offset = codeOffset.map { $0 + 8 * (instruction ?? 0) }
        return BytecodeError(code, message, offset: offset, function: functionIndex, instruction: instruction)
    }

    mutating func check() throws(BytecodeError) -> [BasicBlock] {
        let registers = Int(function.registerCount)
        guard registers <= ModuleLimits.maxRegistersPerFunction else {
            throw fail(.limitExceeded, "\(registers) registers exceed \(ModuleLimits.maxRegistersPerFunction)", at: nil)
        }
        guard function.parameterCount <= function.registerCount else {
            throw fail(.badRegister, "more parameters than registers", at: nil)
        }
        guard function.captureCount <= function.parameterCount else {
            throw fail(.badOperand, "\(function.captureCount) captures exceed \(function.parameterCount) parameters", at: nil)
        }
        let code = function.code
        guard !code.isEmpty else { throw fail(.fallsOffEnd, "function has no code", at: nil) }
        guard code.count <= ModuleLimits.maxInstructionsPerFunction else {
            throw fail(.limitExceeded, "\(code.count) instructions exceed \(ModuleLimits.maxInstructionsPerFunction)", at: nil)
        }
        var instructions: [Instruction] = []
        instructions.reserveCapacity(code.count)
        for (index, word) in code.enumerated() {
            guard let instruction = Instruction(encoded: word), !instruction.opcode.isInternal else {
                throw fail(.badOpcode, "unknown opcode \(word & 0xFF) or reserved bits set", at: index)
            }
            try checkOperands(instruction, at: index)
            instructions.append(instruction)
        }
        guard let last = instructions.last, last.opcode.isTerminator else {
            throw fail(.fallsOffEnd, "control can run past the last instruction", at: code.count - 1)
        }
        return basicBlocks(instructions)
    }

    private func checkOperands(_ instruction: Instruction, at index: Int) throws(BytecodeError) {
        let format = instruction.opcode.format
        try checkOperand(format.a, instruction.a, "A", instruction, at: index)
        try checkOperand(format.b, instruction.b, "B", instruction, at: index)
        try checkOperand(format.c, instruction.c, "C", instruction, at: index)
        switch instruction.opcode {
        case .loadFunc:
            let target = module.functions[Int(instruction.b)]
            guard target.captureCount == 0 else {
                throw fail(.typeMismatch, "loadFunc: f\(instruction.b) captures \(target.captureCount) values; use closure", at: index)
            }
        case .closure:
            let captures = Int(module.functions[Int(instruction.b)].captureCount)
            guard captures > 0 else {
                throw fail(.typeMismatch, "closure: f\(instruction.b) captures nothing; use loadFunc", at: index)
            }
            guard Int(instruction.c) + captures <= Int(function.registerCount) else {
                throw fail(.badRegister, "closure: captures r\(instruction.c)..+\(captures) run past the frame", at: index)
            }
        default: break
        }
    }

    private func checkOperand(
        _ kind: OperandKind, _ value: UInt16, _ field: String, _ instruction: Instruction, at index: Int
    ) throws(BytecodeError) {
        let name = instruction.opcode.name
        let number = Int(value)
        switch kind {
        case .unused:
            guard value == 0 else { throw fail(.badOperand, "\(name): unused operand \(field) is \(value)", at: index) }
        case .register:
            guard number < Int(function.registerCount) else {
                throw fail(.badRegister, "\(name): register r\(value) out of range (\(function.registerCount) registers)", at: index)
            }
        case .constant, .numberConstant:
            guard number < module.constants.count else {
                throw fail(.badConstant, "\(name): constant k\(value) out of range", at: index)
            }
            if kind == .numberConstant, case .number = module.constants[number] {} else if kind == .numberConstant {
                throw fail(.typeMismatch, "\(name): constant k\(value) is not a number", at: index)
            }
        case .immediate, .any, .field: break
        case .flag:
            guard value <= 1 else { throw fail(.badOperand, "\(name): flag must be 0 or 1", at: index) }
        case .function:
            guard number < module.functions.count else {
                throw fail(.badFunction, "\(name): function f\(value) out of range", at: index)
            }
        case .target:
            guard number < function.code.count else {
                throw fail(.badJumpTarget, "\(name): jump target \(value) outside the function", at: index)
            }
        case .classIndex:
            guard number < module.classes.count else { throw fail(.badOperand, "\(name): class \(value) out of range", at: index) }
        case .stateField:
            guard number < module.stateFields.count else {
                throw fail(.badOperand, "\(name): state field \(value) out of range", at: index)
            }
        case .hostOperation:
            guard HostOperation(rawValue: value) != nil else {
                throw fail(.badOperand, "\(name): unknown host operation \(value)", at: index)
            }
        case .numberOperation:
            guard NumberOperation(rawValue: value) != nil else {
                throw fail(.badOperand, "\(name): unknown number operation \(value)", at: index)
            }
        case .intrinsicOperation:
            guard IntrinsicOperation(rawValue: value) != nil else {
                throw fail(.badOperand, "\(name): unknown intrinsic operation \(value)", at: index)
            }
        case .global:
            guard number < module.globals.count else {
                throw fail(.badOperand, "\(name): global \(value) out of range (\(module.globals.count) globals)", at: index)
            }
        case .count:
            try checkCount(instruction, at: index)
        }
    }

    private func checkCount(_ instruction: Instruction, at index: Int) throws(BytecodeError) {
        let name = instruction.opcode.name
        let count = Int(instruction.c)
        guard Int(instruction.a) + count <= Int(function.registerCount) else {
            throw fail(.badRegister, "\(name): arguments r\(instruction.a)..+\(count) run past the frame", at: index)
        }
        switch instruction.opcode {
        case .call:
            // B was already checked as a function index (ORDER: B before C).
            let callee = module.functions[Int(instruction.b)]
            guard count == Int(callee.parameterCount) else {
                throw fail(.typeMismatch, "call: f\(instruction.b) takes \(callee.parameterCount) arguments, not \(count)", at: index)
            }
        case .host:
            if let operation = HostOperation(rawValue: instruction.b), operation.argumentCount != count {
                throw fail(.typeMismatch, "host: \(operation) takes \(operation.argumentCount) arguments, not \(count)", at: index)
            }
        case .intrinsic:
            if let operation = IntrinsicOperation(rawValue: instruction.b), operation.argumentCount != count {
                throw fail(.typeMismatch, "intrinsic: \(operation) takes \(operation.argumentCount) arguments, not \(count)", at: index)
            }
        default:
            guard count <= ModuleLimits.maxParameters else { throw fail(.limitExceeded, "\(name): too many arguments", at: index) }
        }
    }

    private func basicBlocks(_ instructions: [Instruction]) -> [BasicBlock] {
        var leader = [Bool](repeating: false, count: instructions.count)
        leader[0] = true
        for (index, instruction) in instructions.enumerated() {
            if instruction.opcode.isBranch { leader[Int(instruction.c)] = true }
            if instruction.opcode.isBranch || instruction.opcode.isTerminator, index + 1 < instructions.count {
                leader[index + 1] = true
            }
        }
        var blocks: [BasicBlock] = []
        for (index, instruction) in instructions.enumerated() {
            if leader[index] { blocks.append(BasicBlock(start: index, cost: 0)) }
            blocks[blocks.count - 1].cost += instruction.opcode.baseGas
        }
        return blocks
    }
}
