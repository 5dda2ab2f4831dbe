/// Renders a module as text (`cmtc build --emit asm`): header, constants, classes, state, entry
/// points, then each function's instructions with operands named by kind.
public enum Disassembler {
    /// The whole module as text; deterministic.
    public static func disassemble(_ module: Module) -> String {
        var out = "; CMT bytecode module, format version \(Module.currentVersion)\n"
        out += "; sha256 \(ContentHash.hex(module.contentHash))\n"
        for (index, constant) in module.constants.enumerated() {
            out += ".const k\(index) = \(describe(constant))\n"
        }
        for (index, info) in module.classes.enumerated() {
            out += ".class \(index) \(info.name) { \(info.fields.joined(separator: ", ")) }\n"
        }
        for (index, field) in module.stateFields.enumerated() {
            out += ".state \(index) \(field.name): \(field.type)\n"
        }
        for (index, global) in module.globals.enumerated() {
            out += ".global g\(index) \(global)\n"
        }
        for entry in module.entryPoints {
            let parameters = entry.parameters.map { "\($0.name): \($0.type)" }.joined(separator: ", ")
            out += ".entry \(entry.name)(\(parameters)): \(entry.returnType) = f\(entry.function.index)\n"
        }
        for (index, function) in module.functions.enumerated() {
            let captures = function.captureCount > 0 ? " captures=\(function.captureCount)" : ""
            out += "\n.func f\(index) \(function.name) params=\(function.parameterCount)\(captures) regs=\(function.registerCount)\n"
            for (pc, word) in function.code.enumerated() {
                out += padLeft(String(pc), 6) + "  " + instructionText(word, module: module) + "\n"
            }
        }
        return out
    }

    /// One instruction as text, e.g. `addK r0, r1, k2 ; 1.5`.
    public static func instructionText(_ word: UInt64, module: Module? = nil) -> String {
        guard let instruction = Instruction(encoded: word) else { return ".word 0x" + hex64(word) }
        let format = instruction.opcode.format
        var operands: [String] = []
        var comments: [String] = []
        for (kind, value) in [(format.a, instruction.a), (format.b, instruction.b), (format.c, instruction.c)] {
            switch kind {
            case .unused: continue
            case .register: operands.append("r\(value)")
            case .constant, .numberConstant:
                operands.append("k\(value)")
                if let module, Int(value) < module.constants.count { comments.append(describe(module.constants[Int(value)])) }
            case .immediate: operands.append(String(Int16(bitPattern: value)))
            case .target: operands.append("@\(value)")
            case .function:
                operands.append("f\(value)")
                if let module, Int(value) < module.functions.count { comments.append(module.functions[Int(value)].name) }
            case .hostOperation: operands.append(HostOperation(rawValue: value).map { "\($0)" } ?? String(value))
            case .numberOperation: operands.append(NumberOperation(rawValue: value).map { "\($0)" } ?? String(value))
            case .intrinsicOperation: operands.append(IntrinsicOperation(rawValue: value).map { "\($0)" } ?? String(value))
            case .global:
                operands.append("g\(value)")
                if let module, Int(value) < module.globals.count { comments.append(module.globals[Int(value)]) }
            case .flag, .classIndex, .field, .stateField, .count, .any: operands.append(String(value))
            }
        }
        var text = padRight(instruction.opcode.name, 10) + operands.joined(separator: ", ")
        if !comments.isEmpty { text = padRight(text, 32) + " ; " + comments.joined(separator: ", ") }
        return text
    }

    static func describe(_ constant: Constant) -> String {
        switch constant {
        case .number(let value): "#\(value)"
        case .string(let text): quoted(text)
        case .bytes(let data): "bytes\"\(ContentHash.hex(data))\""
        case .address(let address): "addr\(quoted(address.text))"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
    static func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }
    static func hex64(_ word: UInt64) -> String {
        let digits = String(word, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
