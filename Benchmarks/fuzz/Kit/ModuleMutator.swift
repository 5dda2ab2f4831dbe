import CMTBytecode

/// Mutates serialized bytecode modules for the VM fuzzers.
///
/// Half the mutations are structure-aware: the bytes are decoded into a ``Module`` and one to three
/// edits change an opcode, an operand field (to a small register, a nearby jump target, a boundary
/// value or a random one), insert, duplicate or delete instructions, change frame sizes, constants,
/// classes, state fields, entry points or debug information, and the module is serialized again.
/// The other half edit bytes: random or boundary values, bit flips, truncation, insertion, and
/// edits aimed at the code section and at LEB128 counts. Input that does not decode is replaced by a
/// seed now and then, so a run never gets stuck on garbage.
public enum ModuleMutator {
    /// One mutation of `bytes`, at most `maxSize` bytes long.
    public static func mutate(_ bytes: [UInt8], seeds: [[UInt8]], maxSize: Int, using random: inout FuzzRandom) -> [UInt8] {
        var result = bytes
        if let (module, layout) = try? Module.decode(bytes) {
            if random.oneIn(2) {
                var mutated = module
                for _ in 0...random.below(3) { mutateModule(&mutated, using: &random) }
                result = mutated.serialized()
            } else {
                mutateBytes(&result, codeOffsets: layout.codeOffsets, using: &random)
            }
        } else if random.oneIn(8), let seed = random.pick(seeds) {
            result = seed
        } else {
            mutateBytes(&result, codeOffsets: [], using: &random)
        }
        if result.count > maxSize { result.removeLast(result.count - maxSize) }
        return result
    }

    static let boundaries: [UInt16] = [0, 1, 2, 3, 7, 8, 15, 16, 255, 256, 4_095, 4_096, 32_767, 32_768, 65_534, 65_535]

    // MARK: Structure-aware

    static func mutateModule(_ module: inout Module, using random: inout FuzzRandom) {
        if module.functions.isEmpty || random.oneIn(6) {
            mutateTables(&module, using: &random)
            return
        }
        let index = random.below(module.functions.count)
        var function = module.functions[index]
        mutateFunction(&function, functionCount: module.functions.count, using: &random)
        module.functions[index] = function
    }

    static func mutateFunction(_ function: inout Function, functionCount: Int, using random: inout FuzzRandom) {
        let count = function.code.count
        let at = random.below(max(count, 1))
        switch random.below(10) {
        case 0...1 where count > 0:
            var instruction = Instruction(encoded: function.code[at]) ?? Instruction(.nop)
            instruction.opcode = random.pick(Opcode.allCases) ?? .nop
            function.code[at] = instruction.encoded
        case 2...3 where count > 0:
            var instruction = Instruction(encoded: function.code[at]) ?? Instruction(.nop)
            let value = operandValue(function: function, functionCount: functionCount, using: &random)
            switch random.below(3) {
            case 0: instruction.a = value
            case 1: instruction.b = value
            default: instruction.c = value
            }
            function.code[at] = instruction.encoded
        case 4:
            let opcode = random.pick(Opcode.allCases) ?? .nop
            let instruction = Instruction(
                opcode, operandValue(function: function, functionCount: functionCount, using: &random),
                operandValue(function: function, functionCount: functionCount, using: &random),
                operandValue(function: function, functionCount: functionCount, using: &random))
            function.code.insert(instruction.encoded, at: random.below(count + 1))
        case 5 where count > 0:
            function.code.insert(function.code[at], at: random.below(count + 1))
        case 6 where count > 0:
            function.code.remove(at: at)
        case 7:
            function.registerCount = random.oneIn(2) ? function.registerCount &+ 1 : function.registerCount &- 1
            if random.oneIn(4) { function.registerCount = random.pick(boundaries) ?? 0 }
        case 8:
            function.parameterCount = random.oneIn(2) ? function.parameterCount &+ 1 : function.parameterCount &- 1
        default:
            if count > 0 { function.code[at] ^= 1 << UInt64(random.below(64)) }
        }
    }

    /// An operand: usually a register of the frame or a jump target, sometimes a boundary or anything.
    static func operandValue(function: Function, functionCount: Int, using random: inout FuzzRandom) -> UInt16 {
        switch random.below(6) {
        case 0, 1: UInt16(truncatingIfNeeded: random.below(Int(function.registerCount) + 2))
        case 2: UInt16(truncatingIfNeeded: random.below(function.code.count + 2))
        case 3: UInt16(truncatingIfNeeded: random.below(max(functionCount, 4)))
        case 4: random.pick(boundaries) ?? 0
        default: UInt16(truncatingIfNeeded: random.next())
        }
    }

    static func randomType(classCount: Int, depth: Int = 0, using random: inout FuzzRandom) -> TypeDescriptor {
        switch random.below(depth > 3 ? 8 : 12) {
        case 0: .void
        case 1: .number
        case 2: .boolean
        case 3: .string
        case 4: .bytes
        case 5: .address
        case 6: .any
        case 7: .object(classIndex: UInt16(truncatingIfNeeded: random.below(classCount + 1)))
        case 8: .array(randomType(classCount: classCount, depth: depth + 1, using: &random))
        case 9:
            .map(key: randomType(classCount: classCount, depth: depth + 1, using: &random),
                 value: randomType(classCount: classCount, depth: depth + 1, using: &random))
        case 10: .optional(randomType(classCount: classCount, depth: depth + 1, using: &random))
        default: .function
        }
    }

    static func mutateTables(_ module: inout Module, using random: inout FuzzRandom) {
        let classCount = module.classes.count
        switch random.below(9) {
        case 0:
            let constants: [Constant] = [
                .number(Decimal18(Int64(truncatingIfNeeded: random.next()))), .string(""), .string("x\u{0}é"),
                .bytes([0, 255]), .address(Address.named("fuzz")), .address(Address.named("")), .number(Decimal18(-1)),
            ]
            if let constant = random.pick(constants) {
                if !module.constants.isEmpty, random.oneIn(2) {
                    module.constants[random.below(module.constants.count)] = constant
                } else {
                    module.constants.append(constant)
                }
            }
        case 1 where !module.constants.isEmpty:
            module.constants.remove(at: random.below(module.constants.count))
        case 2:
            let fields = (0..<random.below(5)).map { "f\($0)" }
            if !module.classes.isEmpty, random.oneIn(2) {
                module.classes[random.below(classCount)].fields = fields
            } else {
                module.classes.append(ClassInfo(name: "C\(classCount)", fields: fields))
            }
        case 3:
            let name = random.oneIn(2) ? "s\(random.below(4))" : "total"
            let type = randomType(classCount: classCount, using: &random)
            if !module.stateFields.isEmpty, random.oneIn(3) {
                module.stateFields[random.below(module.stateFields.count)].type = type
            } else {
                module.stateFields.append(StateField(name: name, type: type))
            }
        case 4 where !module.functions.isEmpty:
            let function = random.below(module.functions.count)
            let parameters = (0..<Int(module.functions[function].parameterCount)).map {
                Parameter(name: "p\($0)", type: randomType(classCount: classCount, using: &random))
            }
            module.entryPoints.append(
                EntryPoint(
                    name: "e\(module.entryPoints.count)", function: FunctionIndex(UInt16(truncatingIfNeeded: function)),
                    parameters: parameters, returnType: randomType(classCount: classCount, using: &random)))
        case 5 where !module.entryPoints.isEmpty:
            let entry = random.below(module.entryPoints.count)
            module.entryPoints[entry].function = FunctionIndex(UInt16(truncatingIfNeeded: random.below(module.functions.count + 1)))
        case 6 where module.functions.count > 1:
            module.functions.swapAt(random.below(module.functions.count), random.below(module.functions.count))
        case 7:
            module.functions.append(
                Function(name: "g", parameterCount: UInt16(random.below(3)), registerCount: UInt16(random.below(8)),
                         code: [Instruction(.retNull).encoded]))
        default:
            if module.debugInfo == nil {
                module.debugInfo = DebugInfo(
                    files: ["f.cmt"],
                    locations: [DebugLocation(function: 0, instruction: UInt16(random.below(4)), file: 0, start: 0, end: 1)])
            } else {
                module.debugInfo = nil
            }
        }
    }

    // MARK: Bytes

    static func mutateBytes(_ bytes: inout [UInt8], codeOffsets: [Int], using random: inout FuzzRandom) {
        for _ in 0...random.below(3) {
            if bytes.isEmpty {
                bytes = Module.magic + [1, 0, 0, 0]
                continue
            }
            // Aim at an instruction word when the layout is known: its opcode byte or an operand.
            if let offset = random.pick(codeOffsets), offset < bytes.count, random.oneIn(2) {
                let word = offset + 8 * random.below(max((bytes.count - offset) / 8, 1))
                let byte = min(bytes.count - 1, word + random.below(8))
                bytes[byte] = random.oneIn(2) ? UInt8(truncatingIfNeeded: random.below(Opcode.allCases.count + 2)) : UInt8(truncatingIfNeeded: random.next())
                continue
            }
            let at = random.below(bytes.count)
            switch random.below(7) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes[at] ^= 1 << UInt8(random.below(8))
            case 2: bytes[at] = random.pick([0, 1, 0x7F, 0x80, 0xFF]) ?? 0
            case 3: bytes.removeSubrange(at...)
            case 4: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
            case 5: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(16)))
            default:
                // A long LEB128 count: 0xFF... followed by a small final byte.
                bytes.insert(contentsOf: [0xFF, 0xFF, 0xFF, 0x0F], at: at)
            }
        }
    }
}
