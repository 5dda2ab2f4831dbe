import CMTSource

extension Parser {
    /// file := item* EOF
    /// item := contractDecl | classDecl | interfaceDecl | functionDecl | 'declare' declaration | statement
    mutating func parseItems() -> [Item] {
        var items: [Item] = []
        while kind != .eof {
            let before = position
            var exportKeyword: Span?
            if atExport {
                exportKeyword = parseExportKeyword()
                if exportKeyword == nil { continue }
            }
            if let item = parseItem() {
                if let exportKeyword {
                    if Parser.isExportable(item) {
                        exports.append(ExportMark(itemIndex: items.count, keyword: exportKeyword))
                    } else {
                        report(CompilerMessages.misplacedExport, at: exportKeyword,
                               helps: ["an imported value is read-only: export a 'const', or a function that changes the value"])
                    }
                }
                items.append(item)
            }
            if position == before {
                // Nothing could start here (a stray '}' or similar): report and skip it.
                report(CompilerMessages.unexpectedToken("'\(text(of: current))'", context: "at the top level"), at: currentSpan)
                advanceUnexpected()
            }
        }
        return items
    }

    mutating func parseItem() -> Item? {
        let start = Int(current.start)
        var modifiers = Modifiers()
        if at(.kwDeclare) {
            advance()
            modifiers.isDeclare = true
        }
        if atImport {
            return parseImport().map { .importDecl($0) }
        }
        if at(.identifier), text(of: current) == "abstract", peekKind(1) == .kwClass {
            advance()
            modifiers.isAbstract = true
        }
        if at(.identifier), text(of: current) == "interface", peekKind(1) == .identifier {
            return .classDecl(parseInterface(start: start, modifiers: modifiers))
        }
        switch kind {
        case .kwContract:
            inDeclaredContract = modifiers.isDeclare
            defer { inDeclaredContract = false }
            var decl = parseContract(start: start)
            decl.isDeclared = modifiers.isDeclare
            return .contract(decl)
        case .kwClass:
            return .classDecl(parseClass(start: start, modifiers: modifiers))
        case .kwFunction:
            advance()
            return .function(parseFunctionRest(start: start, kind: .function, modifiers: modifiers))
        case .rBrace:
            report(CompilerMessages.unexpectedToken("'}'", context: "at the top level"), at: currentSpan,
                   helps: ["this '}' closes nothing; remove it or check the braces above"])
            advanceUnexpected()
            return nil
        default:
            return .statement(parseStatement())
        }
    }

    /// contractDecl := 'contract' IDENT '{' member* '}'
    mutating func parseContract(start: Int) -> ContractDecl {
        let doc = docComment(before: start)
        advance()  // contract
        let name = expectIdentifier("as the contract name")
        let members = parseMemberBlock(owner: "contract")
        return ContractDecl(id: makeID(), name: name, members: members, doc: doc, span: span(from: start))
    }

    /// classDecl := 'abstract'? 'class' IDENT typeParams? ('extends' type)? ('implements' type (',' type)*)?
    ///              '{' member* '}'
    mutating func parseClass(start: Int, modifiers: Modifiers) -> ClassDecl {
        let doc = docComment(before: start)
        advance()  // class
        let name = expectIdentifier("as the class name")
        let typeParams = parseTypeParameters()
        var superclass: TypeRepr?
        if atContextual("extends") {
            advance()
            superclass = parseType()
            if at(.comma) {
                report(CompilerMessages.unexpectedToken("','", context: "after the base class"), at: currentSpan,
                       helps: ["a class extends one class; list interfaces after 'implements'"])
                while consume(.comma) != nil { _ = parseType() }
            }
        }
        var interfaces: [TypeRepr] = []
        if atContextual("implements") {
            advance()
            repeat { interfaces.append(parseType()) } while consume(.comma) != nil
        }
        let members = parseMemberBlock(owner: "class")
        var decl = ClassDecl(id: makeID(), modifiers: modifiers, name: name, typeParams: typeParams, members: members, doc: doc,
                             span: span(from: start))
        decl.superclass = superclass
        decl.interfaces = interfaces
        return decl
    }

    /// interfaceDecl := 'interface' IDENT typeParams? ('extends' type (',' type)*)? '{' member* '}'
    /// (members are fields and method signatures without bodies)
    mutating func parseInterface(start: Int, modifiers: Modifiers) -> ClassDecl {
        let doc = docComment(before: start)
        advance()  // interface
        let name = expectIdentifier("as the interface name")
        let typeParams = parseTypeParameters()
        var interfaces: [TypeRepr] = []
        if atContextual("extends") {
            advance()
            repeat { interfaces.append(parseType()) } while consume(.comma) != nil
        }
        let wasInInterface = inInterface
        inInterface = true
        defer { inInterface = wasInInterface }
        let members = parseMemberBlock(owner: "interface")
        var decl = ClassDecl(id: makeID(), modifiers: modifiers, name: name, typeParams: typeParams, members: members, doc: doc,
                             span: span(from: start))
        decl.interfaces = interfaces
        decl.isInterface = true
        return decl
    }

    /// Whether the current token is the identifier `word` (a contextual keyword).
    func atContextual(_ word: String) -> Bool {
        at(.identifier) && text(of: current) == word
    }

    /// typeParams := '<' IDENT (',' IDENT)* '>'
    mutating func parseTypeParameters() -> [Identifier] {
        guard let open = consume(.less) else { return [] }
        var params: [Identifier] = []
        repeat {
            params.append(expectIdentifier("as a type parameter"))
        } while consume(.comma) != nil
        expect(.greater, "after the type parameters", opening: open)
        return params
    }

    mutating func parseMemberBlock(owner: String) -> [ClassMember] {
        guard let open = consume(.lBrace) else {
            expect(.lBrace, "to open the \(owner) body")
            return []
        }
        var members: [ClassMember] = []
        while !at(.rBrace) && !at(.eof) {
            let before = position
            if consume(.semicolon) != nil { continue }
            if let member = parseMember(owner: owner) { members.append(member) }
            if position == before {
                report(CompilerMessages.unexpectedToken("'\(text(of: current))'", context: "in a \(owner) body"), at: currentSpan)
                advanceUnexpected()
            }
        }
        expect(.rBrace, "to close the \(owner) body", opening: open)
        return members
    }

    /// member := modifier* ( 'constructor' params block
    ///                     | 'event' IDENT params ';'
    ///                     | 'webhook' IDENT params block
    ///                     | 'function'? IDENT typeParams? params (':' type)? (block | ';')
    ///                     | IDENT '?'? (':' type)? ('=' expr)? ';' )
    /// modifier := 'public' | 'private' | 'static' | 'readonly'
    ///           | 'reentrant' | 'protected' | 'abstract' (contextual)
    mutating func parseMember(owner: String) -> ClassMember? {
        let start = Int(current.start)
        var modifiers = Modifiers()
        loop: while true {
            switch kind {
            case .kwPublic: modifiers.isPublic = true
            case .kwPrivate: modifiers.isPrivate = true
            case .kwStatic: modifiers.isStatic = true
            case .kwReadonly: modifiers.isReadonly = true
            case .kwDeclare: modifiers.isDeclare = true
            case .identifier where text(of: current) == "reentrant" && (peekKind(1).isKeyword || peekKind(1) == .identifier):
                // Contextual: `reentrant` followed by a name or a keyword; a field may be called `reentrant`.
                modifiers.isReentrant = true
            case .identifier where text(of: current) == "protected" && (peekKind(1).isKeyword || peekKind(1) == .identifier):
                modifiers.isProtected = true
            case .identifier where text(of: current) == "abstract" && (peekKind(1).isKeyword || peekKind(1) == .identifier):
                modifiers.isAbstract = true
            default: break loop
            }
            advance()
        }
        switch kind {
        case .kwConstructor:
            advance()
            let name = Identifier("constructor", span: span(from: start))
            return .method(parseFunctionBody(start: start, kind: .constructor, modifiers: modifiers, name: name, typeParams: []))
        case .kwEvent:
            let doc = docComment(before: start)
            advance()
            let name = expectIdentifier("as the event name")
            let params = parseParameters(allowIndexed: true)
            consumeStatementEnd(after: "event declaration")
            return .event(EventDecl(id: makeID(), name: name, params: params, doc: doc, span: span(from: start)))
        case .kwWebhook:
            advance()
            let name = expectIdentifier("as the webhook name")
            return .method(parseFunctionBody(start: start, kind: .webhook, modifiers: modifiers, name: name, typeParams: []))
        case .kwFunction:
            advance()
            return .method(parseFunctionRest(start: start, kind: .method, modifiers: modifiers))
        case .identifier, .kwNew, .kwOf:
            if peekKind(1) == .lParen || peekKind(1) == .less {
                return .method(parseFunctionRest(start: start, kind: .method, modifiers: modifiers))
            }
            return .field(parseField(start: start, modifiers: modifiers))
        case .kwLet, .kwConst:
            let keyword = text(of: current)
            report(CompilerMessages.unexpectedToken("'\(keyword)'", context: "in a \(owner) body"), at: currentSpan,
                   fixIts: [FixIt("remove '\(keyword)'", first: .init(span: currentSpan, replacement: ""))],
                   helps: ["fields are declared as 'name: Type = value;' without '\(keyword)'"])
            advanceUnexpected()
            return .field(parseField(start: start, modifiers: modifiers))
        default:
            if modifiers != Modifiers() {
                report(CompilerMessages.expectedMember(owner: owner), at: atLineEnd ? afterPrevious : currentSpan)
            } else {
                report(CompilerMessages.unexpectedToken("'\(text(of: current))'", context: "in a \(owner) body"), at: currentSpan,
                       helps: ["a \(owner) body holds fields, a constructor and functions; statements belong inside a function"])
                recoverToMemberBoundary()
            }
            return nil
        }
    }

    /// Skips to the next line that starts a member, or the closing brace.
    mutating func recoverToMemberBoundary() {
        recording?.skipping += 1
        defer { recording?.skipping -= 1 }
        let start = position
        while kind != .eof && kind != .rBrace {
            if position > start, current.newlineBefore, kind == .identifier || startsStatement(kind) { return }
            if kind == .lBrace {
                skipBalanced()
                continue
            }
            advance()
        }
    }

    /// field := IDENT '?'? (':' type)? ('=' expr)? ';'
    mutating func parseField(start: Int, modifiers: Modifiers) -> FieldDecl {
        let doc = docComment(before: start)
        let name = expectIdentifier("as the field name")
        var type: TypeRepr?
        if at(.question) {
            // `name?: T` is shorthand for `name: T? = null`.
            let questionStart = Int(current.start)
            advance()
            if consume(.colon) != nil {
                let inner = parseType()
                type = TypeRepr(id: makeID(), kind: .optional(inner), span: span(from: questionStart))
            }
        } else if consume(.colon) != nil {
            type = parseType()
        }
        var initializer: Expr?
        if consume(.assign) != nil {
            initializer = parseExpression()
        }
        consumeStatementEnd(after: "field declaration")
        return FieldDecl(id: makeID(), modifiers: modifiers, name: name, type: type, initializer: initializer, doc: doc, span: span(from: start))
    }

    /// functionDecl := 'function' IDENT typeParams? params (':' type)? (block | ';')
    /// (The `function` keyword has been consumed.)
    mutating func parseFunctionRest(start: Int, kind: FunctionKind, modifiers: Modifiers) -> FunctionDecl {
        let name: Identifier
        if self.kind == .kwNew || self.kind == .kwOf {
            let token = advance()
            name = Identifier(text(of: token), span: span(of: token))
        } else {
            name = expectIdentifier("as the function name")
        }
        let typeParams = parseTypeParameters()
        return parseFunctionBody(start: start, kind: kind, modifiers: modifiers, name: name, typeParams: typeParams)
    }

    mutating func parseFunctionBody(start: Int, kind: FunctionKind, modifiers: Modifiers, name: Identifier, typeParams: [Identifier]) -> FunctionDecl {
        let doc = docComment(before: start)
        let params = parseParameters()
        var returnType: TypeRepr?
        if consume(.colon) != nil {
            returnType = parseType()
        }
        var body: Block?
        if at(.lBrace) {
            body = parseBlock()
        } else if modifiers.isDeclare || modifiers.isAbstract || inInterface || isPrelude || inDeclaredContract {
            consumeStatementEnd(after: "function signature")
        } else {
            report(CompilerMessages.expectedFunctionBody(name.name), at: atLineEnd ? afterPrevious : currentSpan,
                   fixIts: [.insert(" {}", at: afterPrevious)])
            if at(.semicolon) { advance() }
        }
        return FunctionDecl(id: makeID(), kind: kind, modifiers: modifiers, name: name, typeParams: typeParams,
                            params: params, returnType: returnType, body: body, doc: doc, span: span(from: start))
    }

    /// params := '(' (param (',' param)* ','?)? ')'
    /// param := ('public' | 'private' | 'protected' | 'readonly')* IDENT '?'? (':' type)? ('=' expr)?
    /// `(name: Type, …)`; with `allowIndexed` (event fields) a name may be preceded by the
    /// contextual keyword `indexed`.
    mutating func parseParameters(allowIndexed: Bool = false) -> [Param] {
        guard let open = consume(.lParen) else {
            expect(.lParen, "to begin the parameter list")
            return []
        }
        var params: [Param] = []
        while !at(.rParen) && !at(.eof) {
            let start = Int(current.start)
            let before = position
            var indexed = false
            if allowIndexed, at(.identifier), text(of: current) == "indexed", peekKind(1) == .identifier {
                advance()
                indexed = true
            }
            let propertyModifiers = allowIndexed ? nil : parseParameterPropertyModifiers()
            var pattern: Pattern?
            let name: Identifier
            // Event fields (`allowIndexed`) are plain names.
            let isRest = !allowIndexed && consume(.ellipsis) != nil
            if !allowIndexed, at(.lBracket) || at(.lBrace) {
                let parsed = parsePattern()
                pattern = parsed
                name = Identifier("", span: parsed.span)
            } else {
                name = expectIdentifier("as a parameter name")
            }
            let isOptional = pattern == nil && consume(.question) != nil
            var type: TypeRepr?
            if consume(.colon) != nil { type = parseType() }
            var defaultValue: Expr?
            if consume(.assign) != nil { defaultValue = parseAssignment() }
            var param = Param(id: makeID(), name: name, type: type, isOptional: isOptional, defaultValue: defaultValue, span: span(from: start),
                              pattern: pattern, isRest: isRest)
            param.isIndexed = indexed
            param.propertyModifiers = propertyModifiers
            params.append(param)
            if consume(.comma) == nil {
                if !at(.rParen) {
                    expect(.comma, "between parameters")
                    if position == before { break }
                    if at(.lBrace) || at(.semicolon) { break }
                }
            }
        }
        expect(.rParen, "to end the parameter list", opening: open)
        return params
    }

    /// `public`, `private`, `protected` and `readonly` before a parameter's name (a TypeScript
    /// parameter property); nil when there are none. A parameter may itself be called `readonly`.
    mutating func parseParameterPropertyModifiers() -> Modifiers? {
        var modifiers = Modifiers()
        var found = false
        // A modifier is followed by a name, another modifier or a pattern.
        while [.identifier, .kwPublic, .kwPrivate, .kwReadonly, .lBrace, .lBracket].contains(peekKind(1)) {
            switch kind {
            case .kwPublic: modifiers.isPublic = true
            case .kwPrivate: modifiers.isPrivate = true
            case .kwReadonly: modifiers.isReadonly = true
            case .identifier where text(of: current) == "protected": modifiers.isProtected = true
            default: return found ? modifiers : nil
            }
            found = true
            advance()
        }
        return found ? modifiers : nil
    }

    /// Accepts the end of a statement: a `;`, or (automatic semicolon) a line break, a `}` or the end
    /// of the file before the next token. Anything else is reported and skipped.
    mutating func consumeStatementEnd(after what: String) {
        if consume(.semicolon) != nil { return }
        if current.newlineBefore || at(.rBrace) || at(.eof) { return }
        let found = "'\(text(of: current))'"
        report(CompilerMessages.expectedToken(";", context: "after \(what)", found: found), at: currentSpan,
               fixIts: [.insert(";", at: afterPrevious)])
        // `let a = 1 let b = 2;`: only the ';' is missing; the next statement is fine as it is.
        if startsStatement(kind) { return }
        recoverToStatementBoundary()
    }
}
