import CMTBytecode

/// Text of the IR for `cmtc build --emit ir`: one function after another, blocks with their
/// instructions (`r3: number = add r1, r2`) and terminators.
public enum IRPrinter {
    public static func print(_ module: IRModule, constants: [Constant]) -> String {
        module.functions.enumerated().map { index, function in
            print(function, index: index, constants: constants)
        }.joined(separator: "\n")
    }

    static func print(_ function: IRFunction, index: Int, constants: [Constant]) -> String {
        var out = "function f\(index) \(function.name)(params: \(function.parameterCount)"
        if function.captureCount > 0 { out += ", captures: \(function.captureCount)" }
        out += ", registers: \(function.registerCount))\n"
        for (position, block) in function.blocks.enumerated() {
            out += "bb\(position):\n"
            for instruction in block.instructions {
                out += "  " + describe(instruction, constants: constants) + "\n"
            }
            out += "  " + describe(block.terminator) + "\n"
        }
        return out
    }

    static func describe(_ instruction: IRInstruction, constants: [Constant]) -> String {
        let format = instruction.opcode.format
        var operands: [String] = []
        for (kind, value) in [(format.a, instruction.a), (format.b, instruction.b), (format.c, instruction.c)] {
            switch kind {
            case .unused: continue
            case .register: operands.append("r\(value)")
            case .constant, .numberConstant:
                operands.append(Int(value) < constants.count ? describe(constants[Int(value)]) : "k\(value)")
            case .immediate: operands.append(String(Int16(bitPattern: value)))
            case .function: operands.append("f\(value)")
            case .hostOperation: operands.append(HostOperation(rawValue: value).map { "\($0)" } ?? String(value))
            case .intrinsicOperation: operands.append(IntrinsicOperation(rawValue: value).map { "\($0)" } ?? String(value))
            case .numberOperation: operands.append(NumberOperation(rawValue: value).map { "\($0)" } ?? String(value))
            default: operands.append(String(value))
            }
        }
        if let type = instruction.type, format.a == .register, !operands.isEmpty {
            return "r\(instruction.a): \(type) = \(instruction.opcode.name) " + operands.dropFirst().joined(separator: ", ")
        }
        return "\(instruction.opcode.name) " + operands.joined(separator: ", ")
    }

    static func describe(_ constant: Constant) -> String {
        switch constant {
        case .number(let value): "#\(value)"
        case .string(let text): "\"" + text.unicodeScalars.map { $0 == "\n" ? "\\n" : $0 == "\"" ? "\\\"" : String($0) }.joined() + "\""
        case .bytes(let data): "bytes[\(data.count)]"
        case .address(let address): "addr\"\(address.text)\""
        }
    }

    static func describe(_ terminator: IRTerminator) -> String {
        switch terminator {
        case .jump(let target): "jump \(target)"
        case .branch(let condition, let then, let otherwise): "branch \(describe(condition)) ? \(then) : \(otherwise)"
        case .ret(let register): "ret r\(register)"
        case .retNull: "ret"
        case .revert(let register): "revert r\(register)"
        case .open: "<open>"
        }
    }

    static func describe(_ condition: IRCondition) -> String {
        switch condition {
        case .truthy(let a): "r\(a)"
        case .falsy(let a): "!r\(a)"
        case .less(let a, let b): "r\(a) < r\(b)"
        case .lessEqual(let a, let b): "r\(a) <= r\(b)"
        case .equal(let a, let b): "r\(a) == r\(b)"
        case .notEqual(let a, let b): "r\(a) != r\(b)"
        case .lessImmediate(let a, let i): "r\(a) < \(i)"
        case .lessEqualImmediate(let a, let i): "r\(a) <= \(i)"
        case .greaterImmediate(let a, let i): "r\(a) > \(i)"
        case .greaterEqualImmediate(let a, let i): "r\(a) >= \(i)"
        case .equalImmediate(let a, let i): "r\(a) == \(i)"
        case .notEqualImmediate(let a, let i): "r\(a) != \(i)"
        }
    }
}
