extension CompiledProcess {
    /// What one of the other expressions of a definition computes.
    public enum ExpressionKind: Sendable {
        /// An assignment's actor.
        case actor
        /// A late-bound sub-process name.
        case processName
    }

    /// The expressions of a definition besides decisions and conditions, with the keys
    /// ``expressions`` holds them under: `swimlane:NAME`, `task:NODE#INDEX` (an
    /// assignment's `#{…}` actor) and `subprocess:NODE` (a late-bound `#{…}` name).
    public static func expressionKeys(of definition: ProcessDefinition) -> [(key: String, source: ExpressionSource, kind: ExpressionKind)] {
        var result: [(key: String, source: ExpressionSource, kind: ExpressionKind)] = []
        for swimlane in definition.swimlanes {
            if case .expression(let source)? = swimlane.assignment?.actor { result.append((CompiledProcess.swimlaneKey(swimlane.name), source, .actor)) }
        }
        for node in definition.nodes {
            for (index, task) in node.tasks.enumerated() {
                if case .expression(let source)? = task.assignment?.actor { result.append((CompiledProcess.taskKey(node.fullName, index), source, .actor)) }
            }
            if let source = node.subProcess?.nameExpression { result.append((CompiledProcess.subProcessKey(node.fullName), source, .processName)) }
        }
        return result
    }
}
