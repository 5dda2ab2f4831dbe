import CMTSource

extension Parser {
    func makeExpr(_ id: NodeID, _ kind: Expr.Kind, from start: Int) -> Expr {
        Expr(id: id, kind: kind, span: span(from: start))
    }

    mutating func errorExpr(at start: Int) -> Expr {
        Expr(id: makeID(), kind: .error, span: Span.point(file.id, start))
    }

    /// expr := assignment
    mutating func parseExpression() -> Expr { parseAssignment() }

    /// assignment := arrowFunction | conditional (assignOp assignment)?
    mutating func parseAssignment() -> Expr {
        let start = Int(current.start)
        guard enterNesting() else {
            leaveNesting()
            skipExpression()
            return errorExpr(at: start)
        }
        defer { leaveNesting() }
        if atArrowFunction() { return parseArrowFunction() }
        let target = parseConditional()
        guard let op = assignOperator(kind) else { return target }
        let operatorSpan = currentSpan
        advance()
        if !isAssignable(target) {
            report(CompilerMessages.invalidAssignmentTarget, at: target.span)
        }
        let value = parseAssignment()
        return makeExpr(makeID(), .assign(op, target: target, value: value, operatorSpan: operatorSpan), from: start)
    }

    /// Skips the rest of an expression that is nested too deeply to read.
    mutating func skipExpression() {
        var depth = 0
        while kind != .eof {
            switch kind {
            case .lParen, .lBracket, .lBrace: depth += 1
            case .rParen, .rBracket, .rBrace:
                if depth == 0 { return }
                depth -= 1
            case .semicolon where depth == 0: return
            default: break
            }
            advance()
        }
    }

    func assignOperator(_ kind: TokenKind) -> AssignOperator? {
        switch kind {
        case .assign: .assign
        case .plusAssign: .add
        case .minusAssign: .subtract
        case .starAssign: .multiply
        case .slashAssign: .divide
        case .percentAssign: .remainder
        case .questionQuestionAssign: .coalesce
        default: nil
        }
    }

    func isAssignable(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .identifier, .member(_, _, optional: false), .index(_, _, optional: false), .error: true
        case .paren(let inner): isAssignable(inner)
        default: false
        }
    }

    /// conditional := binary ('?' assignment ':' assignment)?
    mutating func parseConditional() -> Expr {
        let start = Int(current.start)
        let condition = parseBinary(minimumPrecedence: 0)
        guard let question = consume(.question) else { return condition }
        let then = parseAssignment()
        if !expect(.colon, "in the conditional expression", opening: question) {
            return makeExpr(makeID(), .conditional(condition, then: then, otherwise: errorExpr(at: Int(current.start))), from: start)
        }
        let otherwise = parseAssignment()
        return makeExpr(makeID(), .conditional(condition, then: then, otherwise: otherwise), from: start)
    }

    func binaryOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .plus: .add
        case .minus: .subtract
        case .star: .multiply
        case .slash: .divide
        case .percent: .remainder
        case .starStar: .power
        case .equalEqual: .equal
        case .bangEqual: .notEqual
        case .equalEqualEqual: .strictEqual
        case .bangEqualEqual: .strictNotEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        case .ampAmp: .and
        case .pipePipe: .or
        case .questionQuestion: .coalesce
        case .amp: .bitAnd
        case .pipe: .bitOr
        case .caret: .bitXor
        case .lessLess: .shiftLeft
        case .greaterGreater: .shiftRight
        default: nil
        }
    }

    /// binary := unary (binaryOp unary)*, by JavaScript precedence (see ``BinaryOperator/precedence``).
    /// Each operator of a chain counts as a level of nesting, so a very long chain is reported
    /// instead of building a tree too deep for later phases.
    mutating func parseBinary(minimumPrecedence: Int) -> Expr {
        let start = Int(current.start)
        var lhs = parseUnary()
        var chained = 0
        defer { nesting -= chained }
        while let op = binaryOperator(kind), op.precedence > minimumPrecedence {
            let operatorSpan = currentSpan
            advance()
            nesting += 1
            chained += 1
            if nesting > Parser.maximumNesting {
                if !reportedNestingLimit {
                    reportedNestingLimit = true
                    diagnostics.add(CompilerMessages.nestingTooDeep(Parser.maximumNesting), at: operatorSpan)
                }
                skipExpression()
                return makeExpr(makeID(), .error, from: start)
            }
            let next = op.isRightAssociative ? op.precedence - 1 : op.precedence
            let rhs = parseBinary(minimumPrecedence: next)
            lhs = makeExpr(makeID(), .binary(op, lhs, rhs, operatorSpan: operatorSpan), from: start)
        }
        return lhs
    }

    /// unary := ('-' | '+' | '!' | '~' | '++' | '--') unary | postfix
    mutating func parseUnary() -> Expr {
        let start = Int(current.start)
        let op: UnaryOperator?
        switch kind {
        case .minus: op = .negate
        case .plus: op = .plus
        case .bang: op = .not
        case .tilde: op = .bitNot
        case .plusPlus, .minusMinus:
            let increment = advance().kind == .plusPlus
            guard enterNesting() else {
                leaveNesting()
                return errorExpr(at: start)
            }
            let operand = parseUnary()
            leaveNesting()
            if !isAssignable(operand) {
                report(CompilerMessages.invalidAssignmentTarget, at: operand.span)
            }
            return makeExpr(makeID(), .update(increment: increment, prefix: true, operand), from: start)
        default: op = nil
        }
        guard let op else { return parsePostfix() }
        advance()
        guard enterNesting() else {
            leaveNesting()
            return errorExpr(at: start)
        }
        let operand = parseUnary()
        leaveNesting()
        if at(.starStar) {
            report(CompilerMessages.ambiguousUnaryPower, at: currentSpan)
        }
        return makeExpr(makeID(), .unary(op, operand), from: start)
    }

    /// postfix := primary ( '.' name | '?.' name | '?.' '[' expr ']' | '?.' arguments | '[' expr ']'
    ///                    | arguments | '!' | '++' | '--' | '{' 'value' ':' expr '}' )*
    /// (`{ value: … }` only right after a member name on the same line: `handle.f{ value: v }(…)`)
    mutating func parsePostfix() -> Expr {
        let start = Int(current.start)
        var expr = parsePrimary()
        var depth = 0
        defer { nesting -= depth }
        while true {
            // Every postfix step deepens the tree by one.
            if kind == .dot || kind == .questionDot || kind == .lBracket || kind == .lParen || kind == .bang
                || kind == .plusPlus || kind == .minusMinus
            {
                depth += 1
                nesting += 1
                if nesting > Parser.maximumNesting {
                    if !reportedNestingLimit {
                        reportedNestingLimit = true
                        diagnostics.add(CompilerMessages.nestingTooDeep(Parser.maximumNesting), at: currentSpan)
                    }
                    skipExpression()
                    return makeExpr(makeID(), .error, from: start)
                }
            }
            switch kind {
            case .dot:
                advance()
                let name = parseMemberName()
                expr = makeExpr(makeID(), .member(expr, name, optional: false), from: start)
            case .questionDot:
                advance()
                if at(.lBracket) {
                    let open = advance()
                    let index = parseExpression()
                    expect(.rBracket, "to close the index", opening: open)
                    expr = makeExpr(makeID(), .index(expr, index, optional: true), from: start)
                } else if at(.lParen) {
                    let arguments = parseArguments()
                    expr = makeExpr(makeID(), .call(expr, arguments, optional: true), from: start)
                } else {
                    let name = parseMemberName()
                    expr = makeExpr(makeID(), .member(expr, name, optional: true), from: start)
                }
            case .lBracket:
                let open = advance()
                let index = parseExpression()
                expect(.rBracket, "to close the index", opening: open)
                expr = makeExpr(makeID(), .index(expr, index, optional: false), from: start)
            case .lParen:
                let arguments = parseArguments()
                expr = makeExpr(makeID(), .call(expr, arguments, optional: false), from: start)
            case .lBrace where atCallValue(after: expr):
                let open = advance()
                advance()  // `value`
                advance()  // `:`
                let value = parseExpression()
                expect(.rBrace, "to close the value sent with the call", opening: open)
                expr = makeExpr(makeID(), .callValue(expr, value: value), from: start)
            case .bang where !current.newlineBefore:
                advance()
                expr = makeExpr(makeID(), .forceUnwrap(expr), from: start)
            case .plusPlus where !current.newlineBefore, .minusMinus where !current.newlineBefore:
                let increment = advance().kind == .plusPlus
                if !isAssignable(expr) { report(CompilerMessages.invalidAssignmentTarget, at: expr.span) }
                expr = makeExpr(makeID(), .update(increment: increment, prefix: false, expr), from: start)
            default:
                return expr
            }
        }
    }

    /// Whether `{ value:` follows a member name on its line: the value a contract call sends.
    func atCallValue(after expr: Expr) -> Bool {
        guard case .member = expr.kind, !current.newlineBefore, peekKind(1) == .identifier, peekKind(2) == .colon,
              position + 1 < tokens.count else { return false }
        return text(of: tokens[position + 1]) == "value"
    }

    /// A member name after `.`: an identifier, or a keyword used as a name (`process.new`).
    mutating func parseMemberName() -> Identifier {
        if kind.canBeMemberName && !current.newlineBefore {
            let token = advance()
            return Identifier(text(of: token), span: span(of: token))
        }
        return expectIdentifier("as the member name after '.'")
    }

    /// arguments := '(' (assignment (',' assignment)* ','?)? ')'
    mutating func parseArguments() -> [Expr] {
        guard let open = consume(.lParen) else { return [] }
        var arguments: [Expr] = []
        while !at(.rParen) && !at(.eof) {
            let before = position
            arguments.append(parseElement())
            if consume(.comma) == nil {
                if atMissingComma {
                    // `f(1 2)`: only the ',' is missing; read on so the call keeps all its arguments.
                    report(CompilerMessages.expectedToken(",", context: "between arguments", found: "'\(text(of: current))'"),
                           at: currentSpan, fixIts: [.insert(",", at: afterPrevious)])
                    continue
                }
                if !at(.rParen) {
                    expect(.rParen, "to end the argument list", opening: open)
                    if position == before || at(.semicolon) || at(.rBrace) || current.newlineBefore { return arguments }
                    recoverInsideGroup(closing: .rParen)
                    return arguments
                }
            }
        }
        expect(.rParen, "to end the argument list", opening: open)
        return arguments
    }

    /// Whether the current token, on the same line right after a complete element of a list, can only
    /// start another element: the ',' between them is missing.
    var atMissingComma: Bool {
        guard !current.newlineBefore else { return false }
        switch kind {
        case .identifier, .number, .string, .templateString, .templateHead, .kwTrue, .kwFalse, .kwNull, .kwThis, .kwNew: return true
        default: return false
        }
    }

    /// After an error inside `( … )` or `[ … ]`, skips to the closing token on the same nesting level.
    mutating func recoverInsideGroup(closing: TokenKind) {
        var depth = 0
        while kind != .eof && kind != .semicolon {
            switch kind {
            case .lParen, .lBracket, .lBrace: depth += 1
            case .rParen, .rBracket, .rBrace:
                if depth == 0 {
                    if kind == closing { advance() }
                    return
                }
                depth -= 1
            default: break
            }
            advance()
        }
    }

    /// primary := NUMBER | STRING | 'true' | 'false' | 'null' | 'this' | IDENT | '(' expr ')'
    ///          | arrayLiteral | mapLiteral | newExpr
    mutating func parsePrimary() -> Expr {
        let start = Int(current.start)
        switch kind {
        case .number:
            let token = advance()
            return makeExpr(makeID(), .number(text(of: token)), from: start)
        case .string:
            let token = advance()
            let value = Lexer.decodeString(file.bytes[Int(token.start)..<Int(token.end)])
            return makeExpr(makeID(), .string(value), from: start)
        case .templateString:
            let token = advance()
            let text = Lexer.decodeTemplate(file.bytes[Int(token.start)..<Int(token.end)])
            return makeExpr(makeID(), .template(texts: [text], values: []), from: start)
        case .templateHead:
            return parseTemplate()
        case .kwTrue, .kwFalse:
            let value = advance().kind == .kwTrue
            return makeExpr(makeID(), .boolean(value), from: start)
        case .kwNull:
            advance()
            return makeExpr(makeID(), .null, from: start)
        case .kwThis:
            advance()
            return makeExpr(makeID(), .this, from: start)
        case .identifier where text(of: current) == "super" && (peekKind(1) == .dot || peekKind(1) == .lParen):
            advance()
            return makeExpr(makeID(), .superRef, from: start)
        case .identifier:
            let token = advance()
            return makeExpr(makeID(), .identifier(text(of: token)), from: start)
        case .lParen:
            let open = advance()
            if at(.rParen) {
                report(CompilerMessages.expectedExpression(found: "')'"), at: currentSpan)
                advance()
                return makeExpr(makeID(), .error, from: start)
            }
            let inner = parseExpression()
            expect(.rParen, "to close the parenthesis", opening: open)
            return makeExpr(makeID(), .paren(inner), from: start)
        case .lBracket:
            return parseArrayLiteral()
        case .lBrace:
            return parseMapLiteral()
        case .kwNew:
            return parseNew()
        case .kwFunction:
            report(CompilerMessages.functionExpressionNotSupported, at: currentSpan)
            advance()
            if at(.identifier) { advance() }
            if at(.lParen) { _ = parseParameters() }
            if consume(.colon) != nil { _ = parseType() }
            if at(.lBrace) { _ = parseBlock() }
            return makeExpr(makeID(), .error, from: start)
        default:
            let found = kind == .eof ? "end of file" : "'\(text(of: current))'"
            if kind == .unknown {
                // The lexer has reported the character; skip it and read on.
                advance()
                lastErrorOffset = start
                return makeExpr(makeID(), .error, from: start)
            }
            report(CompilerMessages.expectedExpression(found: found), at: atLineEnd && kind != .eof ? afterPrevious : currentSpan)
            return errorExpr(at: start)
        }
    }

    /// template := TEMPLATE_HEAD expr ( TEMPLATE_MIDDLE expr )* TEMPLATE_TAIL
    mutating func parseTemplate() -> Expr {
        let start = Int(current.start)
        var texts: [String] = []
        var values: [Expr] = []
        var token = advance()
        while true {
            texts.append(Lexer.decodeTemplate(file.bytes[Int(token.start)..<Int(token.end)]))
            if token.kind == .templateTail || token.kind == .templateString { break }
            if at(.templateMiddle) || at(.templateTail) {
                report(CompilerMessages.expectedExpression(found: "'}'"), at: currentSpan)
                values.append(errorExpr(at: Int(current.start)))
            } else if at(.eof) {
                values.append(parseExpression())
                break
            } else {
                values.append(parseExpression())
                if !at(.templateMiddle) && !at(.templateTail) {
                    let found = kind == .eof ? "end of file" : "'\(text(of: current))'"
                    report(CompilerMessages.expectedToken("}", context: "to end the '${…}' substitution", found: found), at: currentSpan)
                    skipToTemplateContinuation()
                    if at(.eof) { break }
                }
            }
            token = advance()
        }
        while texts.count < values.count + 1 { texts.append("") }
        return makeExpr(makeID(), .template(texts: texts, values: values), from: start)
    }

    /// After an error in a substitution: skips to the template text that follows it, passing over
    /// nested template literals whole.
    mutating func skipToTemplateContinuation() {
        var depth = 0
        while kind != .eof {
            switch kind {
            case .templateHead: depth += 1
            case .templateTail:
                if depth == 0 { return }
                depth -= 1
            case .templateMiddle where depth == 0: return
            default: break
            }
            advance()
        }
    }

    /// arrayLiteral := '[' (assignment (',' assignment)* ','?)? ']'
    mutating func parseArrayLiteral() -> Expr {
        let start = Int(current.start)
        let open = advance()
        var elements: [Expr] = []
        while !at(.rBracket) && !at(.eof) {
            let before = position
            elements.append(parseElement())
            if consume(.comma) == nil {
                if atMissingComma {
                    report(CompilerMessages.expectedToken(",", context: "between array elements", found: "'\(text(of: current))'"),
                           at: currentSpan, fixIts: [.insert(",", at: afterPrevious)])
                    continue
                }
                if !at(.rBracket) {
                    expect(.rBracket, "to end the array literal", opening: open)
                    if position == before { break }
                    recoverInsideGroup(closing: .rBracket)
                    return makeExpr(makeID(), .array(elements), from: start)
                }
            }
        }
        expect(.rBracket, "to end the array literal", opening: open)
        return makeExpr(makeID(), .array(elements), from: start)
    }

    /// element := '...' assignment | assignment
    /// (An element of an array literal or an argument list.)
    mutating func parseElement() -> Expr {
        let start = Int(current.start)
        guard consume(.ellipsis) != nil else { return parseAssignment() }
        let inner = parseAssignment()
        return makeExpr(makeID(), .spread(inner), from: start)
    }

    /// mapLiteral := '{' (mapEntry (',' mapEntry)* ','?)? '}'
    /// mapEntry := (IDENT | STRING | NUMBER | '[' expr ']') ':' assignment | '...' assignment
    mutating func parseMapLiteral() -> Expr {
        let start = Int(current.start)
        let open = advance()
        var entries: [MapEntry] = []
        while !at(.rBrace) && !at(.eof) {
            let entryStart = Int(current.start)
            let before = position
            let key: MapKey
            switch kind {
            case .ellipsis:
                advance()
                key = .spread
            case .identifier:
                let token = advance()
                key = .identifier(Identifier(text(of: token), span: span(of: token)))
            case .string:
                let token = advance()
                key = .string(Lexer.decodeString(file.bytes[Int(token.start)..<Int(token.end)]), span(of: token))
            case .number:
                let token = advance()
                key = .number(text(of: token), span(of: token))
            case .lBracket:
                let bracket = advance()
                let keyExpr = parseExpression()
                expect(.rBracket, "to close the computed key", opening: bracket)
                key = .computed(keyExpr)
            default:
                if kind.isKeyword {
                    let token = advance()
                    key = .identifier(Identifier(text(of: token), span: span(of: token)))
                } else {
                    report(CompilerMessages.expectedMapKey(found: kind == .eof ? "end of file" : "'\(text(of: current))'"), at: currentSpan)
                    recoverInsideGroup(closing: .rBrace)
                    return makeExpr(makeID(), .map(entries), from: start)
                }
            }
            let value: Expr
            if case .spread = key {
                value = parseAssignment()
            } else if expect(.colon, "after the map key") {
                value = parseAssignment()
            } else {
                value = errorExpr(at: Int(current.start))
            }
            entries.append(MapEntry(key: key, value: value, span: span(from: entryStart)))
            if consume(.comma) == nil {
                if !at(.rBrace) {
                    expect(.rBrace, "to end the map literal", opening: open)
                    if position == before { break }
                    recoverInsideGroup(closing: .rBrace)
                    return makeExpr(makeID(), .map(entries), from: start)
                }
            }
        }
        expect(.rBrace, "to end the map literal", opening: open)
        return makeExpr(makeID(), .map(entries), from: start)
    }

    /// newExpr := 'new' IDENT ('<' type (',' type)* '>')? arguments?
    mutating func parseNew() -> Expr {
        let start = Int(current.start)
        advance()  // new
        let name = expectIdentifier("as the class to create")
        var typeArguments: [TypeRepr] = []
        if let open = consume(.less) {
            repeat {
                typeArguments.append(parseType())
            } while consume(.comma) != nil
            expectClosingAngle(opening: open)
        }
        let arguments = at(.lParen) ? parseArguments() : []
        return makeExpr(makeID(), .new(name, typeArguments: typeArguments, arguments), from: start)
    }

    // MARK: Arrow functions

    /// Whether an arrow function starts here: `x =>`, `(…) =>` or `(…): Type =>`.
    func atArrowFunction() -> Bool {
        if kind == .identifier { return peekKind(1) == .arrow }
        guard kind == .lParen else { return false }
        var i = position + 1
        var depth = 1
        // Braces are read only as an object pattern that starts a parameter (`({ x }: P) =>`), so
        // the scan never runs through a block.
        var patternBraces = 0
        while i < tokens.count, depth > 0 {
            switch tokens[i].kind {
            case .lParen: depth += 1
            case .rParen: depth -= 1
            case .lBrace where patternBraces > 0 || tokens[i - 1].kind == .lParen || tokens[i - 1].kind == .comma
                || tokens[i - 1].kind == .lBracket || tokens[i - 1].kind == .colon:
                patternBraces += 1
            case .rBrace where patternBraces > 0: patternBraces -= 1
            case .eof, .semicolon, .lBrace, .rBrace: return false
            default: break
            }
            i += 1
        }
        guard i < tokens.count else { return false }
        if tokens[i].kind == .arrow { return true }
        guard tokens[i].kind == .colon else { return false }
        // `(…): Type =>`: scan a type-shaped run of tokens up to `=>`.
        i += 1
        var angle = 0
        while i < tokens.count {
            switch tokens[i].kind {
            case .arrow where angle == 0: return true
            case .identifier, .comma, .question, .lBracket, .rBracket, .colon, .lParen, .rParen, .kwNull: break
            case .less: angle += 1
            case .greater: angle -= 1
            case .greaterGreater: angle -= 2
            default: return false
            }
            i += 1
        }
        return false
    }

    /// arrowFunction := (IDENT | params) (':' type)? '=>' (block | assignment)
    mutating func parseArrowFunction() -> Expr {
        let start = Int(current.start)
        var params: [Param] = []
        if kind == .identifier {
            let token = advance()
            let name = Identifier(text(of: token), span: span(of: token))
            params = [Param(id: makeID(), name: name, type: nil, isOptional: false, defaultValue: nil, span: name.span)]
        } else {
            params = parseParameters()
        }
        var returnType: TypeRepr?
        if consume(.colon) != nil { returnType = parseType() }
        expect(.arrow, "in the arrow function")
        let body: ArrowBody = at(.lBrace) ? .block(parseBlock()) : .expression(parseAssignment())
        return makeExpr(makeID(), .arrow(params: params, returnType: returnType, body: body), from: start)
    }
}
