import CMTSource

/// The catalog of every message the DRL front end produces, sorted by section and then
/// alphabetically. Codes are stable: E07xx below E0750 are syntax errors, E075x and up are name and
/// type errors, W07xx are warnings. Errors inside embedded CMT code keep their CMTCompiler codes.
public enum RuleMessages {
    static let domain = "CMTRules"

    static func error(_ name: String, _ code: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: MessageID(domain: domain, name: name, code: code), severity: .error, text: text)
    }

    static func warning(_ name: String, _ code: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: MessageID(domain: domain, name: name, code: code), severity: .warning, text: text)
    }

    // MARK: - Syntax errors

    static func expectedCondition(found: String) -> DiagnosticMessage {
        error("expectedCondition", "E0704", "expected a pattern or a conditional element (not, exists, forall, eval, accumulate), found \(found)")
    }
    static func expectedKeyword(_ keyword: String, context: String, found: String) -> DiagnosticMessage {
        error("expectedKeyword", "E0701", "expected '\(keyword)' \(context), found \(found)")
    }
    static func expectedName(context: String, found: String) -> DiagnosticMessage {
        error("expectedName", "E0702", "expected a name \(context), found \(found)")
    }
    static func expectedRuleName(found: String) -> DiagnosticMessage {
        error("expectedRuleName", "E0703", "expected the rule name as a string or a name, found \(found)")
    }
    static func expectedConstraint(found: String) -> DiagnosticMessage {
        error("expectedConstraint", "E0710", "expected a constraint such as 'field == value', found \(found)")
    }
    static func expectedConstraintOperator(found: String) -> DiagnosticMessage {
        error("expectedConstraintOperator", "E0711", "expected an operator (==, !=, <, <=, >, >=, contains, memberOf, in), found \(found)")
    }
    static func expectedDRLToken(_ token: String, context: String, found: String) -> DiagnosticMessage {
        error("expectedDRLToken", "E0705", "expected '\(token)' \(context), found \(found)")
    }
    static func expectedItem(found: String) -> DiagnosticMessage {
        error("expectedItem", "E0700", "expected 'package', 'import', 'declare', 'global', 'function', 'query' or 'rule', found \(found)")
    }
    static func misplacedPackage() -> DiagnosticMessage {
        error("misplacedPackage", "E0709", "'package' must come first in the file, before imports and rules")
    }
    static func missingEnd(_ what: String) -> DiagnosticMessage {
        error("missingEnd", "E0706", "\(what) has no 'end'")
    }
    static func missingAttributeValue(_ name: String) -> DiagnosticMessage {
        error("missingAttributeValue", "E0712", "attribute '\(name)' needs a value")
    }
    static func nestingTooDeep(_ limit: Int) -> DiagnosticMessage {
        error("nestingTooDeep", "E0707", "conditions are nested too deeply (the limit is \(limit) levels)")
    }
    static func unknownAttribute(_ name: String) -> DiagnosticMessage {
        error("unknownAttribute", "E0708", "unknown rule attribute '\(name)'")
    }

    // MARK: - Name and type errors

    static func accumulateNeedsArgument(_ name: String) -> DiagnosticMessage {
        error("accumulateNeedsArgument", "E0761", "accumulate function '\(name)' needs an argument")
    }
    static func attributeNeedsBoolean(_ name: String, found: String) -> DiagnosticMessage {
        error("attributeNeedsBoolean", "E0765", "attribute '\(name)' takes true or false, found '\(found)'")
    }
    static func attributeNeedsDate(_ name: String, found: String) -> DiagnosticMessage {
        error("attributeNeedsDate", "E0767", "attribute '\(name)' takes a date such as \"2025-01-31\" or a block time in seconds, found '\(found)'")
    }
    static func attributeNeedsString(_ name: String, found: String) -> DiagnosticMessage {
        error("attributeNeedsString", "E0766", "attribute '\(name)' takes a string, found '\(found)'")
    }
    static func badFromSource(_ type: String, found: String) -> DiagnosticMessage {
        error("badFromSource", "E0759", "'from' must give '\(type)' or '\(type)[]', found '\(found)'")
    }
    static func bindingNeedsField(_ name: String) -> DiagnosticMessage {
        error("bindingNeedsField", "E0755", "binding '\(name)' must name a field of the fact, as in '\(name) : price'")
    }
    static func collectNeedsBinding(_ name: String) -> DiagnosticMessage {
        error("collectNeedsBinding", "E0763", "the argument of '\(name)' must be a binding, as in '\(name)($item)'")
    }
    static let customAccumulateNeedsPattern = error(
        "customAccumulateNeedsPattern", "E0713",
        "a custom accumulate (init, action, reverse, result) gives one result: write it as '$r : Number(…) from accumulate(source, init(…), action(…), result(…))'")
    static func duplicateBinding(_ name: String) -> DiagnosticMessage {
        error("duplicateBinding", "E0754", "'\(name)' is already bound in this rule")
    }
    static func duplicateRule(_ name: String) -> DiagnosticMessage {
        error("duplicateRule", "E0764", "a rule named \"\(name)\" already exists")
    }
    static let expiresBeforeEffective = error("expiresBeforeEffective", "E0768", "'date-expires' is not after 'date-effective': the rule can never fire")
    static func notBoolean(_ what: String, found: String) -> DiagnosticMessage {
        error("notBoolean", "E0757", "\(what) must be a boolean, found '\(found)'")
    }
    static func notNumber(_ what: String, found: String) -> DiagnosticMessage {
        error("notNumber", "E0758", "\(what) must be a number, found '\(found)'")
    }
    static func unknownAccumulateFunction(_ name: String) -> DiagnosticMessage {
        error("unknownAccumulateFunction", "E0760", "unknown accumulate function '\(name)' (count, sum, min, max, average, collectList, collectSet)")
    }
    static func unknownBinding(_ name: String) -> DiagnosticMessage {
        error("unknownBinding", "E0753", "cannot find binding '\(name)' in this rule")
    }
    static func unknownFactType(_ name: String) -> DiagnosticMessage {
        error("unknownFactType", "E0750", "unknown fact type '\(name)'; declare it with 'declare' or as a class in a .cmt file")
    }
    /// A combination the rules engine cannot run yet, found when the rules are lowered to its network.
    public static func unsupportedConstruct(_ text: String) -> DiagnosticMessage {
        error("unsupportedConstruct", "E0769", text)
    }
    static func unsupportedAnnotation(_ name: String, why: String) -> DiagnosticMessage {
        error("unsupportedAnnotation", "E0772", "annotation '@\(name)' is not supported: \(why)")
    }
    static func unknownGlobalType(_ written: String, global: String) -> DiagnosticMessage {
        let hint = TypeNames.listNames.contains(written.filter { !$0.isWhitespace })
            ? " (a list needs its element type: List<Type> or Type[])" : "; declare it, or use a CMT type"
        return error("unknownGlobalType", "E0770", "unknown type '\(written)' for global '\(global)'\(hint)")
    }
    static func unknownContextMember(_ name: String) -> DiagnosticMessage {
        error("unknownContextMember", "E0771",
              "the rule context has no '\(name)' on a chain: use drools.halt(), drools.setFocus(group), drools.getRule().getName() or drools.ruleName")
    }
    static func unknownField(_ name: String, type: String) -> DiagnosticMessage {
        error("unknownField", "E0752", "fact type '\(type)' has no field '\(name)'")
    }

    // MARK: - Warnings

    static func duplicateAttribute(_ name: String) -> DiagnosticMessage {
        warning("duplicateAttribute", "W0701", "attribute '\(name)' is given twice; the last one counts")
    }

    static func inertAnnotation(_ name: String) -> DiagnosticMessage {
        warning("inertAnnotation", "W0702", "annotation '@\(name)' has no meaning on a chain and is ignored")
    }

    static func unknownDialect(_ name: String) -> DiagnosticMessage {
        warning("unknownDialect", "W0700", "dialect '\(name)' is not known; rules are written in CMT (\"mvel\" and \"java\" are accepted and ignored)")
    }
}
