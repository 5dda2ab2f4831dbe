import CMTSource

/// The catalog of every message the process front end (`.bpm` files) can produce, sorted
/// alphabetically. Codes are stable (E06xx): never reuse or renumber one. docs/processes.md lists
/// them with an example each.
public enum WorkflowMessages {
    static func error(_ name: String, _ code: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: MessageID(domain: "CMTWorkflow", name: name, code: code), severity: .error, text: text)
    }

    // MARK: - Errors

    static func conditionOutsideDecision(_ node: String) -> DiagnosticMessage {
        error("conditionOutsideDecision", "E0607", "a transition condition is only allowed on a leaving transition of a decision, not of '\(node)'")
    }
    static func decisionWithoutTransitions(_ node: String) -> DiagnosticMessage {
        error("decisionWithoutTransitions", "E0618", "decision '\(node)' has no leaving transitions")
    }
    static func duplicateName(_ what: String, _ name: String) -> DiagnosticMessage {
        error("duplicateName", "E0604", "duplicate \(what) name '\(name)'")
    }
    static func expressionError(_ text: String) -> DiagnosticMessage {
        error("expressionError", "E0611", "in expression: \(text)")
    }
    static func impureExpression(_ operation: String) -> DiagnosticMessage {
        error("impureExpression", "E0615", "an expression may not call '\(operation)': expressions must not change state")
    }
    static func improperlyNested(_ join: String) -> DiagnosticMessage {
        error("improperlyNested", "E0609", "join '\(join)' is reached from branches of different forks: forks and joins are improperly nested")
    }
    static func invalidAttributeValue(_ attribute: String, _ value: String, expected: String) -> DiagnosticMessage {
        error("invalidAttributeValue", "E0616", "invalid value '\(value)' for attribute '\(attribute)': expected \(expected)")
    }
    static func invalidDuration(_ value: String) -> DiagnosticMessage {
        error("invalidDuration", "E0610",
              "invalid duration '\(value)': expected a whole number and a unit (seconds, minutes, hours, days, weeks), e.g. '2 days'")
    }
    static func joinWithoutFork(_ join: String) -> DiagnosticMessage {
        error("joinWithoutFork", "E0608", "join '\(join)' is reached by a token that no fork created: there is no matching fork")
    }
    static func malformedXML(_ detail: String) -> DiagnosticMessage { error("malformedXML", "E0600", "malformed XML: \(detail)") }
    static func missingAttribute(_ element: String, _ attribute: String) -> DiagnosticMessage {
        error("missingAttribute", "E0603", "'\(element)' needs the attribute '\(attribute)'")
    }
    static func missingStartState() -> DiagnosticMessage {
        error("missingStartState", "E0612", "the process definition has no start-state and no 'initial' attribute")
    }
    static func missingSubProcess(_ name: String) -> DiagnosticMessage {
        error("missingSubProcess", "E0619",
              "process-state '\(name)' has no sub-process: its '<sub-process name=\"…\"/>' must name a process definition deployed with it "
                + "(by its process-definition name or file name), or one must be bound to it by its name")
    }
    static func multipleStartStates() -> DiagnosticMessage {
        error("multipleStartStates", "E0613", "a process definition has at most one start-state (and no 'initial' attribute beside it)")
    }
    static func nestedTooDeeply(_ limit: Int) -> DiagnosticMessage {
        error("nestedTooDeeply", "E0627", "elements are nested more than \(limit) levels deep")
    }
    static func notAProcessDefinition(_ root: String) -> DiagnosticMessage {
        error("notAProcessDefinition", "E0617", "expected the root element 'process-definition', found '\(root)'")
    }
    static func transitionToMissingNode(_ target: String) -> DiagnosticMessage {
        error("transitionToMissingNode", "E0605", "transition to '\(target)', but there is no node with that name")
    }
    static func unknownAttribute(_ element: String, _ attribute: String) -> DiagnosticMessage {
        error("unknownAttribute", "E0602", "unknown attribute '\(attribute)' on '\(element)'")
    }
    static func unknownElement(_ element: String, inside parent: String) -> DiagnosticMessage {
        error("unknownElement", "E0601", "unknown element '\(element)' inside '\(parent)'")
    }
    static func unknownTimerTransition(_ name: String, _ node: String) -> DiagnosticMessage {
        error("unknownTimerTransition", "E0620", "timer transition '\(name)' is not a leaving transition of '\(node)'")
    }
    static func unknownVariableType(_ type: String) -> DiagnosticMessage {
        error("unknownVariableType", "E0614", "unknown variable type '\(type)': expected number, string, boolean, address or bytes (optionally with '?')")
    }
    static func unknownActionFunction(_ name: String, known: [String]) -> DiagnosticMessage {
        error("unknownActionFunction", "E0621",
              "the contract has no public function '\(name)' to call" + (known.isEmpty ? "" : "; it has " + known.map { "'\($0)'" }.joined(separator: ", ")))
    }
    static func actionFunctionSignature(_ name: String, handler: Bool) -> DiagnosticMessage {
        error("actionFunctionSignature", "E0622",
              handler ? "decision handler '\(name)' must be a public function '\(name)(processId: number): string'"
                      : "action '\(name)' must be a public function '\(name)(processId: number)'")
    }
    static func unknownSwimlane(_ swimlane: String, task: String) -> DiagnosticMessage {
        error("unknownSwimlane", "E0623", "task '\(task)' names the swimlane '\(swimlane)', but the process declares no such swimlane")
    }
    static func conflictingAssignment(_ text: String) -> DiagnosticMessage {
        error("conflictingAssignment", "E0624", text)
    }
    static func startStateTasks() -> DiagnosticMessage {
        error("startStateTasks", "E0625", "a start-state has at most one task (the start task)")
    }
    static func subProcessCycle(_ names: [String]) -> DiagnosticMessage {
        error("subProcessCycle", "E0626",
              "process definitions start each other as sub-processes in a cycle (\(names.joined(separator: " → "))): bind one of them with binding=\"late\"")
    }
    static func unreachableNode(_ name: String) -> DiagnosticMessage {
        error("unreachableNode", "E0606", "node '\(name)' can never be reached from the start")
    }
}
