import CMTCompiler
import CMTSource

extension RuleChecker {
    /// Checks attribute values and applies them over the defaults. `salience` may be an expression
    /// of the rule's bindings; dates are block times (a number of seconds, or a date string).
    func checkAttributes(_ list: [AttributeSyntax], scope: Scope) -> RuleAttributes {
        var attributes = RuleAttributes()
        var seen: [String: Span] = [:]
        for attribute in list {
            if let first = seen[attribute.name] {
                diagnostics.add(RuleMessages.duplicateAttribute(attribute.name), at: attribute.nameSpan,
                                notes: [Note("first given here", at: first)])
            }
            seen[attribute.name] = attribute.nameSpan
            let value = attribute.value
            switch attribute.name {
            case "salience":
                guard let value else { continue }
                if let literal = numberLiteral(value) {
                    attributes.salience = .literal(literal)
                } else {
                    attributes.salience = .expression(emitValueFunction(prefix: "salience", expr: value, fact: nil, scope: scope,
                                                                         expect: .number(what: "'salience'")))
                }
            case "no-loop": attributes.noLoop = flag(attribute)
            case "lock-on-active": attributes.lockOnActive = flag(attribute)
            case "auto-focus": attributes.autoFocus = flag(attribute)
            case "enabled": attributes.enabled = flag(attribute)
            case "agenda-group": attributes.agendaGroup = string(attribute)
            case "activation-group": attributes.activationGroup = string(attribute)
            case "ruleflow-group": attributes.ruleflowGroup = string(attribute)
            case "dialect": _ = string(attribute)
            case "date-effective": attributes.dateEffective = date(attribute)
            case "date-expires": attributes.dateExpires = date(attribute)
            default: break
            }
        }
        if let from = attributes.dateEffective, let to = attributes.dateExpires, to <= from,
           let span = list.last(where: { $0.name == "date-expires" })?.value?.span {
            diagnostics.add(RuleMessages.expiresBeforeEffective, at: span)
        }
        return attributes
    }

    func numberLiteral(_ expr: Expr) -> String? {
        switch expr.kind {
        case .number(let text): return text
        case .unary(.negate, let inner):
            if case .number(let text) = inner.kind { return "-" + text }
            return nil
        case .paren(let inner): return numberLiteral(inner)
        default: return nil
        }
    }

    func flag(_ attribute: AttributeSyntax) -> Bool {
        guard let value = attribute.value else { return true }
        if case .boolean(let flag) = value.kind { return flag }
        report(RuleMessages.attributeNeedsBoolean(attribute.name, found: currentFile.text(of: value.span)), at: value.span,
               fixIts: [.replace(value.span, with: "true")])
        return true
    }

    func string(_ attribute: AttributeSyntax) -> String? {
        guard let value = attribute.value else { return nil }
        if case .string(let text) = value.kind { return text }
        report(RuleMessages.attributeNeedsString(attribute.name, found: currentFile.text(of: value.span)), at: value.span,
               fixIts: [.replace(value.span, with: "\"\(currentFile.text(of: value.span))\"", message: "write it as a string")])
        return nil
    }

    func date(_ attribute: AttributeSyntax) -> Int64? {
        guard let value = attribute.value else { return nil }
        switch value.kind {
        case .number(let text):
            if let seconds = Int64(text), seconds >= 0 { return seconds }
        case .string(let text):
            if let seconds = BlockTime.parse(text) { return seconds }
        default:
            break
        }
        report(RuleMessages.attributeNeedsDate(attribute.name, found: currentFile.text(of: value.span)), at: value.span)
        return nil
    }
}

/// Dates in `date-effective` / `date-expires`, as block times (seconds since 1970-01-01 UTC).
enum BlockTime {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Reads `2025-01-31`, `2025-01-31T12:00:00` (UTC) or Drools' `31-Jan-2025`.
    static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: "T", maxSplits: 1).map(String.init)
        guard let datePart = parts.first else { return nil }
        let fields = datePart.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3 else { return nil }
        var year: Int64
        var month: Int64
        var day: Int64
        if let y = Int64(fields[0]), let m = Int64(fields[1]), let d = Int64(fields[2]), fields[0].count == 4 {
            (year, month, day) = (y, m, d)
        } else if let d = Int64(fields[0]), let index = months.firstIndex(of: fields[1].lowercased()), let y = Int64(fields[2]) {
            (year, month, day) = (y, Int64(index + 1), d)
        } else {
            return nil
        }
        guard (1...12).contains(month), (1...31).contains(day), (1970...9999).contains(year) else { return nil }
        var seconds: Int64 = 0
        if parts.count == 2 {
            let time = parts[1].hasSuffix("Z") ? String(parts[1].dropLast()) : parts[1]
            let hms = time.split(separator: ":").map { Int64($0) }
            guard (2...3).contains(hms.count), let h = hms[0], let m = hms[1], (0..<24).contains(h), (0..<60).contains(m) else { return nil }
            let s = hms.count == 3 ? hms[2] : 0
            guard let s, (0..<60).contains(s) else { return nil }
            seconds = h * 3600 + m * 60 + s
        }
        return daysFromCivil(year, month, day) * 86_400 + seconds
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
