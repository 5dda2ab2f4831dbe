import CMTBytecode

/// Constant folding and operand selection, block by block: arithmetic and comparisons on known
/// numbers become loads (unless they would trap, which must still happen at run time), a known
/// small integer operand selects the immediate form (`addI`, `jumpLtI`), another known number the
/// constant form (`addK`), and a branch on a known condition becomes a jump.
enum ConstantFolding {
    enum Known: Equatable {
        case number(Decimal18)
        case boolean(Bool)
        case null
    }

    static func run(_ function: inout IRFunction, constants: inout ConstantTable, captureCounts: [UInt16]) {
        for index in function.blocks.indices {
            var known: [UInt16: Known] = [:]
            var block = function.blocks[index]
            for position in block.instructions.indices {
                var instruction = block.instructions[position]
                fold(&instruction, known: known, constants: &constants)
                block.instructions[position] = instruction
                let effects = instruction.effects(captureCounts: captureCounts)
                if let first = effects.clobbersFrom { known = known.filter { $0.key < first } }
                for def in effects.defs { known[def] = nil }
                switch instruction.opcode {
                case .loadI: known[instruction.a] = .number(Decimal18(Int64(Int16(bitPattern: instruction.b))))
                case .loadK:
                    if case .number(let value)? = constants.constant(instruction.b) { known[instruction.a] = .number(value) }
                case .loadBool: known[instruction.a] = .boolean(instruction.b != 0)
                case .loadNull: known[instruction.a] = .null
                case .move: if instruction.a != instruction.b, let value = knownBefore(instruction.b, block, position, known) { known[instruction.a] = value }
                default: break
                }
            }
            if case .branch(let condition, let then, let otherwise) = block.terminator {
                block.terminator = foldBranch(condition, then: then, otherwise: otherwise, known: known)
            }
            function.blocks[index] = block
        }
    }

    private static func knownBefore(_ register: UInt16, _ block: IRBlock, _ position: Int, _ known: [UInt16: Known]) -> Known? {
        known[register]
    }

    static func smallInteger(_ value: Decimal18) -> Int16? {
        guard let integer = value.int64Value, integer >= Int64(Int16.min), integer <= Int64(Int16.max) else { return nil }
        return Int16(integer)
    }

    static func load(_ value: Decimal18, into register: UInt16, like instruction: IRInstruction, constants: inout ConstantTable) -> IRInstruction {
        if let small = smallInteger(value) {
            return IRInstruction(.loadI, register, UInt16(bitPattern: small), type: .number, span: instruction.span)
        }
        return IRInstruction(.loadK, register, constants.intern(.number(value)), type: .number, span: instruction.span)
    }

    private static func fold(_ instruction: inout IRInstruction, known: [UInt16: Known], constants: inout ConstantTable) {
        func number(_ register: UInt16) -> Decimal18? {
            if case .number(let value)? = known[register] { return value }
            return nil
        }
        let a = instruction.a, b = instruction.b, c = instruction.c
        switch instruction.opcode {
        case .add, .sub, .mul, .div, .mod:
            if let x = number(b), let y = number(c) {
                let result: Decimal18? =
                    switch instruction.opcode {
                    case .add: x.adding(y)
                    case .sub: x.subtracting(y)
                    case .mul: x.multiplying(y)
                    case .div: y.isZero ? nil : x.dividing(by: y)
                    default: y.isZero ? nil : x.remainder(dividingBy: y)
                    }
                if let result { instruction = load(result, into: a, like: instruction, constants: &constants) }
                return
            }
            var base = b
            var operand = number(c)
            if operand == nil, instruction.opcode == .add || instruction.opcode == .mul, let x = number(b) {
                base = c
                operand = x
            }
            guard let constant = operand else { return }
            switch instruction.opcode {
            case .add:
                if let small = smallInteger(constant) {
                    instruction = IRInstruction(.addI, a, base, UInt16(bitPattern: small), type: .number, span: instruction.span)
                } else {
                    instruction = IRInstruction(.addK, a, base, constants.intern(.number(constant)), type: .number, span: instruction.span)
                }
            case .mul:
                if let small = smallInteger(constant) {
                    instruction = IRInstruction(.mulI, a, base, UInt16(bitPattern: small), type: .number, span: instruction.span)
                } else {
                    instruction = IRInstruction(.mulK, a, base, constants.intern(.number(constant)), type: .number, span: instruction.span)
                }
            case .sub:
                if let small = smallInteger(constant.negated), small != Int16.min {
                    instruction = IRInstruction(.addI, a, base, UInt16(bitPattern: small), type: .number, span: instruction.span)
                } else {
                    instruction = IRInstruction(.subK, a, base, constants.intern(.number(constant)), type: .number, span: instruction.span)
                }
            case .div:
                instruction = IRInstruction(.divK, a, base, constants.intern(.number(constant)), type: .number, span: instruction.span)
            default:
                instruction = IRInstruction(.modK, a, base, constants.intern(.number(constant)), type: .number, span: instruction.span)
            }
        case .neg:
            if let x = number(b) { instruction = load(x.negated, into: a, like: instruction, constants: &constants) }
        case .lt, .le:
            if let x = number(b), let y = number(c) {
                let result = instruction.opcode == .lt ? x < y : x <= y
                instruction = IRInstruction(.loadBool, a, result ? 1 : 0, type: .boolean, span: instruction.span)
            }
        case .eq, .ne:
            if let x = known[b], let y = known[c] {
                let result = (x == y) == (instruction.opcode == .eq)
                instruction = IRInstruction(.loadBool, a, result ? 1 : 0, type: .boolean, span: instruction.span)
            }
        case .not:
            if case .boolean(let flag)? = known[b] {
                instruction = IRInstruction(.loadBool, a, flag ? 0 : 1, type: .boolean, span: instruction.span)
            }
        case .isNull:
            if let x = known[b] {
                instruction = IRInstruction(.loadBool, a, x == .null ? 1 : 0, type: .boolean, span: instruction.span)
            }
        default:
            break
        }
    }

    private static func foldBranch(_ condition: IRCondition, then: BlockID, otherwise: BlockID, known: [UInt16: Known]) -> IRTerminator {
        func number(_ register: UInt16) -> Decimal18? {
            if case .number(let value)? = known[register] { return value }
            return nil
        }
        func decide(_ holds: Bool) -> IRTerminator { .jump(holds ? then : otherwise) }
        switch condition {
        case .truthy(let a):
            if case .boolean(let flag)? = known[a] { return decide(flag) }
        case .falsy(let a):
            if case .boolean(let flag)? = known[a] { return decide(!flag) }
        case .less(let a, let b), .lessEqual(let a, let b):
            let strict = if case .less = condition { true } else { false }
            if let x = number(a), let y = number(b) { return decide(strict ? x < y : x <= y) }
            if let y = number(b), let small = smallInteger(y) {
                return .branch(strict ? .lessImmediate(a, small) : .lessEqualImmediate(a, small), then: then, otherwise: otherwise)
            }
            if let x = number(a), let small = smallInteger(x) {
                // x < b  ⇔  b > x
                return .branch(strict ? .greaterImmediate(b, small) : .greaterEqualImmediate(b, small), then: then, otherwise: otherwise)
            }
        case .equal(let a, let b), .notEqual(let a, let b):
            let isEqual = if case .equal = condition { true } else { false }
            if let x = known[a], let y = known[b] { return decide((x == y) == isEqual) }
            if let y = number(b), let small = smallInteger(y) {
                return .branch(isEqual ? .equalImmediate(a, small) : .notEqualImmediate(a, small), then: then, otherwise: otherwise)
            }
            if let x = number(a), let small = smallInteger(x) {
                return .branch(isEqual ? .equalImmediate(b, small) : .notEqualImmediate(b, small), then: then, otherwise: otherwise)
            }
        default:
            break
        }
        return .branch(condition, then: then, otherwise: otherwise)
    }
}
