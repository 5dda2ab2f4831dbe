import CMTCompiler
import CMTSource

extension SectionParser {
    /// actions := action*, up to the boundary, a '}' (inside a block) or, inside a nested `when`, the
    /// next `when` (the white paper's `when … then …` bodies follow one another).
    mutating func parseActions(inBlock: Bool, inWhen: Bool) -> [ActionSyntax] {
        var actions: [ActionSyntax] = []
        while !atEnd {
            if inBlock && kind == .rBrace { break }
            if inWhen && atNestedWhen { break }
            let before = cmt.tokenIndex
            if let action = parseAction(inBlock: inBlock) { actions.append(action) }
            if cmt.tokenIndex == before { advance() }
        }
        return actions
    }

    /// Whether the current token is the keyword `when` (and not a variable named `when`).
    var atNestedWhen: Bool {
        guard isWord("when") else { return false }
        switch cmt.peekKind(1) {
        case .assign, .dot, .lBracket, .plusAssign, .minusAssign, .starAssign, .slashAssign, .semicolon: return false
        default: return true
        }
    }

    /// action := 'when' expr 'then' actions | 'modify' '(' expr ')' '{' edits '}' | 'if' '(' expr ')'
    ///           action ('else' action)? | '{' actions '}' | statement
    mutating func parseAction(inBlock: Bool) -> ActionSyntax? {
        guard enterNesting() else {
            leaveNesting()
            skipToEnd()
            return nil
        }
        defer { leaveNesting() }
        let start = Int(current.start)
        if atNestedWhen {
            advance()
            let condition = cmt.parseEmbeddedExpression()
            expectWord("then", "after the condition of a nested 'when'")
            let body = parseActions(inBlock: inBlock, inWhen: true)
            return .when(condition, body, Span(file: file.id, start: start, end: cmt.previousTokenEnd))
        }
        if isWord("modify"), cmt.peekKind(1) == .lParen {
            return parseModify(start: start)
        }
        if kind == .kwIf {
            advance()
            expect(.lParen, "after 'if'")
            let condition = cmt.parseEmbeddedExpression()
            expect(.rParen, "to close the condition of 'if'")
            let then = parseAction(inBlock: inBlock).map { [$0] } ?? []
            var otherwise: [ActionSyntax]?
            if kind == .kwElse, !atEnd {
                advance()
                otherwise = parseAction(inBlock: inBlock).map { [$0] } ?? []
            }
            return .ifAction(condition, then, otherwise, Span(file: file.id, start: start, end: cmt.previousTokenEnd))
        }
        if kind == .lBrace {
            advance()
            let body = parseActions(inBlock: true, inWhen: false)
            expect(.rBrace, "to close the block")
            return .block(body, Span(file: file.id, start: start, end: cmt.previousTokenEnd))
        }
        return .statement(cmt.parseEmbeddedStatement())
    }

    /// modify := 'modify' '(' expr ')' '{' (edit ((',' | ';') edit)*)? '}' ';'?
    /// edit := expr, whose leading name is a field or method of the target (`price = 10`, `setPrice(10)`).
    mutating func parseModify(start: Int) -> ActionSyntax {
        advance()  // modify
        advance()  // (
        let target = cmt.parseEmbeddedExpression()
        expect(.rParen, "to close 'modify('")
        var edits: [Expr] = []
        if expect(.lBrace, "to begin the edits of 'modify'") {
            while !atEnd && kind != .rBrace {
                let before = cmt.tokenIndex
                edits.append(cmt.parseEmbeddedExpression())
                if (kind == .comma || kind == .semicolon) && !atEnd {
                    advance()
                } else if kind != .rBrace {
                    if cmt.tokenIndex == before { advance() } else {
                        expect(.comma, "between the edits of 'modify'")
                        if current.newlineBefore == false { advance() }
                    }
                }
            }
            expect(.rBrace, "to close the edits of 'modify'")
        }
        if kind == .semicolon, !atEnd { advance() }
        return .modify(target: target, edits: edits, Span(file: file.id, start: start, end: cmt.previousTokenEnd))
    }
}
