import CMTBytecode
import CMTRuleEngine
import CMTRules
import CMTVM

/// How the REPL writes values, facts, firings and rules: the way they are typed (`"text"`, `[1, 2]`,
/// `Type {field: value}`), so that output can be pasted back as input.
struct ReplFormat {
    /// The loaded module's classes, to name objects and their fields.
    let classes: [ClassInfo]

    func value(_ value: ContractValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .array(let elements): return "[" + elements.map(self.value).joined(separator: ", ") + "]"
        case .map(let entries): return "{" + entries.map { "\(self.value($0.key)): \(self.value($0.value))" }.joined(separator: ", ") + "}"
        case .object(let index, let fields): return object(index, fields)
        default: return value.description
        }
    }

    /// `Type {field: value, …}`.
    func object(_ classIndex: UInt16, _ fields: [ContractValue]) -> String {
        guard Int(classIndex) < classes.count else { return "object#\(classIndex)(" + fields.map(value).joined(separator: ", ") + ")" }
        let info = classes[Int(classIndex)]
        let pairs = zip(info.fields, fields).map { "\($0): \(value($1))" }
        return info.name + " {" + pairs.joined(separator: ", ") + "}"
    }

    /// `f-1 Message {status: 1, …}`.
    func fact(_ handle: FactHandle, _ object: ContractValue) -> String {
        "\(handle) \(value(object))"
    }

    /// `(f-1, f-3)`: the facts a rule matched (positions of `not` and `exists` match none).
    func facts(_ handles: [FactHandle?]) -> String {
        "(" + handles.compactMap { $0?.description }.joined(separator: ", ") + ")"
    }

    /// `Pricing (salience 0)`, with the agenda and activation groups and flags that differ from the defaults.
    func rule(_ rule: RuleDefinition) -> String {
        var parts = [rule.salienceExpression == nil ? "salience \(rule.salience)" : "salience computed per activation"]
        if rule.agendaGroup != "MAIN" { parts.append("agenda-group \(quoted(rule.agendaGroup))") }
        if let group = rule.activationGroup { parts.append("activation-group \(quoted(group))") }
        if rule.noLoop { parts.append("no-loop") }
        if rule.lockOnActive { parts.append("lock-on-active") }
        if !rule.enabled { parts.append("disabled") }
        return "\(rule.name) (\(parts.joined(separator: ", ")))"
    }

    func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.append(character)
            }
        }
        return result + "\""
    }

    static func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
}
