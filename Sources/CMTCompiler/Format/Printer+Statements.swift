import CMTSource

extension Printer {
    /// Prints one statement from the current position; the caller has started its line.
    mutating func printStatement(_ stmt: Stmt) {
        flushInline(before: stmt.span.start)
        switch stmt.kind {
        case .expression(let expr):
            printExpr(expr)
            endStatement(stmt)
        case .variables(let isConst, let bindings):
            printVariables(isConst: isConst, bindings: bindings)
            endStatement(stmt)
        case .destructure(let isConst, let pattern, let type, let initializer):
            writer.write(isConst ? "const " : "let ")
            printPattern(pattern)
            if let type {
                writer.write(": ")
                printType(type)
            }
            writer.write(" = ")
            printExpr(initializer)
            endStatement(stmt)
        case .forOfPattern(let isConst, let pattern, let iterable, let body):
            writer.write(isConst ? "for (const " : "for (let ")
            printPattern(pattern)
            writer.write(" of ")
            printExpr(iterable)
            writer.write(")")
            printBody(body)
        case .block(let block):
            printBlock(block)
        case .ifStmt(let condition, let then, let otherwise):
            printIf(condition: condition, then: then, otherwise: otherwise)
        case .whileStmt(let condition, let body):
            writer.write("while ")
            printExpr(condition)
            printBody(body)
        case .forStmt(let initializer, let condition, let step, let body):
            printFor(initializer: initializer, condition: condition, step: step, body: body)
        case .forOf(let isConst, let binding, let iterable, let body):
            writer.write(isConst ? "for (const " : "for (let ")
            printBinding(binding)
            writer.write(" of ")
            printExpr(iterable)
            writer.write(")")
            printBody(body)
        case .returnStmt(let value):
            writer.write("return")
            if let value {
                writer.write(" ")
                printExpr(value)
            }
            endStatement(stmt)
        case .doWhile(let body, let condition):
            writer.write("do")
            printBody(body)
            writer.writeSpaced("while ")
            printExpr(condition)
            endStatement(stmt)
        case .switchStmt(let value, let cases):
            writer.write("switch ")
            printExpr(value)
            let clauses = cases.map { ListElement.switchClause($0) }
            let open = skipTrivia(from: value.span.end)
            printBraced(clauses, openOffset: open, closeOffset: stmt.span.end)
        case .labeled(let label, let body):
            writer.write(label.name + ":")
            writer.space()
            printStatement(body)
        case .breakStmt(let label):
            writer.write("break" + (label.map { " " + $0.name } ?? ""))
            endStatement(stmt)
        case .continueStmt(let label):
            writer.write("continue" + (label.map { " " + $0.name } ?? ""))
            endStatement(stmt)
        case .emit(let event, let arguments):
            writer.write("emit " + event.name)
            printArguments(arguments)
            endStatement(stmt)
        case .function(let decl):
            printFunction(decl)
        case .tryStmt(let clause):
            writer.write("try")
            flushInline(before: clause.body.span.start)
            printBlock(clause.body)
            writer.writeSpaced("catch")
            if let binding = clause.binding {
                writer.write(" (" + binding.name)
                if let type = clause.bindingType {
                    writer.write(": ")
                    printType(type)
                }
                writer.write(")")
            }
            flushInline(before: clause.handler.span.start)
            printBlock(clause.handler)
        case .empty:
            writer.write(";")
        case .error:
            // Files with syntax errors are never printed; nothing to write.
            break
        }
    }

    /// `import { a, b as c } from "./file";`
    mutating func printImport(_ decl: ImportDecl) {
        let names = decl.names.map { $0.name.name + ($0.alias.map { " as " + $0.name } ?? "") }
        writer.write(names.isEmpty ? "import {}" : "import { " + names.joined(separator: ", ") + " }")
        flushInline(before: decl.sourceSpan.start)
        writer.write(" from " + StringLiteral.canonical(raw: file.text(of: decl.sourceSpan), value: decl.source) + ";")
    }

    /// `[a, , b = 1, ...rest]` or `{ a, b: c, d = 1 }`.
    mutating func printPattern(_ pattern: Pattern) {
        switch pattern.kind {
        case .name(let binding):
            writer.write(binding.name.name)
        case .error:
            break
        case .array(let elements, let rest):
            writer.write("[")
            // A hole prints as nothing between its commas: `[a, , b]`; a hole at the end needs one
            // more comma (`[a, ,]`), since a trailing comma alone is not a hole.
            for (index, element) in elements.enumerated() {
                if index > 0 { writer.write(",") }
                if let element {
                    if index > 0 { writer.write(" ") }
                    printPatternElement(element)
                } else if index > 0 {
                    writer.write(" ")
                }
            }
            if rest == nil, let last = elements.last, last == nil { writer.write(",") }
            if let rest {
                if !elements.isEmpty { writer.write(", ") }
                writer.write("...")
                printPattern(rest)
            }
            writer.write("]")
        case .object(let elements):
            guard !elements.isEmpty else {
                writer.write("{}")
                return
            }
            writer.write("{ ")
            for (index, element) in elements.enumerated() {
                if index > 0 { writer.write(", ") }
                printPatternElement(element)
            }
            writer.write(" }")
        }
    }

    private mutating func printPatternElement(_ element: PatternElement) {
        if let key = element.key {
            writer.write(key.name)
            if case .name(let binding) = element.pattern.kind, binding.name.span == key.span {
                // `{ price }`
            } else {
                writer.write(": ")
                printPattern(element.pattern)
            }
        } else {
            printPattern(element.pattern)
        }
        if let value = element.defaultValue {
            writer.write(" = ")
            printExpr(value)
        }
    }

    /// `case value:` or `default:`, then the clause's statements one level further in.
    mutating func printSwitchClause(_ clause: SwitchCase) {
        if let test = clause.test {
            writer.write("case ")
            printExpr(test)
            flushInline(before: clause.labelSpan.end - 1)
            writer.write(":")
        } else {
            writer.write("default:")
        }
        let body = clause.body.compactMap { stmt -> ListElement? in
            if case .empty = stmt.kind { return nil }
            return .statement(stmt)
        }
        guard !body.isEmpty else { return }
        let openEnd = takeTrailingComments(after: clause.labelSpan.end, allowDoc: true)
        writer.indent += 1
        printList(body, openEnd: openEnd, closeOffset: clause.span.end)
        writer.indent -= 1
    }

    /// Writes the `;` every simple statement ends with, after any comment inside the statement.
    private mutating func endStatement(_ stmt: Stmt) {
        flushInline(before: stmt.span.end)
        writer.write(";")
    }

    /// `let a = 1, b: T` or `const c = 2` (without the `;`).
    mutating func printVariables(isConst: Bool, bindings: [VarBinding]) {
        writer.write(isConst ? "const " : "let ")
        for (index, binding) in bindings.enumerated() {
            if index > 0 { writer.write(", ") }
            printBinding(binding)
            flushBeforeComma(after: binding.span.end)
        }
    }

    mutating func printBinding(_ binding: VarBinding) {
        flushInline(before: binding.span.start)
        writer.write(binding.name.name)
        if let type = binding.type {
            writer.write(": ")
            printType(type)
        }
        if let initializer = binding.initializer {
            writer.write(" = ")
            printExpr(initializer)
        }
    }

    /// The body of `if`, `while` or `for`: ` { … }` for a block, otherwise the statement on the same
    /// line (` return x;`), or a bare `;` for an empty body.
    private mutating func printBody(_ body: Stmt) {
        switch body.kind {
        case .block(let block):
            flushInline(before: body.span.start)
            printBlock(block)
        case .empty:
            flushInline(before: body.span.start)
            writer.write(";")
        default:
            writer.space()
            printStatement(body)
        }
    }

    /// `if (c) { … } else if (d) { … } else { … }`; a non-block branch stays beside its keyword and
    /// `else` then starts its own line.
    private mutating func printIf(condition: Expr, then: Stmt, otherwise: Stmt?) {
        writer.write("if ")
        printExpr(condition)
        printBody(then)
        guard let otherwise else { return }
        let elseOffset = skipTrivia(from: then.span.end)
        let hasComments = pendingComment.map { $0.span.start < elseOffset } ?? false
        var isBlock = false
        if case .block = then.kind { isBlock = true }
        if hasComments {
            takeTrailingComments(after: then.span.end, allowDoc: true)
            flushOwnLines(before: elseOffset)
            writer.startLine()
        } else if !isBlock {
            writer.startLine()
        }
        writer.writeSpaced("else")
        if case .ifStmt = otherwise.kind {
            writer.write(" ")
            printStatement(otherwise)
        } else {
            printBody(otherwise)
        }
    }

    /// `for (init; condition; step) body`, with `for (;;)` when all three are absent.
    private mutating func printFor(initializer: Stmt?, condition: Expr?, step: Expr?, body: Stmt) {
        writer.write("for (")
        if let initializer {
            flushInline(before: initializer.span.start)
            switch initializer.kind {
            case .variables(let isConst, let bindings): printVariables(isConst: isConst, bindings: bindings)
            case .expression(let expr): printExpr(expr)
            default: printStatement(initializer)
            }
        }
        writer.write(";")
        if let condition {
            writer.write(" ")
            printExpr(condition)
        }
        writer.write(";")
        if let step {
            writer.write(" ")
            printExpr(step)
        }
        writer.write(")")
        printBody(body)
    }
}
