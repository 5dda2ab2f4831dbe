import CMTSource

extension Parser {
    /// Whether the current token is the contextual word `text` (an identifier, not reserved).
    func atWord(_ text: String) -> Bool { kind == .identifier && self.text(of: current) == text }

    /// Whether an `import` declaration starts here: `import` followed, on the same line, by `{`, `*`,
    /// a string or a name (the last three are reported as unsupported forms).
    var atImport: Bool {
        guard atWord("import") else { return false }
        let next = peekKind(1)
        return next == .lBrace || next == .star || next == .string || next == .identifier
    }

    /// Whether `export` starts a declaration here (followed by a word or `{`/`*` on the same line).
    var atExport: Bool {
        guard atWord("export"), position + 1 < tokens.count, !tokens[position + 1].newlineBefore else { return false }
        let next = peekKind(1)
        return next.isKeyword || next == .identifier || next == .lBrace || next == .star
    }

    /// importDecl := 'import' '{' (importName (',' importName)* ','?)? '}' 'from' STRING ';'
    /// importName := IDENT ('as' IDENT)?
    mutating func parseImport() -> ImportDecl? {
        let start = Int(current.start)
        advance()  // import
        guard let open = consume(.lBrace) else {
            let form = at(.star) ? "'import * as …'" : at(.string) ? "an import for its effects only ('import \"…\"')" : "a default import"
            report(CompilerMessages.unsupportedModuleSyntax(form), at: span(from: start))
            recoverToStatementBoundary()
            return nil
        }
        var names: [ImportSpecifier] = []
        while !at(.rBrace) && !at(.eof) {
            let before = position
            let name = expectIdentifier("to import")
            var alias: Identifier?
            if atWord("as") {
                advance()
                alias = expectIdentifier("after 'as'")
            }
            if !name.isMissing { names.append(ImportSpecifier(name: name, alias: alias)) }
            if consume(.comma) == nil || position == before { break }
        }
        expect(.rBrace, "to close the import list", opening: open)
        if atWord("from") {
            advance()
        } else {
            let found = kind == .eof ? "end of file" : "'\(text(of: current))'"
            report(CompilerMessages.expectedToken("from", context: "after the import list", found: found), at: atLineEnd ? afterPrevious : currentSpan)
        }
        var source = ""
        var sourceSpan = afterPrevious
        if at(.string) {
            let token = advance()
            source = Lexer.decodeString(file.bytes[Int(token.start)..<Int(token.end)])
            sourceSpan = span(of: token)
        } else {
            let found = kind == .eof ? "end of file" : "'\(text(of: current))'"
            report(CompilerMessages.expectedToken("\"./file\"", context: "after 'from'", found: found), at: atLineEnd ? afterPrevious : currentSpan)
        }
        consumeStatementEnd(after: "the import")
        return ImportDecl(names: names, source: source, sourceSpan: sourceSpan, span: span(from: start))
    }

    /// `export` before a top-level declaration: consumes it and returns its span, or reports the
    /// forms that are not supported (`export { a }`, `export default …`, `export * from …`) and
    /// returns nil.
    mutating func parseExportKeyword() -> Span? {
        let keyword = currentSpan
        advance()  // export
        if at(.lBrace) || at(.star) || at(.kwDefault) {
            let form = at(.lBrace) ? "'export { … }'" : at(.star) ? "'export * from …'" : "'export default'"
            report(CompilerMessages.unsupportedModuleSyntax(form), at: keyword)
            if at(.lBrace) { skipBalanced() }
            recoverToStatementBoundary()
            return nil
        }
        return keyword
    }

    /// Whether an exported item is a declaration (not a statement other than `const`, nor an import).
    static func isExportable(_ item: Item) -> Bool {
        switch item {
        case .statement(let stmt):
            switch stmt.kind {
            case .variables(isConst: true, _), .destructure(isConst: true, _, _, _): return true
            default: return false
            }
        case .importDecl: return false
        default: return true
        }
    }

    /// tryStmt := 'try' block 'catch' ('(' IDENT (':' type)? ')')? block
    mutating func parseTry(start: Int) -> Stmt {
        let keyword = currentSpan
        advance()  // try
        let body = parseBlock()
        var binding: Identifier?
        var bindingType: TypeRepr?
        var handler = Block(statements: [], span: afterPrevious)
        if atWord("catch") {
            advance()
            if let open = consume(.lParen) {
                binding = expectIdentifier("for the reason caught")
                if consume(.colon) != nil { bindingType = parseType() }
                expect(.rParen, "after the catch binding", opening: open)
            }
            handler = parseBlock()
        } else if !atWord("finally") {
            report(CompilerMessages.catchMissing, at: keyword)
        }
        if atWord("finally") {
            report(CompilerMessages.finallyNotSupported, at: currentSpan)
            advance()
            _ = parseBlock()
        }
        return makeStmt(makeID(), .tryStmt(TryStatement(body: body, binding: binding, bindingType: bindingType, handler: handler, keyword: keyword)),
                        from: start)
    }
}
