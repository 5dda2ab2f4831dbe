import CMTCompiler
import CMTSource

extension RuleParser {
    /// declare := 'declare' NAME (NAME ':' type ('=' expr)? ';'?)* 'end'
    mutating func parseDeclare() -> TypeDeclareSyntax {
        let start = Int(current.start)
        let keyword = currentSpan
        advance()
        let name = expectName("as the name of the declared type") ?? Identifier("", span: pointAfterPrevious)
        var superclass: Identifier?
        if kind == .identifier, text(of: current) == "extends" {
            advance()
            superclass = expectName("as the type that '\(name.name)' extends")
        }
        let boundary = find(["end"])
        let fileID = file.id
        let fields = section(to: boundary) { parser -> [DeclaredFieldSyntax] in
            var fields: [DeclaredFieldSyntax] = []
            while !parser.atEnd {
                parser.skipAnnotations()
                if parser.atEnd { break }
                let before = parser.cmt.tokenIndex
                let fieldStart = Int(parser.current.start)
                guard let fieldName = parser.expectName("as a field of '\(name.name)'") else {
                    parser.advance()
                    continue
                }
                parser.expect(.colon, "after the field name '\(fieldName.name)'")
                let type = parser.cmt.parseEmbeddedType()
                var initializer: Expr?
                if parser.kind == .assign, !parser.atEnd {
                    parser.advance()
                    initializer = parser.cmt.parseEmbeddedOperand(tighterThan: 0)
                }
                parser.skipAnnotations()
                if parser.kind == .semicolon, !parser.atEnd { parser.advance() }
                fields.append(DeclaredFieldSyntax(name: fieldName, type: type, initializer: initializer,
                                                  span: Span(file: fileID, start: fieldStart, end: parser.cmt.previousTokenEnd)))
                if parser.cmt.tokenIndex == before { parser.advance() }
            }
            return fields
        }
        finishItem("declare '\(name.name)'", keyword: keyword)
        var declare = TypeDeclareSyntax(name: name, fields: fields, span: span(from: start))
        declare.superclass = superclass
        return declare
    }

    /// global := 'global' type NAME ';'?
    mutating func parseGlobal() -> GlobalSyntax? {
        let start = Int(current.start)
        advance()
        let boundary = lineEnd()
        let parsed = section(to: boundary) { parser -> (TypeRepr, Identifier?) in
            let type = parser.cmt.parseEmbeddedType()
            let name = parser.expectName("as the name of the global")
            return (type, name)
        }
        skipSemicolon()
        guard let name = parsed.1 else { return nil }
        return GlobalSyntax(type: parsed.0, name: name, span: span(from: start))
    }

    /// The index of the first token after the current one that starts a new line or is a ';'.
    func lineEnd() -> Int {
        var position = index + 1
        while position < tokens.count - 1, !tokens[position].newlineBefore, tokens[position].kind != .semicolon {
            position += 1
        }
        return position
    }

    /// function := 'function' NAME params (':' type)? block, read by the CMT parser.
    mutating func parseFunction() -> RuleFunctionSyntax? {
        let start = Int(current.start)
        // The function ends at the '}' that closes its body.
        var position = index
        var depth = 0
        var sawBody = false
        while position < tokens.count - 1 {
            let kind = tokens[position].kind
            if kind == .lBrace {
                depth += 1
                sawBody = true
            } else if kind == .rBrace {
                depth -= 1
                if depth == 0 && sawBody { break }
            } else if !sawBody, position > index, startsItem(at: position) {
                position -= 1
                break
            }
            position += 1
        }
        let boundary = min(position + 1, tokens.count - 1)
        let item = section(to: boundary) { parser -> Item? in
            parser.cmt.parseEmbeddedItem()
        }
        guard case .function(let decl) = item else {
            return nil
        }
        return RuleFunctionSyntax(name: decl.name, span: span(from: start))
    }

    /// query := 'query' (STRING | NAME) ('(' queryParam (',' queryParam)* ')')? conditions 'end'
    /// queryParam := NAME ':' type | type NAME
    mutating func parseQuery() -> QuerySyntax {
        let start = Int(current.start)
        let keyword = currentSpan
        advance()
        let (name, nameSpan) = parseItemName()
        var params: [QueryParamSyntax] = []
        if kind == .lParen {
            let close = matchingParen()
            params = section(to: close) { parser -> [QueryParamSyntax] in
                parser.advance()
                var params: [QueryParamSyntax] = []
                while !parser.atEnd {
                    let before = parser.cmt.tokenIndex
                    if parser.kind == .identifier, parser.cmt.peekKind(1) == .colon {
                        if let paramName = parser.expectName("as a query parameter") {
                            parser.advance()
                            let type = parser.cmt.parseEmbeddedType()
                            params.append(QueryParamSyntax(name: paramName, type: type, span: paramName.span.merged(with: type.span)))
                        }
                    } else {
                        let type = parser.cmt.parseEmbeddedType()
                        if let paramName = parser.expectName("as a query parameter") {
                            params.append(QueryParamSyntax(name: paramName, type: type, span: type.span.merged(with: paramName.span)))
                        }
                    }
                    if parser.kind == .comma, !parser.atEnd { parser.advance() } else if parser.cmt.tokenIndex == before { parser.advance() } else if !parser.atEnd {
                        parser.expect(.comma, "between query parameters")
                        break
                    }
                }
                return params
            }
            if kind == .rParen { advance() } else { report(RuleMessages.expectedDRLToken(")", context: "to close the query parameters", found: found), at: currentSpan) }
        }
        let boundary = find(["end"])
        let conditions = section(to: boundary) { $0.parseConditionList(untilParen: false) }
        finishItem("query \"\(name)\"", keyword: keyword)
        return QuerySyntax(name: name, nameSpan: nameSpan, params: params, conditions: conditions, span: span(from: start))
    }

    /// The index of the ')' matching the '(' at the current token (or the file's end).
    func matchingParen() -> Int {
        var depth = 0
        var position = index
        while position < tokens.count - 1 {
            if tokens[position].kind == .lParen { depth += 1 }
            if tokens[position].kind == .rParen {
                depth -= 1
                if depth == 0 { return position }
            }
            if position > index, startsItem(at: position) { return position }
            position += 1
        }
        return tokens.count - 1
    }

    /// The name of a rule or query: a string, or a bare name.
    mutating func parseItemName() -> (String, Span) {
        if kind == .string {
            let token = current
            advance()
            return (stringValue(token), span(of: token))
        }
        if kind == .identifier, word != "when", word != "then", !isEnd(at: index) {
            let token = current
            advance()
            return (text(of: token), span(of: token))
        }
        report(RuleMessages.expectedRuleName(found: found), at: current.newlineBefore ? pointAfterPrevious : currentSpan)
        return ("", pointAfterPrevious)
    }
}
