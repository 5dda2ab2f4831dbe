import CMTSource

extension Parser {
    /// type := primaryType ('[' ']' | '?')*
    /// primaryType := IDENT ('<' type (',' type)* '>')? | '(' ((IDENT ':')? type (',' …)*)? ')' '=>' type
    ///              | '(' type ')' | 'null'
    mutating func parseType() -> TypeRepr {
        let start = Int(current.start)
        guard enterNesting() else {
            leaveNesting()
            return TypeRepr(id: makeID(), kind: .error, span: Span.point(file.id, start))
        }
        defer { leaveNesting() }
        var type = parsePrimaryType()
        // Every suffix deepens the tree by one, like a postfix expression step.
        var suffixes = 0
        defer { nesting -= suffixes }
        while true {
            let atSuffix = at(.lBracket) && peekKind(1) == .rBracket || at(.question) || at(.questionQuestion)
            if atSuffix && !current.newlineBefore {
                suffixes += 1
                nesting += 1
                if nesting > Parser.maximumNesting {
                    if !reportedNestingLimit {
                        reportedNestingLimit = true
                        diagnostics.add(CompilerMessages.nestingTooDeep(Parser.maximumNesting), at: currentSpan)
                    }
                    while !current.newlineBefore && (at(.lBracket) && peekKind(1) == .rBracket || at(.question) || at(.questionQuestion)) {
                        advance()
                        if at(.rBracket) { advance() }
                    }
                    return TypeRepr(id: makeID(), kind: .error, span: span(from: start))
                }
            }
            if at(.lBracket) && peekKind(1) == .rBracket && !current.newlineBefore {
                advance()
                advance()
                type = TypeRepr(id: makeID(), kind: .array(type), span: span(from: start))
            } else if at(.question) && !current.newlineBefore {
                advance()
                type = TypeRepr(id: makeID(), kind: .optional(type), span: span(from: start))
            } else if at(.questionQuestion) && !current.newlineBefore {
                // `T??` lexes as one '??' token: read it as two '?' (the checker reports the double optional).
                let token = advance()
                let first = TypeRepr(id: makeID(), kind: .optional(type), span: Span(file: file.id, start: start, end: Int(token.start) + 1))
                type = TypeRepr(id: makeID(), kind: .optional(first), span: span(from: start))
            } else {
                return type
            }
        }
    }

    mutating func parsePrimaryType() -> TypeRepr {
        let start = Int(current.start)
        switch kind {
        case .identifier:
            let token = advance()
            let name = Identifier(text(of: token), span: span(of: token))
            var arguments: [TypeRepr] = []
            if !current.newlineBefore, let open = consume(.less) {
                repeat {
                    arguments.append(parseType())
                } while consume(.comma) != nil
                expectClosingAngle(opening: open)
            }
            return TypeRepr(id: makeID(), kind: .named(name, arguments: arguments), span: span(from: start))
        case .kwNull:
            let token = advance()
            return TypeRepr(id: makeID(), kind: .named(Identifier("null", span: span(of: token)), arguments: []), span: span(from: start))
        case .lParen:
            let open = advance()
            var params: [TypeRepr] = []
            while !at(.rParen) && !at(.eof) {
                if at(.identifier) && (peekKind(1) == .colon || peekKind(1) == .question && peekKind(2) == .colon) {
                    advance()
                    _ = consume(.question)
                    advance()
                }
                params.append(parseType())
                if consume(.comma) == nil { break }
            }
            expect(.rParen, "to close the parameter types", opening: open)
            if consume(.arrow) != nil {
                let result = parseType()
                return TypeRepr(id: makeID(), kind: .function(params: params, result: result), span: span(from: start))
            }
            if params.count == 1 {
                return params[0]
            }
            report(CompilerMessages.expectedToken("=>", context: "after the parameter types of a function type", found: "'\(text(of: current))'"),
                   at: atLineEnd ? afterPrevious : currentSpan)
            return TypeRepr(id: makeID(), kind: .error, span: span(from: start))
        default:
            if kind == .kwFunction || kind.isKeyword && !current.newlineBefore && kind != .kwNew {
                let token = advance()
                report(CompilerMessages.keywordAsIdentifier(text(of: token), context: "as a type name"), at: span(of: token))
                return TypeRepr(id: makeID(), kind: .error, span: span(from: start))
            }
            let found = kind == .eof ? "end of file" : "'\(text(of: current))'"
            report(CompilerMessages.expectedType(found: found), at: atLineEnd ? afterPrevious : currentSpan)
            if !atLineEnd, kind == .number || kind == .string || kind == .unknown {
                // `x: 42`: a value written where a type belongs; take it as the (bad) type.
                advanceUnexpected()
                return TypeRepr(id: makeID(), kind: .error, span: span(from: start))
            }
            recording?.missing(.identifier, at: start)
            return TypeRepr(id: makeID(), kind: .error, span: Span.point(file.id, start))
        }
    }

    /// Expects the `>` closing type arguments, splitting a `>>` or `>=` token when needed.
    mutating func expectClosingAngle(opening: Token) {
        switch kind {
        case .greater:
            advance()
        case .greaterGreater, .greaterEqual:
            let token = current
            let restKind: TokenKind = kind == .greaterGreater ? .greater : .assign
            // The first character becomes the `>` read here; the rest stays for the next read.
            recording?.consume(Token(kind: .greater, start: Int(token.start), end: Int(token.start) + 1, newlineBefore: token.newlineBefore))
            tokens[position] = Token(kind: restKind, start: Int(token.start) + 1, end: Int(token.end), newlineBefore: false)
        default:
            expect(.greater, "to close the type arguments", opening: opening)
        }
    }
}
