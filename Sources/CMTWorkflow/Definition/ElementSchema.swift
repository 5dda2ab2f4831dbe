import CMTProcessEngine

/// The XML dialect the reader accepts: for each element, its attributes and child elements.
/// docs/processes.md prints this table; keep them in sync.
enum ElementSchema {
    static let nodeElements: Set<String> = Set(NodeKind.allCases.map(\.rawValue))

    /// Attributes each element may carry (`xmlns…` is always allowed and ignored).
    static let attributes: [String: Set<String>] = [
        "process-definition": ["name", "initial"],
        "start-state": ["name"],
        "end-state": ["name", "end-complete-process"],
        "state": ["name"],
        "task-node": ["name", "signal", "create-tasks", "end-tasks"],
        "node": ["name"],
        "decision": ["name", "expression"],
        "fork": ["name"],
        "join": ["name"],
        "process-state": ["name"],
        "super-state": ["name"],
        "transition": ["name", "to"],
        "condition": ["expression"],
        "event": ["type"],
        "action": ["name", "class", "function"],
        "handler": ["class", "function", "rules"],
        "timer": ["name", "duedate", "transition", "repeat"],
        "task": ["name", "swimlane", "description", "blocking", "signalling", "priority", "duedate"],
        "variable": ["name", "type", "access", "mapped-name"],
        "sub-process": ["name", "version", "binding"],
        "swimlane": ["name"],
        "assignment": ["expression", "actor-id"],
        "description": [],
    ]

    /// Child elements each element may hold.
    static let children: [String: Set<String>] = [
        "process-definition": nodeElements.union(["description", "swimlane", "variable", "event"]),
        "start-state": ["description", "task", "transition", "event"],
        "end-state": ["description", "event"],
        "state": ["description", "event", "timer", "transition"],
        "task-node": ["description", "task", "event", "timer", "transition"],
        "node": ["description", "action", "event", "timer", "transition"],
        "decision": ["description", "handler", "event", "transition"],
        "fork": ["description", "event", "transition"],
        "join": ["description", "event", "transition"],
        "process-state": ["description", "sub-process", "variable", "event", "timer", "transition"],
        "super-state": nodeElements.union(["description", "event", "timer", "transition"]),
        "transition": ["description", "condition", "action"],
        "condition": [],
        "event": ["action"],
        "action": [],
        "handler": [],
        "timer": ["action"],
        "task": ["description", "event", "assignment", "timer"],
        "variable": [],
        "sub-process": [],
        "swimlane": ["description", "assignment"],
        "assignment": [],
        "description": [],
    ]

    /// Event types an `<event type=…>` may name.
    static let eventTypes: Set<String> = [
        "process-start", "process-end", "node-enter", "node-leave", "transition", "before-signal", "after-signal",
        "task-create", "task-assign", "task-start", "task-end", "timer", "superstate-enter", "superstate-leave",
        "subprocess-created", "subprocess-end",
    ]

    /// Variable types a `<variable type=…>` may name (each optionally followed by `?`).
    static let variableTypes: Set<String> = ["number", "string", "boolean", "address", "bytes"]
}

/// Parses a jPDL duration in block time: `N second(s)|minute(s)|hour(s)|day(s)|week(s)`.
enum Duration {
    static func seconds(_ text: String) -> Int64? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, let amount = Int64(parts[0]), amount >= 0 else { return nil }
        var unit = String(parts[1]).lowercased()
        if unit.hasSuffix("s") { unit.removeLast() }
        let scale: Int64
        switch unit {
        case "second": scale = 1
        case "minute": scale = 60
        case "hour": scale = 3_600
        case "day": scale = 86_400
        case "week": scale = 604_800
        default: return nil
        }
        let (value, overflow) = amount.multipliedReportingOverflow(by: scale)
        return overflow ? nil : value
    }
}
