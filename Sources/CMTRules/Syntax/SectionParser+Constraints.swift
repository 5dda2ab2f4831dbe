import CMTCompiler
import CMTSource

extension SectionParser {
    /// constraints := item (',' item)*
    /// item := (NAME ':')? constraint
    mutating func parseConstraintItems() -> [ConstraintItemSyntax] {
        var items: [ConstraintItemSyntax] = []
        while !atEnd && kind != .rParen && kind != .semicolon {
            let before = cmt.tokenIndex
            let start = Int(current.start)
            var binding: Identifier?
            if kind == .identifier, cmt.peekKind(1) == .colon {
                binding = Identifier(text(of: current), span: currentSpan)
                advance()
                advance()
            }
            if let constraint = parseConstraint(shorthandLeft: nil) {
                items.append(ConstraintItemSyntax(binding: binding, constraint: constraint,
                                                  span: Span(file: file.id, start: start, end: cmt.previousTokenEnd)))
            }
            if cmt.tokenIndex == before {
                report(RuleMessages.expectedConstraint(found: found), at: currentSpan)
                skipConstraint()
                // A stray ']' at depth 0 stops the skip where it started: step over it, or the
                // loop would report the same error forever (a fuzzed file grew memory without bound).
                if cmt.tokenIndex == before, !atEnd { advance() }
            } else if kind != .comma && kind != .rParen && kind != .semicolon && !atEnd {
                report(RuleMessages.expectedDRLToken(",", context: "between constraints", found: found), at: currentSpan,
                       fixIts: [.insert(",", at: pointAfterPrevious)])
                skipConstraint()
            }
            if kind == .comma, !atEnd { advance() }
        }
        return items
    }

    /// Skips the rest of a constraint: up to a ',' or ')' outside parentheses.
    mutating func skipConstraint() {
        var depth = 0
        while !atEnd {
            switch kind {
            case .lParen, .lBracket: depth += 1
            case .rParen, .rBracket:
                if depth == 0 { return }
                depth -= 1
            case .comma where depth == 0: return
            default: break
            }
            advance()
        }
    }

    /// constraint := andConstraint ('||' andConstraint)*
    /// A right-hand side that starts with an operator reuses the left operand before it
    /// (`age > 30 && < 40`).
    mutating func parseConstraint(shorthandLeft: Expr?) -> ConstraintSyntax? {
        guard enterNesting() else {
            leaveNesting()
            skipConstraint()
            return nil
        }
        defer { leaveNesting() }
        guard var result = parseAndConstraint(shorthandLeft: shorthandLeft) else { return nil }
        while kind == .pipePipe, !atEnd {
            advance()
            guard let next = parseAndConstraint(shorthandLeft: leftOperand(of: result)) else { break }
            result = .or(result, next)
        }
        return result
    }

    /// andConstraint := primaryConstraint ('&&' primaryConstraint)*
    mutating func parseAndConstraint(shorthandLeft: Expr?) -> ConstraintSyntax? {
        guard var result = parsePrimaryConstraint(shorthandLeft: shorthandLeft) else { return nil }
        while kind == .ampAmp, !atEnd {
            advance()
            guard let next = parsePrimaryConstraint(shorthandLeft: leftOperand(of: result)) else { break }
            result = .and(result, next)
        }
        return result
    }

    /// The left operand a following shorthand restriction applies to.
    func leftOperand(of constraint: ConstraintSyntax) -> Expr? {
        switch constraint {
        case .compare(let left, _, _, _), .inList(let left, _, _, _): left
        case .test: nil
        case .and(_, let right), .or(_, let right): leftOperand(of: right)
        }
    }

    /// primaryConstraint := '(' constraint ')' | operand (operator operand | 'in' list)? | operator operand
    mutating func parsePrimaryConstraint(shorthandLeft: Expr?) -> ConstraintSyntax? {
        if let left = shorthandLeft, atConstraintOperator {
            return parseRestriction(left: left)
        }
        if kind == .lParen, !atEnd, parenGroupHasDRLOperator() {
            advance()
            let inner = parseConstraint(shorthandLeft: nil)
            expect(.rParen, "to close the group")
            return inner
        }
        let left = cmt.parseEmbeddedOperand(tighterThan: 8)
        if atConstraintOperator { return parseRestriction(left: left) }
        return .test(left)
    }

    /// Whether the current token is a comparison operator or a DRL word operator.
    var atConstraintOperator: Bool {
        guard !atEnd else { return false }
        switch kind {
        case .equalEqual, .bangEqual, .equalEqualEqual, .bangEqualEqual, .less, .lessEqual, .greater, .greaterEqual:
            return true
        default:
            guard let word else { return false }
            if word == "contains" || word == "memberof" || word == "in" { return true }
            if word == "not", cmt.peekKind(1) == .identifier { return true }
            return false
        }
    }

    /// restriction := compareOp operand | 'not'? ('contains' | 'memberOf') operand | 'not'? 'in' '(' operand (',' operand)* ')'
    mutating func parseRestriction(left: Expr) -> ConstraintSyntax? {
        let opStart = Int(current.start)
        var negated = false
        if isWord("not") {
            negated = true
            advance()
        }
        let op: ConstraintOperator
        switch kind {
        case .equalEqual, .equalEqualEqual: op = .equal
        case .bangEqual, .bangEqualEqual: op = .notEqual
        case .less: op = .less
        case .lessEqual: op = .lessEqual
        case .greater: op = .greater
        case .greaterEqual: op = .greaterEqual
        default:
            switch word {
            case "contains": op = negated ? .notContains : .contains
            case "memberof": op = negated ? .notMemberOf : .memberOf
            case "in":
                advance()
                return parseInList(left: left, negated: negated, opSpan: Span(file: file.id, start: opStart, end: cmt.previousTokenEnd))
            default:
                report(RuleMessages.expectedConstraintOperator(found: found), at: currentSpan)
                return .test(left)
            }
        }
        if negated && !(op == .notContains || op == .notMemberOf) {
            report(RuleMessages.expectedConstraintOperator(found: found), at: currentSpan)
        }
        advance()
        let opSpan = Span(file: file.id, start: opStart, end: cmt.previousTokenEnd)
        let right = cmt.parseEmbeddedOperand(tighterThan: 8)
        return .compare(left, op, right, operatorSpan: opSpan)
    }

    mutating func parseInList(left: Expr, negated: Bool, opSpan: Span) -> ConstraintSyntax {
        var values: [Expr] = []
        if expect(.lParen, "after 'in'") {
            while !atEnd && kind != .rParen {
                let before = cmt.tokenIndex
                values.append(cmt.parseEmbeddedOperand(tighterThan: 3))
                if kind == .comma { advance() } else if cmt.tokenIndex == before { break } else if kind != .rParen { break }
            }
            expect(.rParen, "to close the 'in' list")
        }
        return .inList(left, values, negated: negated, operatorSpan: opSpan)
    }

    /// Whether the parenthesized group starting here holds a DRL word operator (so it is a group of
    /// constraints rather than a CMT expression in parentheses).
    func parenGroupHasDRLOperator() -> Bool {
        var depth = 0
        var ahead = 0
        while true {
            let kind = cmt.peekKind(ahead)
            if kind == .eof { return false }
            if kind == .lParen { depth += 1 }
            if kind == .rParen {
                depth -= 1
                if depth == 0 { return false }
            }
            if kind == .identifier, let token = cmt.peekToken(ahead) {
                let name = text(of: token).lowercased()
                if name == "contains" || name == "memberof" || name == "in" { return true }
            }
            // An operator right after '(' or '&&' / '||' is a shorthand restriction.
            if ahead > 0, [.ampAmp, .pipePipe].contains(cmt.peekKind(ahead - 1)),
               [.less, .lessEqual, .greater, .greaterEqual, .equalEqual, .bangEqual].contains(kind) {
                return true
            }
            ahead += 1
        }
    }
}
