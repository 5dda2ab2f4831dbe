extension AssemblerState {
    mutating func handleInstruction(_ text: String) throws(LineError) {
        guard function != nil else { throw LineError("instruction outside a function") }
        let mnemonic = String(text.prefix { $0 != " " && $0 != "\t" })
        guard let opcode = Opcode.allCases.first(where: { $0.name == mnemonic }), !opcode.isInternal else {
            throw LineError("unknown instruction '\(mnemonic)'")
        }
        let operands = splitOperands(String(text.dropFirst(mnemonic.count)))
        let format = opcode.format
        let kinds = [format.a, format.b, format.c].enumerated().filter { $0.element != .unused }
        guard operands.count == kinds.count else {
            throw LineError("'\(mnemonic)' takes \(kinds.count) operands, found \(operands.count)")
        }
        var fields: [UInt16] = [0, 0, 0]
        var branchLabel: Label?
        for (slot, (field, kind)) in kinds.enumerated() {
            if kind == .target {
                branchLabel = label(operands[slot])
            } else {
                fields[field] = try operandValue(operands[slot], kind: kind)
            }
        }
        if let branchLabel {
            function?.emit(opcode, fields[0], fields[1], to: branchLabel)
        } else {
            function?.emit(opcode, fields[0], fields[1], fields[2])
        }
    }

    func splitOperands(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var inString = false
        var escaped = false
        for character in text {
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                current.append(character)
            } else if character == "\"" {
                inString = true
                current.append(character)
            } else if character == "," {
                parts.append(current.trimmingSpaces)
                current = ""
            } else {
                current.append(character)
            }
        }
        let last = current.trimmingSpaces
        if !last.isEmpty || !parts.isEmpty { parts.append(last) }
        return parts
    }

    mutating func operandValue(_ text: String, kind: OperandKind) throws(LineError) -> UInt16 {
        switch kind {
        case .register:
            guard text.hasPrefix("r"), let value = UInt16(text.dropFirst()) else { throw LineError("expected a register, found '\(text)'") }
            return value
        case .constant, .numberConstant:
            return try constantOperand(text)
        case .immediate:
            guard let value = Int16(text) else { throw LineError("expected a 16-bit integer, found '\(text)'") }
            return UInt16(bitPattern: value)
        case .function:
            if let index = builder.function(named: text) { return index.index }
            if text.hasPrefix("f"), let value = UInt16(text.dropFirst()) { return value }
            throw LineError("unknown function '\(text)'")
        case .classIndex:
            if let index = classNames[text] { return index }
        case .stateField:
            if let index = stateNames[text] { return index }
        case .hostOperation:
            if let operation = HostOperation.allCases.first(where: { "\($0)" == text }) { return operation.rawValue }
        case .numberOperation:
            if let operation = NumberOperation.allCases.first(where: { "\($0)" == text }) { return operation.rawValue }
        case .intrinsicOperation:
            if let operation = IntrinsicOperation.allCases.first(where: { "\($0)" == text }) { return operation.rawValue }
        case .global:
            if let index = globalNames[text] { return index }
            if text.hasPrefix("g"), let value = UInt16(text.dropFirst()) { return value }
        case .unused, .target, .flag, .field, .count, .any: break
        }
        guard let value = UInt16(text) else { throw LineError("expected a number for operand, found '\(text)'") }
        return value
    }

    mutating func constantOperand(_ text: String) throws(LineError) -> UInt16 {
        if text.hasPrefix("k"), let value = UInt16(text.dropFirst()) { return value }
        if text.hasPrefix("#") {
            guard let value = Decimal18(literal: String(text.dropFirst())) else { throw LineError("bad number '\(text)'") }
            return builder.number(value).index
        }
        if text.hasPrefix("\"") { return builder.constant(.string(try unquote(text))).index }
        if text.hasPrefix("addr\"") {
            let written = try unquote(String(text.dropFirst(4)))
            do { return builder.constant(.address(try Address.parse(written))).index } catch {
                throw LineError("bad address '\(written)': \(error.message)")
            }
        }
        if text.hasPrefix("bytes\"") {
            let hex = Array(try unquote(String(text.dropFirst(5))).utf8)
            guard hex.count % 2 == 0 else { throw LineError("odd hex length") }
            var data: [UInt8] = []
            var index = 0
            while index < hex.count {
                guard let byte = UInt8(String(decoding: hex[index..<(index + 2)], as: UTF8.self), radix: 16) else {
                    throw LineError("bad hex in '\(text)'")
                }
                data.append(byte)
                index += 2
            }
            return builder.constant(.bytes(data)).index
        }
        throw LineError("expected a constant, found '\(text)'")
    }

    func unquote(_ text: String) throws(LineError) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { throw LineError("bad string \(text)") }
        var out = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
