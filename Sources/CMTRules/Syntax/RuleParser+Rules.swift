import CMTCompiler
import CMTSource

extension RuleParser {
    /// Attributes that take no value (or an optional boolean).
    static let flagAttributes: Set<String> = ["no-loop", "lock-on-active", "auto-focus", "enabled"]
    /// Attributes that take a value.
    static let valueAttributes: Set<String> = [
        "salience", "agenda-group", "activation-group", "ruleflow-group", "dialect", "date-effective", "date-expires",
    ]

    /// rule := 'rule' (STRING | NAME) attribute* ('when' ':'? conditions)? 'then' actions 'end'
    mutating func parseRule() -> RuleDeclSyntax {
        let start = Int(current.start)
        let keyword = currentSpan
        advance()
        let (name, nameSpan) = parseItemName()
        var attributes: [AttributeSyntax] = []
        while kind != .eof, word != "when", word != "then", !isEnd(at: index), !startsItem(at: index) {
            let before = index
            if let attribute = parseAttribute() { attributes.append(attribute) }
            if index == before { advance() }
        }
        var conditions: [ConditionSyntax] = []
        if word == "when" {
            advance()
            if kind == .colon { advance() }
            let boundary = find(["then", "end"])
            conditions = section(to: boundary) { $0.parseConditionList(untilParen: false) }
        }
        var actions: [ActionSyntax] = []
        var consequenceSpan = pointAfterPrevious
        if word == "then" {
            advance()
            let boundary = find(["end"])
            let consequenceStart = Int(current.start)
            actions = section(to: boundary) { $0.parseActions(inBlock: false, inWhen: false) }
            consequenceSpan = Span(file: file.id, start: consequenceStart, end: max(consequenceStart, previousEnd))
        } else {
            report(RuleMessages.expectedKeyword("then", context: "before the consequence of rule \"\(name)\"", found: found),
                   at: current.newlineBefore || kind == .eof ? pointAfterPrevious : currentSpan)
        }
        finishItem("rule \"\(name)\"", keyword: keyword)
        return RuleDeclSyntax(name: name, nameSpan: nameSpan, attributes: attributes, conditions: conditions,
                              actions: actions, consequenceSpan: consequenceSpan, span: span(from: start))
    }

    /// attribute := attributeName value?
    /// attributeName := NAME ('-' NAME)*   (written without spaces: `no-loop`)
    mutating func parseAttribute() -> AttributeSyntax? {
        let start = Int(current.start)
        guard kind == .identifier || kind.isKeyword else {
            report(RuleMessages.expectedKeyword("when", context: "after the rule's attributes", found: found), at: currentSpan)
            return nil
        }
        var name = text(of: current).lowercased()
        var end = Int(current.end)
        advance()
        while kind == .minus, Int(current.start) == end, peekKind(1) == .identifier || peekKind(1).isKeyword,
              Int(tokens[index + 1].start) == Int(current.end) {
            advance()
            name += "-" + text(of: current).lowercased()
            end = Int(current.end)
            advance()
        }
        let nameSpan = Span(file: file.id, start: start, end: end)
        let isFlag = RuleParser.flagAttributes.contains(name)
        guard isFlag || RuleParser.valueAttributes.contains(name) else {
            report(RuleMessages.unknownAttribute(name), at: nameSpan)
            if !current.newlineBefore, kind == .string || kind == .number { advance() }
            return nil
        }
        var value: Expr?
        let hasValue = !current.newlineBefore && kind != .eof && word != "when" && word != "then"
            && (!isFlag || kind != .identifier || name == "enabled")
        if hasValue {
            let boundary = valueBoundary()
            value = section(to: boundary) { $0.cmt.parseEmbeddedOperand(tighterThan: 0) }
        } else if !isFlag {
            report(RuleMessages.missingAttributeValue(name), at: pointAfterPrevious)
        }
        if name == "dialect", let value, case .string(let dialect) = value.kind,
           !["mvel", "java"].contains(dialect.lowercased()) {
            diagnostics.add(RuleMessages.unknownDialect(dialect), at: value.span)
        }
        return AttributeSyntax(name: name, nameSpan: nameSpan, value: value, span: span(from: start))
    }

    /// The end of an attribute value: the next line, or `when` / `then`.
    func valueBoundary() -> Int {
        var position = index + 1
        while position < tokens.count - 1, !tokens[position].newlineBefore,
              word(at: position) != "when", word(at: position) != "then" {
            position += 1
        }
        return position
    }
}
