import CMTCompiler
import CMTSource

extension SectionParser {
    /// conditions := condition* (an implicit 'and'), up to the section's boundary or a ')'.
    mutating func parseConditionList(untilParen: Bool) -> [ConditionSyntax] {
        var list: [ConditionSyntax] = []
        while !atEnd && !(untilParen && kind == .rParen) {
            let before = cmt.tokenIndex
            if let condition = parseCondition() { list.append(condition) }
            if cmt.tokenIndex == before {
                report(RuleMessages.expectedCondition(found: found), at: currentSpan)
                // Skip the rest of the line: what follows is most likely part of the same mistake.
                advance()
                while !atEnd && !current.newlineBefore { advance() }
            }
        }
        return list
    }

    /// condition := andCondition (('or' | '||') andCondition)*
    mutating func parseCondition() -> ConditionSyntax? {
        guard enterNesting() else {
            leaveNesting()
            skipToEnd()
            return nil
        }
        defer { leaveNesting() }
        guard let first = parseAndCondition() else { return nil }
        var parts = [first]
        while isWord("or") || (kind == .pipePipe && !atEnd) {
            advance()
            if let next = parseAndCondition() { parts.append(next) }
        }
        guard parts.count > 1, let last = parts.last else { return first }
        return .or(parts, first.span.merged(with: last.span))
    }

    /// andCondition := unaryCondition (('and' | '&&') unaryCondition)*
    mutating func parseAndCondition() -> ConditionSyntax? {
        guard let first = parseUnaryCondition() else { return nil }
        var parts = [first]
        while isWord("and") || (kind == .ampAmp && !atEnd) {
            advance()
            if let next = parseUnaryCondition() { parts.append(next) }
        }
        guard parts.count > 1, let last = parts.last else { return first }
        return .and(parts, first.span.merged(with: last.span))
    }

    /// unaryCondition := 'not' operand | 'exists' operand | 'forall' '(' condition+ ')'
    ///                 | 'eval' '(' expr ')' | accumulate | '(' condition ')' | pattern
    /// operand := '(' condition ')' | pattern
    mutating func parseUnaryCondition() -> ConditionSyntax? {
        let start = Int(current.start)
        switch word {
        case "not", "exists":
            let isNot = word == "not"
            advance()
            guard enterNesting() else {
                leaveNesting()
                skipToEnd()
                return nil
            }
            defer { leaveNesting() }
            guard let inner = parseUnaryCondition() else { return nil }
            let span = Span(file: file.id, start: start, end: cmt.previousTokenEnd)
            return isNot ? .not(inner, span) : .exists(inner, span)
        case "forall":
            advance()
            expect(.lParen, "after 'forall'")
            let inner = parseConditionList(untilParen: true)
            expect(.rParen, "to close 'forall('")
            return .forall(inner, Span(file: file.id, start: start, end: cmt.previousTokenEnd))
        case "eval":
            advance()
            expect(.lParen, "after 'eval'")
            let expr = cmt.parseEmbeddedExpression()
            expect(.rParen, "to close 'eval('")
            return .eval(expr, Span(file: file.id, start: start, end: cmt.previousTokenEnd))
        case "accumulate":
            return parseAccumulate(separator: .semicolon).map { .accumulate($0) }
        default:
            break
        }
        if kind == .lParen, !atEnd {
            advance()
            let inner = parseCondition()
            expect(.rParen, "to close the group")
            return inner
        }
        if kind == .identifier, !atEnd { return .pattern(parsePattern()) }
        return nil
    }

    /// pattern := (NAME ':')? qualifiedName '(' constraints? ')' ('from' source)?
    mutating func parsePattern() -> PatternSyntax {
        let start = Int(current.start)
        var binding: Identifier?
        if cmt.peekKind(1) == .colon {
            binding = Identifier(text(of: current), span: currentSpan)
            advance()
            advance()
        }
        let type = parseQualifiedName("as the fact type of the pattern")
        var constraints: [ConstraintItemSyntax] = []
        if expect(.lParen, "after the fact type '\(type.text)'") {
            constraints = parseConstraintItems()
            expect(.rParen, "to close the pattern '\(type.text)('")
        }
        var source: PatternSourceSyntax?
        if isWord("from") {
            advance()
            source = parsePatternSource()
        }
        return PatternSyntax(binding: binding, type: type, constraints: constraints, source: source,
                             span: Span(file: file.id, start: start, end: cmt.previousTokenEnd))
    }

    /// qualifiedName := NAME ('.' NAME)*
    mutating func parseQualifiedName(_ context: String) -> QualifiedName {
        let start = Int(current.start)
        var parts: [Identifier] = []
        if let first = expectName(context) { parts.append(first) }
        while kind == .dot, cmt.peekKind(1) == .identifier, !atEnd {
            advance()
            if let next = expectName(context) { parts.append(next) }
        }
        return QualifiedName(parts: parts, span: Span(file: file.id, start: start, end: max(start, cmt.previousTokenEnd)))
    }

    /// source := 'collect' '(' condition ')' | 'accumulate' '(' condition ',' function ')' | expr
    mutating func parsePatternSource() -> PatternSourceSyntax? {
        let start = Int(current.start)
        if isWord("collect"), cmt.peekKind(1) == .lParen {
            advance()
            advance()
            guard let inner = parseCondition() else {
                report(RuleMessages.expectedCondition(found: found), at: currentSpan)
                return nil
            }
            expect(.rParen, "to close 'collect('")
            return .collect(inner, Span(file: file.id, start: start, end: cmt.previousTokenEnd))
        }
        if isWord("accumulate"), cmt.peekKind(1) == .lParen {
            return parseAccumulate(separator: .comma).map { .accumulate($0) }
        }
        return .expression(cmt.parseEmbeddedOperand(tighterThan: 3))
    }

    /// accumulate := 'accumulate' '(' condition (';' | ',') function (',' function)* (';' constraints)? ')'
    /// function := (NAME ':')? NAME '(' expr? ')'
    mutating func parseAccumulate(separator: TokenKind) -> AccumulateSyntax? {
        let start = Int(current.start)
        advance()  // accumulate
        expect(.lParen, "after 'accumulate'")
        guard let source = parseCondition() else {
            report(RuleMessages.expectedCondition(found: found), at: currentSpan)
            skipParenGroup()
            return nil
        }
        if kind == .semicolon || kind == .comma, !atEnd {
            advance()
        } else {
            expect(separator, "after the condition of 'accumulate'")
        }
        if isWord("init"), cmt.peekKind(1) == .lParen {
            let custom = parseCustomAccumulate()
            expect(.rParen, "to close 'accumulate('")
            var syntax = AccumulateSyntax(source: source, functions: [], constraints: [],
                                          span: Span(file: file.id, start: start, end: cmt.previousTokenEnd))
            syntax.custom = custom
            return syntax
        }
        var functions: [AccumulateFunctionSyntax] = []
        repeat {
            if let function = parseAccumulateFunction() { functions.append(function) } else { break }
        } while kind == .comma && !atEnd && { advance(); return true }()
        var constraints: [ConstraintItemSyntax] = []
        if kind == .semicolon, !atEnd {
            advance()
            constraints = parseConstraintItems()
        }
        expect(.rParen, "to close 'accumulate('")
        return AccumulateSyntax(source: source, functions: functions, constraints: constraints,
                                span: Span(file: file.id, start: start, end: cmt.previousTokenEnd))
    }

    /// custom := 'init' '(' code ')' ',' 'action' '(' code ')' (',' 'reverse' '(' code ')')? ',' 'result' '(' expr ')'
    /// Code is CMT statements; a Java declaration `double total = 0;` is read as `total = 0;`
    /// (assignment to a new name declares it).
    mutating func parseCustomAccumulate() -> CustomAccumulateSyntax {
        let start = Int(current.start)
        let initial = parseAccumulateCode("init")
        _ = kind == .comma && !atEnd && { advance(); return true }()
        let action = parseAccumulateCode("action")
        _ = kind == .comma && !atEnd && { advance(); return true }()
        var reverse: [ActionSyntax]?
        if isWord("reverse") {
            reverse = parseAccumulateCode("reverse")
            _ = kind == .comma && !atEnd && { advance(); return true }()
        }
        expectWord("result", "in a custom accumulate (init, action, reverse, result)")
        expect(.lParen, "after 'result'")
        let result = cmt.parseEmbeddedExpression()
        expect(.rParen, "to close 'result('")
        return CustomAccumulateSyntax(initial: initial, action: action, reverse: reverse, result: result,
                                      span: Span(file: file.id, start: start, end: cmt.previousTokenEnd))
    }

    /// `name ( statements )`.
    mutating func parseAccumulateCode(_ name: String) -> [ActionSyntax] {
        guard expectWord(name, "in a custom accumulate (init, action, reverse, result)") else { return [] }
        expect(.lParen, "after '\(name)'")
        var actions: [ActionSyntax] = []
        while !atEnd && kind != .rParen {
            let before = cmt.tokenIndex
            // `double total = 0;`: the Java type goes, the assignment declares the name.
            if kind == .identifier, cmt.peekKind(1) == .identifier, cmt.peekKind(2) == .assign { advance() }
            if let action = parseAction(inBlock: false) { actions.append(action) }
            if cmt.tokenIndex == before { advance() }
        }
        expect(.rParen, "to close '\(name)('")
        return actions
    }

    mutating func parseAccumulateFunction() -> AccumulateFunctionSyntax? {
        let start = Int(current.start)
        var binding: Identifier?
        if kind == .identifier, cmt.peekKind(1) == .colon {
            binding = Identifier(text(of: current), span: currentSpan)
            advance()
            advance()
        }
        guard let function = expectName("as the accumulate function (count, sum, min, max, average, collectList)") else {
            return nil
        }
        var argument: Expr?
        if expect(.lParen, "after the accumulate function '\(function.name)'") {
            if kind != .rParen { argument = cmt.parseEmbeddedExpression() }
            expect(.rParen, "to close '\(function.name)('")
        }
        return AccumulateFunctionSyntax(binding: binding, function: function, argument: argument,
                                        span: Span(file: file.id, start: start, end: cmt.previousTokenEnd))
    }

    /// Skips to just after the ')' that closes the current group.
    mutating func skipParenGroup() {
        var depth = 0
        while !atEnd {
            if kind == .lParen { depth += 1 }
            if kind == .rParen {
                if depth == 0 {
                    advance()
                    return
                }
                depth -= 1
            }
            advance()
        }
    }
}
