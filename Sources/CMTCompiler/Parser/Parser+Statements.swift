import CMTSource

extension Parser {
    /// block := '{' statement* '}'
    mutating func parseBlock() -> Block {
        let start = Int(current.start)
        guard let open = consume(.lBrace) else {
            expect(.lBrace, "to begin a block")
            return Block(statements: [], span: span(from: start))
        }
        var statements: [Stmt] = []
        guard enterNesting() else {
            skipToClosingBrace()
            leaveNesting()
            return Block(statements: [], span: span(from: start))
        }
        while !at(.rBrace) && !at(.eof) {
            let before = position
            statements.append(parseStatement())
            if position == before {
                report(CompilerMessages.unexpectedToken("'\(text(of: current))'", context: "in a block"), at: currentSpan)
                advanceUnexpected()
            }
        }
        leaveNesting()
        let closed = expect(.rBrace, "to close the block", opening: open)
        return Block(statements: statements, span: span(from: start), isUnterminated: !closed)
    }

    /// Skips to the `}` that closes the group the parser is in (used past the nesting limit).
    mutating func skipToClosingBrace() {
        recording?.skipping += 1
        defer { recording?.skipping -= 1 }
        var depth = 0
        while kind != .eof {
            if kind == .lBrace { depth += 1 }
            if kind == .rBrace {
                if depth == 0 {
                    advance()
                    return
                }
                depth -= 1
            }
            advance()
        }
    }

    func makeStmt(_ id: NodeID, _ kind: Stmt.Kind, from start: Int) -> Stmt {
        Stmt(id: id, kind: kind, span: span(from: start))
    }

    /// statement := block | varDecl | ifStmt | whileStmt | doWhileStmt | forStmt | switchStmt
    ///            | labeledStmt | returnStmt | 'break' IDENT? ';' | 'continue' IDENT? ';' | emitStmt
    ///            | functionDecl | ';' | expr ';'
    mutating func parseStatement() -> Stmt {
        let start = Int(current.start)
        guard enterNesting() else {
            recoverToStatementBoundary()
            leaveNesting()
            return makeStmt(makeID(), .error, from: start)
        }
        defer { leaveNesting() }
        switch kind {
        case .lBrace:
            let block = parseBlock()
            return makeStmt(makeID(), .block(block), from: start)
        case .kwLet where peekKind(1) == .lBracket || peekKind(1) == .lBrace,
             .kwConst where peekKind(1) == .lBracket || peekKind(1) == .lBrace:
            return parseDestructuring(start: start)
        case .kwLet, .kwConst:
            let isConst = advance().kind == .kwConst
            let bindings = parseBindings(isConst: isConst)
            consumeStatementEnd(after: isConst ? "'const' declaration" : "'let' declaration")
            return makeStmt(makeID(), .variables(isConst: isConst, bindings: bindings), from: start)
        case .kwDeclare:
            advance()
            return parseStatement()
        case .kwIf:
            return parseIf(start: start)
        case .kwWhile:
            advance()
            let condition = parseCondition("while")
            let body = parseStatement()
            return makeStmt(makeID(), .whileStmt(condition: condition, body: body), from: start)
        case .kwFor:
            return parseFor(start: start)
        case .kwDo:
            return parseDoWhile(start: start)
        case .kwSwitch:
            return parseSwitch(start: start)
        case .identifier where peekKind(1) == .lBrace && text(of: current) == "try":
            return parseTry(start: start)
        case .identifier where atWord("throw") && !tokens[position + 1].newlineBefore && peekKind(1) != .semicolon
            && peekKind(1) != .assign && peekKind(1) != .dot && peekKind(1) != .lParen:
            report(CompilerMessages.throwNotSupported, at: currentSpan)
            advanceUnexpected()
            recoverToStatementBoundary()
            return makeStmt(makeID(), .error, from: start)
        case .identifier where atImport:
            report(CompilerMessages.importNotAtTopLevel, at: currentSpan)
            advanceUnexpected()
            recoverToStatementBoundary()
            return makeStmt(makeID(), .error, from: start)
        case .identifier where peekKind(1) == .colon:
            let token = advance()
            advance()  // :
            let label = Identifier(text(of: token), span: span(of: token))
            let body = parseStatement()
            return makeStmt(makeID(), .labeled(label, body), from: start)
        case .kwReturn:
            advance()
            var value: Expr?
            if !at(.semicolon) && !at(.rBrace) && !at(.eof) && !current.newlineBefore {
                value = parseExpression()
            }
            consumeStatementEnd(after: "'return'")
            return makeStmt(makeID(), .returnStmt(value), from: start)
        case .kwBreak, .kwContinue:
            let isBreak = advance().kind == .kwBreak
            var label: Identifier?
            if at(.identifier) && !current.newlineBefore {
                let token = advance()
                label = Identifier(text(of: token), span: span(of: token))
            }
            consumeStatementEnd(after: isBreak ? "'break'" : "'continue'")
            return makeStmt(makeID(), isBreak ? .breakStmt(label: label) : .continueStmt(label: label), from: start)
        case .kwCase, .kwDefault:
            report(CompilerMessages.unexpectedToken("'\(text(of: current))'", context: "outside a 'switch'"), at: currentSpan)
            advance()
            recoverToStatementBoundary()
            return makeStmt(makeID(), .error, from: start)
        case .kwEmit:
            advance()
            let name = expectIdentifier("as the event to emit")
            var arguments: [Expr] = []
            if at(.lParen) {
                arguments = parseArguments()
            } else {
                expect(.lParen, "after the event name")
            }
            consumeStatementEnd(after: "'emit'")
            return makeStmt(makeID(), .emit(event: name, arguments: arguments), from: start)
        case .kwFunction:
            advance()
            let function = parseFunctionRest(start: start, kind: .function, modifiers: Modifiers())
            return makeStmt(makeID(), .function(function), from: start)
        case .semicolon:
            advance()
            return makeStmt(makeID(), .empty, from: start)
        case .kwElse:
            report(CompilerMessages.unexpectedToken("'else'", context: "without a matching 'if'"), at: currentSpan)
            advance()
            return parseStatement()
        case .identifier where text(of: current) == "var" && peekKind(1) == .identifier:
            report(CompilerMessages.varNotSupported, at: currentSpan,
                   fixIts: [.replace(currentSpan, with: "let", message: "replace 'var' with 'let'")])
            advance()
            let bindings = parseBindings(isConst: false)
            consumeStatementEnd(after: "'let' declaration")
            return makeStmt(makeID(), .variables(isConst: false, bindings: bindings), from: start)
        case .kwClass, .kwContract:
            report(CompilerMessages.declarationNotAtTopLevel(text(of: current)), at: currentSpan)
            advance()
            recoverToStatementBoundary()
            return makeStmt(makeID(), .error, from: start)
        default:
            let expression = parseExpression()
            if case .error = expression.kind {
                recoverToStatementBoundary()
                return makeStmt(makeID(), .expression(expression), from: start)
            }
            consumeStatementEnd(after: "expression")
            return makeStmt(makeID(), .expression(expression), from: start)
        }
    }

    /// bindings := binding (',' binding)*
    /// binding := IDENT (':' type)? ('=' expr)?
    mutating func parseBindings(isConst: Bool) -> [VarBinding] {
        var bindings: [VarBinding] = []
        repeat {
            let start = Int(current.start)
            let name = expectIdentifier("as the variable name")
            var type: TypeRepr?
            if consume(.colon) != nil { type = parseType() }
            var initializer: Expr?
            if consume(.assign) != nil { initializer = parseAssignment() }
            bindings.append(VarBinding(id: makeID(), name: name, type: type, initializer: initializer, span: span(from: start)))
            if name.isMissing { break }
        } while consume(.comma) != nil
        return bindings
    }

    /// destructuring := ( 'let' | 'const' ) pattern ( ':' type )? '=' assignment end
    mutating func parseDestructuring(start: Int) -> Stmt {
        let isConst = advance().kind == .kwConst
        let pattern = parsePattern()
        var type: TypeRepr?
        if consume(.colon) != nil { type = parseType() }
        let initializer: Expr
        if expect(.assign, "after the destructuring pattern: it needs a value") {
            initializer = parseAssignment()
        } else {
            initializer = errorExpr(at: Int(current.start))
        }
        if at(.comma) {
            report(CompilerMessages.unexpectedToken("','", context: "after a destructuring declaration; declare further variables in a statement of their own"),
                   at: currentSpan)
            recoverToStatementBoundary()
        } else {
            consumeStatementEnd(after: isConst ? "'const' declaration" : "'let' declaration")
        }
        return makeStmt(makeID(), .destructure(isConst: isConst, pattern: pattern, type: type, initializer: initializer), from: start)
    }

    /// pattern := IDENT
    ///          | '[' ( patternElement? ',' )* ( patternElement | '...' pattern )? ']'
    ///          | '{' ( patternProperty ( ',' patternProperty )* ','? )? '}'
    /// patternElement := pattern ( '=' assignment )?
    /// patternProperty := propertyName ( ':' pattern )? ( '=' assignment )?
    mutating func parsePattern() -> Pattern {
        let start = Int(current.start)
        guard enterNesting() else {
            leaveNesting()
            return Pattern(kind: .error, span: span(from: start))
        }
        defer { leaveNesting() }
        switch kind {
        case .lBracket:
            let open = advance()
            var elements: [PatternElement?] = []
            var rest: Pattern?
            while !at(.rBracket) && !at(.eof) {
                if consume(.comma) != nil {
                    elements.append(nil)
                    continue
                }
                if consume(.ellipsis) != nil {
                    rest = parsePattern()
                    if at(.comma) {
                        report(CompilerMessages.unexpectedToken("','", context: "after the rest element: '...rest' must come last"), at: currentSpan)
                        recoverInsideGroup(closing: .rBracket)
                        return Pattern(kind: .array(elements, rest: rest), span: span(from: start))
                    }
                    break
                }
                let before = position
                elements.append(parsePatternElement(key: nil))
                if consume(.comma) == nil {
                    if !at(.rBracket), position == before { advance() }
                    break
                }
            }
            expect(.rBracket, "to end the array pattern", opening: open)
            return Pattern(kind: .array(elements, rest: rest), span: span(from: start))
        case .lBrace:
            let open = advance()
            var elements: [PatternElement] = []
            while !at(.rBrace) && !at(.eof) {
                guard at(.identifier) || kind.isKeyword else {
                    report(CompilerMessages.expectedIdentifier(context: "as a property of the object pattern",
                                                                found: kind == .eof ? "end of file" : "'\(text(of: current))'"), at: currentSpan)
                    recoverInsideGroup(closing: .rBrace)
                    return Pattern(kind: .object(elements), span: span(from: start))
                }
                let token = advance()
                let key = Identifier(text(of: token), span: span(of: token))
                if token.kind.isKeyword && !at(.colon) {
                    report(CompilerMessages.keywordAsIdentifier(key.name, context: "as a variable name; write '\(key.name): name'"), at: key.span)
                }
                elements.append(parsePatternElement(key: key))
                if consume(.comma) == nil { break }
            }
            expect(.rBrace, "to end the object pattern", opening: open)
            return Pattern(kind: .object(elements), span: span(from: start))
        default:
            let name = expectIdentifier("in the destructuring pattern")
            if name.isMissing { return Pattern(kind: .error, span: span(from: start)) }
            return Pattern(kind: .name(VarBinding(id: makeID(), name: name, type: nil, initializer: nil, span: name.span)), span: name.span)
        }
    }

    /// One element of an array pattern (`key` nil) or the rest of an object property after its name.
    private mutating func parsePatternElement(key: Identifier?) -> PatternElement {
        let start = key.map(\.span.start) ?? Int(current.start)
        let pattern: Pattern
        if let key, consume(.colon) == nil {
            // `{ price }` declares `price`.
            pattern = Pattern(kind: .name(VarBinding(id: makeID(), name: key, type: nil, initializer: nil, span: key.span)), span: key.span)
        } else {
            pattern = parsePattern()
        }
        var defaultValue: Expr?
        if consume(.assign) != nil { defaultValue = parseAssignment() }
        return PatternElement(id: makeID(), key: key, pattern: pattern, defaultValue: defaultValue, span: span(from: start))
    }

    /// condition := '(' expr ')'
    mutating func parseCondition(_ keyword: String) -> Expr {
        let start = Int(current.start)
        guard let open = consume(.lParen) else {
            // `if x > 1 {` : read the condition anyway and say what is missing.
            report(CompilerMessages.expectedToken("(", context: "after '\(keyword)'", found: "'\(text(of: current))'"),
                   at: currentSpan, fixIts: [.insert("(", at: currentSpan)])
            let condition = parseExpression()
            return Expr(id: makeID(), kind: .paren(condition), span: span(from: start))
        }
        let condition = parseExpression()
        expect(.rParen, "after the '\(keyword)' condition", opening: open)
        return Expr(id: makeID(), kind: .paren(condition), span: span(from: start))
    }

    /// ifStmt := 'if' '(' expr ')' statement ('else' statement)?
    mutating func parseIf(start: Int) -> Stmt {
        advance()  // if
        let condition = parseCondition("if")
        let then = parseStatement()
        var otherwise: Stmt?
        if consume(.kwElse) != nil {
            otherwise = parseStatement()
        }
        return makeStmt(makeID(), .ifStmt(condition: condition, then: then, otherwise: otherwise), from: start)
    }

    /// doWhileStmt := 'do' statement 'while' '(' expr ')' ';'?
    /// (As in JavaScript, the ';' after the condition may be left out even on the same line.)
    mutating func parseDoWhile(start: Int) -> Stmt {
        advance()  // do
        let body = parseStatement()
        expect(.kwWhile, "after the body of 'do'")
        let condition = parseCondition("while")
        _ = consume(.semicolon)
        return makeStmt(makeID(), .doWhile(body: body, condition: condition), from: start)
    }

    /// switchStmt := 'switch' '(' expr ')' '{' switchClause* '}'
    /// switchClause := ( 'case' expr | 'default' ) ':' statement*
    mutating func parseSwitch(start: Int) -> Stmt {
        advance()  // switch
        let value = parseCondition("switch")
        guard let open = consume(.lBrace) else {
            expect(.lBrace, "to begin the 'switch' body")
            recoverToStatementBoundary()
            return makeStmt(makeID(), .switchStmt(value: value, cases: []), from: start)
        }
        guard enterNesting() else {
            skipToClosingBrace()
            leaveNesting()
            return makeStmt(makeID(), .switchStmt(value: value, cases: []), from: start)
        }
        var cases: [SwitchCase] = []
        var defaultSpan: Span?
        while !at(.rBrace) && !at(.eof) {
            let clauseStart = Int(current.start)
            var test: Expr?
            if consume(.kwCase) != nil {
                test = parseExpression()
            } else if let keyword = consume(.kwDefault) {
                if let defaultSpan {
                    report(CompilerMessages.duplicateDefault, at: span(of: keyword),
                           notes: [Note("the first 'default' is here", at: defaultSpan)])
                } else {
                    defaultSpan = span(of: keyword)
                }
            } else {
                report(CompilerMessages.unexpectedToken("'\(text(of: current))'", context: "in a 'switch' body; expected 'case' or 'default'"),
                       at: currentSpan)
                let before = position
                recoverToStatementBoundary()
                if position == before { advance() }
                continue
            }
            expect(.colon, test == nil ? "after 'default'" : "after the case value")
            let labelSpan = span(from: clauseStart)
            var body: [Stmt] = []
            while !at(.kwCase) && !at(.kwDefault) && !at(.rBrace) && !at(.eof) {
                let before = position
                body.append(parseStatement())
                if position == before {
                    report(CompilerMessages.unexpectedToken("'\(text(of: current))'", context: "in a 'switch' body"), at: currentSpan)
                    advance()
                }
            }
            cases.append(SwitchCase(test: test, body: body, labelSpan: labelSpan, span: span(from: clauseStart)))
        }
        leaveNesting()
        expect(.rBrace, "to close the 'switch' body", opening: open)
        return makeStmt(makeID(), .switchStmt(value: value, cases: cases), from: start)
    }

    /// forStmt := 'for' '(' ( ('let' | 'const')? IDENT (':' type)? 'of' expr
    ///                      | forInit? ';' expr? ';' expr? ) ')' statement
    /// forInit := ('let' | 'const') bindings | expr
    mutating func parseFor(start: Int) -> Stmt {
        advance()  // for
        guard let open = consume(.lParen) else {
            expect(.lParen, "after 'for'")
            recoverToStatementBoundary()
            return makeStmt(makeID(), .error, from: start)
        }
        // for-of: `for (const x of xs)`, `for (let x: T of xs)`, `for (x of xs)`
        let declares = at(.kwLet) || at(.kwConst)
        if declares, peekKind(1) == .lBracket || peekKind(1) == .lBrace {
            let isConst = advance().kind == .kwConst
            let pattern = parsePattern()
            expect(.kwOf, "after the loop's destructuring pattern")
            let iterable = parseExpression()
            expect(.rParen, "after the 'for' header", opening: open)
            let body = parseStatement()
            return makeStmt(makeID(), .forOfPattern(isConst: isConst, pattern: pattern, iterable: iterable, body: body), from: start)
        }
        let nameOffset = declares ? 1 : 0
        let isForIn = peekKind(nameOffset + 1) == .identifier && position + nameOffset + 1 < tokens.count
            && text(of: tokens[position + nameOffset + 1]) == "in"
        if peekKind(nameOffset) == .identifier,
           isForIn || peekKind(nameOffset + 1) == .kwOf || peekKind(nameOffset + 1) == .colon && isForOfWithType(from: position + nameOffset + 1) {
            let isConst = declares ? advance().kind == .kwConst : false
            let bindingStart = Int(current.start)
            let name = expectIdentifier("as the loop variable")
            var type: TypeRepr?
            if consume(.colon) != nil { type = parseType() }
            let binding = VarBinding(id: makeID(), name: name, type: type, initializer: nil, span: span(from: bindingStart))
            if isForIn {
                // Reported once; the loop is then read as 'for … of' so its body is still checked.
                report(CompilerMessages.forInNotSupported, at: currentSpan)
            }
            advance()  // of (or the unsupported 'in')
            let iterable = parseExpression()
            expect(.rParen, "after the 'for' header", opening: open)
            let body = parseStatement()
            return makeStmt(makeID(), .forOf(isConst: isConst, binding: binding, iterable: iterable, body: body), from: start)
        }
        var initializer: Stmt?
        if !at(.semicolon) {
            let initStart = Int(current.start)
            if at(.kwLet) || at(.kwConst) {
                let isConst = advance().kind == .kwConst
                let bindings = parseBindings(isConst: isConst)
                initializer = makeStmt(makeID(), .variables(isConst: isConst, bindings: bindings), from: initStart)
            } else {
                let expression = parseExpression()
                initializer = makeStmt(makeID(), .expression(expression), from: initStart)
            }
        }
        if at(.kwOf) || (at(.identifier) && text(of: current) == "in") {
            report(CompilerMessages.forInNotSupported, at: currentSpan)
        }
        expect(.semicolon, "after the loop initializer")
        var condition: Expr?
        if !at(.semicolon) { condition = parseExpression() }
        expect(.semicolon, "after the loop condition")
        var step: Expr?
        if !at(.rParen) { step = parseExpression() }
        expect(.rParen, "after the 'for' header", opening: open)
        let body = parseStatement()
        return makeStmt(makeID(), .forStmt(initializer: initializer, condition: condition, step: step, body: body), from: start)
    }

    /// Whether `: type of` follows at `index` (a typed for-of variable).
    private func isForOfWithType(from index: Int) -> Bool {
        var i = index + 1
        var depth = 0
        while i < tokens.count {
            switch tokens[i].kind {
            case .kwOf where depth == 0: return true
            case .less, .lParen, .lBracket: depth += 1
            case .greater, .rParen, .rBracket: depth -= 1
            case .greaterGreater: depth -= 2
            case .identifier, .comma, .question, .arrow, .colon: break
            default: return false
            }
            if depth < 0 { return false }
            i += 1
        }
        return false
    }
}
