import CMTSource

extension Printer {
    /// Prints an expression exactly as parsed: parentheses only where the source had them (the
    /// tree keeps them as ``Expr/Kind/paren(_:)``), so reading the output builds the same tree.
    mutating func printExpr(_ expr: Expr) {
        flushInline(before: expr.span.start)
        switch expr.kind {
        case .number(let text):
            writer.write(text)
        case .string(let value):
            writer.write(StringLiteral.canonical(raw: file.text(of: expr.span), value: value))
        case .template(let texts, let values):
            var text = "`"
            for (position, piece) in texts.enumerated() {
                text += StringLiteral.templateText(piece)
                if position < values.count {
                    writer.write(text + "${")
                    printExpr(values[position])
                    text = "}"
                }
            }
            writer.write(text + "`")
        case .boolean(let value):
            writer.write(value ? "true" : "false")
        case .null:
            writer.write("null")
        case .this:
            writer.write("this")
        case .superRef:
            writer.write("super")
        case .identifier(let name):
            writer.write(name)
        case .array(let elements):
            writer.write("[")
            printCommaSeparated(elements)
            writer.write("]")
        case .map(let entries):
            printMap(entries)
        case .spread(let inner):
            writer.write("...")
            printExpr(inner)
        case .paren(let inner):
            writer.write("(")
            printExpr(inner)
            flushInline(before: expr.span.end - 1)
            writer.write(")")
        case .unary(let op, let operand):
            writer.write(op.rawValue)
            if needsSpace(afterPrefix: op.rawValue, before: operand) { writer.write(" ") }
            printExpr(operand)
        case .update(let increment, let prefix, let operand):
            let text = increment ? "++" : "--"
            if prefix {
                writer.write(text)
                printExpr(operand)
            } else {
                printExpr(operand)
                writer.write(text)
            }
        case .binary(let op, let lhs, let rhs, _):
            printExpr(lhs)
            writer.write(" " + op.rawValue + " ")
            printExpr(rhs)
        case .assign(let op, let target, let value, _):
            printExpr(target)
            writer.write(" " + op.rawValue + " ")
            printExpr(value)
        case .conditional(let condition, let then, let otherwise):
            printExpr(condition)
            writer.write(" ? ")
            printExpr(then)
            writer.write(" : ")
            printExpr(otherwise)
        case .member(let base, let name, let optional):
            printExpr(base)
            writer.write((optional ? "?." : ".") + name.name)
        case .index(let base, let index, let optional):
            printExpr(base)
            writer.write(optional ? "?.[" : "[")
            printExpr(index)
            writer.write("]")
        case .call(let callee, let arguments, let optional):
            printExpr(callee)
            if optional { writer.write("?.") }
            printArguments(arguments)
        case .new(let name, let typeArguments, let arguments):
            writer.write("new " + name.name)
            if !typeArguments.isEmpty {
                writer.write("<")
                for (index, argument) in typeArguments.enumerated() {
                    if index > 0 { writer.write(", ") }
                    printType(argument)
                }
                writer.write(">")
            }
            printArguments(arguments)
        case .forceUnwrap(let operand):
            printExpr(operand)
            writer.write("!")
        case .callValue(let callee, let value):
            printExpr(callee)
            writer.write("{ value: ")
            printExpr(value)
            writer.write(" }")
        case .arrow(let params, let returnType, let body):
            printArrow(params: params, returnType: returnType, body: body)
        case .error:
            // Files with syntax errors are never printed; nothing to write.
            break
        }
    }

    /// `(a, b)` for a call, `new` or `emit`.
    mutating func printArguments(_ arguments: [Expr]) {
        writer.write("(")
        printCommaSeparated(arguments)
        writer.write(")")
    }

    private mutating func printCommaSeparated(_ elements: [Expr]) {
        for (index, element) in elements.enumerated() {
            if index > 0 { writer.write(", ") }
            printExpr(element)
            flushBeforeComma(after: element.span.end)
        }
        if let last = elements.last { flushBeforeClosingBracket(after: last.span.end) }
    }

    /// `{ key: value, "other key": value }` on one line, or `{}`.
    private mutating func printMap(_ entries: [MapEntry]) {
        guard !entries.isEmpty else {
            writer.write("{}")
            return
        }
        writer.write("{ ")
        for (index, entry) in entries.enumerated() {
            if index > 0 { writer.write(", ") }
            flushInline(before: entry.span.start)
            switch entry.key {
            case .identifier(let name):
                writer.write(name.name)
            case .string(let value, let span):
                writer.write(StringLiteral.canonical(raw: file.text(of: span), value: value))
            case .number(let text, _):
                writer.write(text)
            case .computed(let key):
                writer.write("[")
                printExpr(key)
                writer.write("]")
            case .spread:
                break
            }
            if case .spread = entry.key {
                writer.write("...")
            } else {
                writer.write(": ")
            }
            printExpr(entry.value)
            flushBeforeComma(after: entry.span.end)
        }
        if let last = entries.last { flushBeforeClosingBracket(after: last.span.end) }
        writer.write(" }")
    }

    /// `x => body` for one bare parameter, otherwise `(a: T, b): R => body`.
    private mutating func printArrow(params: [Param], returnType: TypeRepr?, body: ArrowBody) {
        if returnType == nil, params.count == 1, let only = params.first,
           only.type == nil, only.defaultValue == nil, !only.isOptional, only.pattern == nil, !only.isRest {
            printParameter(only)
        } else {
            printParameters(params)
        }
        if let returnType {
            writer.write(": ")
            printType(returnType)
        }
        writer.write(" =>")
        switch body {
        case .expression(let value):
            writer.write(" ")
            printExpr(value)
        case .block(let block):
            printBlock(block)
        }
    }

    /// Whether a prefix operator needs a space to stay apart from its operand (`- -x`, `+ ++x`),
    /// which would otherwise lex as `--` or `++`.
    private func needsSpace(afterPrefix text: String, before operand: Expr) -> Bool {
        guard text == "-" || text == "+" else { return false }
        return switch operand.kind {
        case .unary(let inner, _): inner.rawValue == text
        case .update(let increment, let prefix, _): prefix && (increment ? "+" : "-") == text
        default: false
        }
    }
}
