import CMTSource

extension Printer {
    /// Prints a type canonically: `number[]`, `Map<string, number>`, `T?`, `(amount: number) => string`.
    /// A function type inside `[]` or `?` gets parentheses, since the tree does not keep them.
    mutating func printType(_ type: TypeRepr) {
        flushInline(before: type.span.start)
        switch type.kind {
        case .named(let name, let arguments):
            writer.write(name.name)
            if !arguments.isEmpty {
                writer.write("<")
                for (index, argument) in arguments.enumerated() {
                    if index > 0 { writer.write(", ") }
                    printType(argument)
                }
                writer.write(">")
            }
        case .array(let element):
            printPostfixOperand(element)
            writer.write("[]")
        case .optional(let wrapped):
            printPostfixOperand(wrapped)
            // `T??` would lex as `??`; a doubled optional keeps its two `?` apart.
            if case .optional = wrapped.kind { writer.write(" ") }
            writer.write("?")
        case .function(let params, let result):
            writer.write("(")
            for (index, param) in params.enumerated() {
                if index > 0 { writer.write(", ") }
                if let name = parameterName(beforeType: param.span.start) {
                    writer.write(name + ": ")
                }
                printType(param)
            }
            writer.write(") => ")
            printType(result)
        case .error:
            // Files with syntax errors are never printed; nothing to write.
            break
        }
    }

    private mutating func printPostfixOperand(_ type: TypeRepr) {
        if case .function = type.kind {
            writer.write("(")
            printType(type)
            writer.write(")")
        } else {
            printType(type)
        }
    }

    /// The parameter name written before a function type's parameter type (`amount` in
    /// `(amount: number) => string`); the tree drops it, so it is read back from the source.
    /// Returns `amount?` for an optional parameter, and nil when there is no plain name to keep.
    func parameterName(beforeType offset: Int) -> String? {
        let bytes = file.bytes
        func skipBlanksBackward(_ index: Int) -> Int {
            var i = index
            while i > 0, [32, 9, 10, 13].contains(bytes[i - 1]) { i -= 1 }
            return i
        }
        guard offset <= bytes.count else { return nil }
        var i = skipBlanksBackward(offset)
        guard i > 0, bytes[i - 1] == UInt8(ascii: ":") else { return nil }
        i = skipBlanksBackward(i - 1)
        var optional = false
        if i > 0, bytes[i - 1] == UInt8(ascii: "?") {
            optional = true
            i = skipBlanksBackward(i - 1)
        }
        let end = i
        while i > 0, Lexer.isIdentifierContinue(bytes[i - 1]) { i -= 1 }
        guard i < end, Lexer.isIdentifierStart(bytes[i]) else { return nil }
        let before = skipBlanksBackward(i)
        guard before > 0, bytes[before - 1] == UInt8(ascii: "(") || bytes[before - 1] == UInt8(ascii: ",") else { return nil }
        let name = String(decoding: bytes[i..<end], as: UTF8.self)
        return optional ? name + "?" : name
    }
}
