import CMTBytecode
import CMTCompiler
import CMTProcessEngine
import CMTSource
import CMTWorkflow

/// Checks decisions that consult rules (`<handler rules="route.drl"/>`): the rule file is one of
/// the project's, and the program has a `Decision` class (a `declare` in a rule file or a CMT
/// class) with `node: string`, `variables: Map<string, T>` (T a process variable type) and
/// `transition: string` (or `string?`), other fields optional. ``layout(checked:module:)`` gives
/// the engine where those fields sit.
enum DecisionRulesCheck {
    static func check(processes: [String: CompiledProcess], checked: CheckedModule, module: Module, ruleFiles: Set<String>) -> [Diagnostic] {
        var handlers: [ActionDefinition] = []
        for name in processes.keys.sorted() {
            guard let process = processes[name] else { continue }
            handlers += process.definition.nodes.compactMap { $0.handler?.rules == nil ? nil : $0.handler }
        }
        guard let first = handlers.first else { return [] }
        var diagnostics: [Diagnostic] = []
        for handler in handlers {
            if let rules = handler.rules, !ruleFiles.contains(rules) {
                diagnostics.append(Diagnostic(decisionRules("the decision handler names the rule file '\(rules)', but the project has no such rule file"
                    + (ruleFiles.isEmpty ? "" : " (it has " + ruleFiles.sorted().map { "'\($0)'" }.joined(separator: ", ") + ")")), at: handler.span))
            }
        }
        if case .failure(let failure) = shape(checked: checked, module: module) {
            diagnostics.append(Diagnostic(decisionRules(failure.reason), at: first.span))
        }
        return diagnostics
    }

    static func decisionRules(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: MessageID(domain: "build", name: "decisionRules", code: "E0824"), severity: .error, text: text)
    }

    /// Where the `Decision` class keeps its fields, when it has the required shape.
    static func layout(checked: CheckedModule, module: Module) -> DecisionFactLayout? {
        if case .success(let layout) = shape(checked: checked, module: module) { return layout }
        return nil
    }

    static let valueTypes: Set<String> = ["number", "string", "boolean", "address", "bytes"]

    static func shape(checked: CheckedModule, module: Module) -> Result<DecisionFactLayout, Failure> {
        let required = "a 'Decision' class (or DRL declare) with 'node: string', 'variables: Map<string, T>' and 'transition: string'"
        guard let info = checked.classes.first(where: { $0.name == "Decision" && $0.kind != .contract }),
            let classIndex = module.classes.firstIndex(where: { $0.name == "Decision" })
        else { return .failure(Failure("a decision that consults rules needs " + required)) }
        let slots = module.classes[classIndex].fields
        let types = checked.types
        var node: Int?
        var variables: Int?
        var transition: Int?
        var valueType = ""
        for field in info.instanceFields {
            guard let slot = slots.firstIndex(of: field.name) else { continue }
            let kind = types[field.type]
            switch field.name {
            case "node":
                guard kind == .string else { return .failure(Failure("Decision.node must be a string")) }
                node = slot
            case "transition":
                let optionalString: Bool
                if case .optional(let inner) = kind { optionalString = types[inner] == .string } else { optionalString = false }
                guard kind == .string || optionalString else { return .failure(Failure("Decision.transition must be a string")) }
                transition = slot
            case "variables":
                // A DRL declare makes a map field without initializer optional.
                var mapKind = kind
                if case .optional(let inner) = kind { mapKind = types[inner] }
                guard case .map(let key, let value) = mapKind, types[key] == .string else {
                    return .failure(Failure("Decision.variables must be a Map<string, T>"))
                }
                var text = types.describe(value)
                let optional = text.hasSuffix("?")
                if optional { text.removeLast() }
                guard valueTypes.contains(text) else {
                    return .failure(Failure("Decision.variables must map to number, string, boolean, address or bytes, not \(types.describe(value))"))
                }
                valueType = text + (optional ? "?" : "")
                variables = slot
            default:
                guard case .optional = kind else {
                    return .failure(Failure("Decision.\(field.name) must be optional: the engine fills only node, variables and transition"))
                }
            }
        }
        guard let node, let variables, let transition else { return .failure(Failure("a decision that consults rules needs " + required)) }
        return .success(DecisionFactLayout(classIndex: classIndex, fieldCount: slots.count, node: node, variables: variables,
                                           transition: transition, valueType: valueType, transitionOptional: false))
    }

    struct Failure: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
