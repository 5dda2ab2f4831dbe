import CMTSource

extension Printer {
    /// `declare public private protected abstract static readonly `: the modifiers in canonical order.
    func modifierText(_ modifiers: Modifiers) -> String {
        var words: [String] = []
        if modifiers.isDeclare { words.append("declare") }
        if modifiers.isPublic { words.append("public") }
        if modifiers.isPrivate { words.append("private") }
        if modifiers.isProtected { words.append("protected") }
        if modifiers.isAbstract { words.append("abstract") }
        if modifiers.isStatic { words.append("static") }
        if modifiers.isReadonly { words.append("readonly") }
        if modifiers.isReentrant { words.append("reentrant") }
        return words.map { $0 + " " }.joined()
    }

    /// `contract Name { members }`
    mutating func printContract(_ decl: ContractDecl) {
        writer.write("contract ")
        flushInline(before: decl.name.span.start)
        writer.write(decl.name.name)
        printMembers(decl.members, after: decl.name.span.end, closeOffset: decl.span.end)
    }

    /// `declare? abstract? class Name<T> extends Base implements A, B { members }`, or
    /// `interface Name<T> extends A, B { members }`.
    mutating func printClass(_ decl: ClassDecl) {
        writer.write(modifierText(decl.modifiers) + (decl.isInterface ? "interface " : "class "))
        flushInline(before: decl.name.span.start)
        writer.write(decl.name.name)
        printTypeParameters(decl.typeParams)
        var afterHeader = decl.typeParams.last?.span.end ?? decl.name.span.end
        if let superclass = decl.superclass {
            writer.write(" extends ")
            printType(superclass)
            afterHeader = superclass.span.end
        }
        if !decl.interfaces.isEmpty {
            writer.write(decl.isInterface ? " extends " : " implements ")
            for (position, type) in decl.interfaces.enumerated() {
                if position > 0 { writer.write(", ") }
                printType(type)
            }
            afterHeader = decl.interfaces.last?.span.end ?? afterHeader
        }
        let wasInInterface = inInterface
        inInterface = decl.isInterface
        defer { inInterface = wasInInterface }
        printMembers(decl.members, after: afterHeader, closeOffset: decl.span.end)
    }

    private mutating func printMembers(_ members: [ClassMember], after headerEnd: Int, closeOffset: Int) {
        // The `{` is the first code after the header (a `>` closing type parameters is skipped).
        var open = skipTrivia(from: headerEnd)
        if open < file.bytes.count, file.bytes[open] == UInt8(ascii: ">") { open = skipTrivia(from: open + 1) }
        printBraced(members.map { .member($0) }, openOffset: open, closeOffset: closeOffset)
    }

    mutating func printTypeParameters(_ params: [Identifier]) {
        guard !params.isEmpty else { return }
        writer.write("<" + params.map(\.name).joined(separator: ", ") + ">")
    }

    mutating func printMember(_ member: ClassMember) {
        switch member {
        case .field(let field): printField(field)
        case .method(let method): printFunction(method)
        case .event(let event): printEvent(event)
        }
    }

    /// `modifiers name: Type = initializer;`
    mutating func printField(_ field: FieldDecl) {
        writer.write(modifierText(field.modifiers) + field.name.name)
        if let type = field.type {
            writer.write(": ")
            printType(type)
        }
        if let initializer = field.initializer {
            writer.write(" = ")
            printExpr(initializer)
        }
        flushInline(before: field.span.end)
        writer.write(";")
    }

    /// `event Name(params);`
    mutating func printEvent(_ event: EventDecl) {
        writer.write("event " + event.name.name)
        printParameters(event.params)
        flushInline(before: event.span.end)
        writer.write(";")
    }

    /// A function, method, constructor or webhook: `modifiers function name<T>(params): Type { body }`,
    /// or `;` in place of the body for a signature.
    mutating func printFunction(_ decl: FunctionDecl) {
        writer.write(modifierText(decl.modifiers))
        switch decl.kind {
        case .method where inInterface: writer.write(decl.name.name)
        case .function, .method: writer.write("function " + decl.name.name)
        case .constructor: writer.write("constructor")
        case .webhook: writer.write("webhook " + decl.name.name)
        }
        printTypeParameters(decl.typeParams)
        printParameters(decl.params)
        if let returnType = decl.returnType {
            writer.write(": ")
            printType(returnType)
        }
        if let body = decl.body {
            printBlock(body)
        } else {
            flushInline(before: decl.span.end)
            writer.write(";")
        }
    }

    /// `(a: T, b?: U, c: V = default)`
    mutating func printParameters(_ params: [Param]) {
        writer.write("(")
        for (index, param) in params.enumerated() {
            if index > 0 { writer.write(", ") }
            printParameter(param)
            flushBeforeComma(after: param.span.end)
        }
        if let last = params.last { flushBeforeClosingBracket(after: last.span.end) }
        writer.write(")")
    }

    mutating func printParameter(_ param: Param) {
        flushInline(before: param.span.start)
        if param.isRest { writer.write("...") }
        if param.isIndexed { writer.write("indexed ") }
        if let modifiers = param.propertyModifiers { writer.write(modifierText(modifiers)) }
        if let pattern = param.pattern {
            printPattern(pattern)
        } else {
            writer.write(param.name.name + (param.isOptional ? "?" : ""))
        }
        if let type = param.type {
            writer.write(": ")
            printType(type)
        }
        if let value = param.defaultValue {
            writer.write(" = ")
            printExpr(value)
        }
    }
}
