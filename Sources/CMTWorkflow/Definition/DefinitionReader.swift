import CMTProcessEngine
import CMTSource
import Foundation

/// Turns an ``XMLElement`` tree into a ``ProcessDefinition``, reporting unknown elements and
/// attributes, missing attributes, bad values and duplicate names; transitions are resolved and the
/// graph checked by ``GraphChecker`` afterwards.
struct DefinitionReader {
    struct PendingTransition {
        var element: XMLElement
        var from: Int
    }

    let file: SourceFile
    var diagnostics = DiagnosticBag()
    var nodes: [NodeDefinition] = []
    var pending: [PendingTransition] = []
    var processEvents: [EventDefinition] = []
    var variables: [VariableDeclaration] = []
    var swimlanes: [SwimlaneDefinition] = []

    init(file: SourceFile) { self.file = file }

    mutating func read(_ root: XMLElement) -> ProcessDefinition? {
        guard root.name == "process-definition" else {
            diagnostics.add(WorkflowMessages.notAProcessDefinition(root.name), at: root.nameSpan)
            return nil
        }
        checkAttributes(root)
        readChildren(of: root, parent: nil)
        var transitions: [TransitionDefinition] = []
        var names: [Int: Set<String>] = [:]
        for item in pending {
            if let transition = resolve(item) {
                if let name = transition.name, !names[item.from, default: []].insert(name).inserted {
                    diagnostics.add(WorkflowMessages.duplicateName("transition", name), at: transition.span)
                    continue
                }
                nodes[item.from].leaving.append(transitions.count)
                transitions.append(transition)
            }
        }
        checkTaskSwimlanes()
        let start = startNode(root)
        guard let start else { return nil }
        return ProcessDefinition(
            name: root.value("name") ?? "", nodes: nodes, transitions: transitions, events: processEvents, variables: variables,
            swimlanes: swimlanes, startNode: start, span: root.nameSpan)
    }

    // MARK: - Elements

    mutating func readChildren(of element: XMLElement, parent: Int?) {
        var seen: [String: Span] = [:]
        for child in element.children {
            guard allowed(child, in: element) else { continue }
            checkAttributes(child)
            if ElementSchema.nodeElements.contains(child.name) {
                guard let index = readNode(child, parent: parent) else { continue }
                let name = nodes[index].name
                if seen[name] != nil {
                    diagnostics.add(WorkflowMessages.duplicateName("node", name), at: nodes[index].span,
                                    notes: [Note("'\(name)' first declared here", at: seen[name])])
                } else {
                    seen[name] = nodes[index].span
                }
                continue
            }
            switch child.name {
            case "event":
                if let event = readEvent(child) {
                    if let parent { nodes[parent].events.append(event) } else { processEvents.append(event) }
                }
            case "variable" where parent == nil: readVariable(child)
            case "swimlane" where parent == nil: readSwimlane(child)
            case "timer": if let parent, let timer = readTimer(child) { nodes[parent].timers.append(timer) }
            case "transition": if let parent { pending.append(PendingTransition(element: child, from: parent)) }
            default: break  // description, swimlane: accepted and ignored
            }
        }
    }

    mutating func readNode(_ element: XMLElement, parent: Int?) -> Int? {
        guard let kind = NodeKind(rawValue: element.name) else { return nil }
        let name: String
        let span: Span
        if let attribute = element.attribute("name") {
            name = attribute.value
            span = attribute.valueSpan
        } else if kind == .startState {
            name = "start-state"
            span = element.nameSpan
        } else {
            diagnostics.add(WorkflowMessages.missingAttribute(element.name, "name"), at: element.nameSpan)
            return nil
        }
        let fullName = parent.map { nodes[$0].fullName + "/" + name } ?? name
        var node = NodeDefinition(kind: kind, name: name, fullName: fullName, parent: parent, span: span)
        readNodeAttributes(element, into: &node)
        let index = nodes.count
        nodes.append(node)
        if let parent { nodes[parent].children.append(index) }
        if kind == .superState {
            readChildren(of: element, parent: index)
            return index
        }
        var taskNames: [String: Span] = [:]
        var mappings: [SubProcessBinding.Mapping] = []
        var subProcess: SubProcessBinding?
        for child in element.children {
            guard allowed(child, in: element) else { continue }
            checkAttributes(child)
            switch child.name {
            case "transition": pending.append(PendingTransition(element: child, from: index))
            case "event": if let event = readEvent(child) { nodes[index].events.append(event) }
            case "timer": if let timer = readTimer(child) { nodes[index].timers.append(timer) }
            case "action": nodes[index].action = readAction(child)
            case "handler": nodes[index].handler = readAction(child)
            case "task":
                let task = readTask(child, nodeName: name)
                if kind == .startState, !nodes[index].tasks.isEmpty {
                    diagnostics.add(WorkflowMessages.startStateTasks(), at: task.span)
                } else if let first = taskNames[task.name] {
                    diagnostics.add(WorkflowMessages.duplicateName("task", task.name), at: task.span,
                                    notes: [Note("'\(task.name)' first declared here", at: first)])
                } else {
                    taskNames[task.name] = task.span
                    nodes[index].tasks.append(task)
                }
            case "sub-process":
                guard let subName = require(child, "name") else { continue }
                var binding = SubProcessBinding(processName: subName.value, mappings: [])
                if let late = child.attribute("binding") {
                    switch late.value.lowercased() {
                    case "late": binding.late = true
                    case "early": break
                    default:
                        diagnostics.add(WorkflowMessages.invalidAttributeValue("binding", late.value, expected: "late or early"),
                                        at: late.valueSpan)
                    }
                }
                let trimmed = subName.value.trimmingCharacters(in: .whitespaces)
                if binding.late, trimmed.hasPrefix("#{") || trimmed.hasPrefix("${") {
                    binding.nameExpression = ExpressionText.extract(file: file, raw: subName.valueSpan, decoded: subName.value)
                }
                subProcess = binding
            case "variable":
                guard let variable = require(child, "name") else { continue }
                let access = child.value("access") ?? "read,write"
                let parts = Set(access.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                mappings.append(SubProcessBinding.Mapping(
                    name: variable.value, mappedName: child.value("mapped-name") ?? variable.value,
                    read: parts.contains("read"), write: parts.contains("write")))
            default: break  // description
            }
        }
        if kind == .processState {
            // Without <sub-process>, the deployment binds the process-state by its name.
            var binding = subProcess ?? SubProcessBinding(processName: nil, mappings: [])
            binding.mappings = mappings
            nodes[index].subProcess = binding
        }
        return index
    }

    mutating func readNodeAttributes(_ element: XMLElement, into node: inout NodeDefinition) {
        if let attribute = element.attribute("signal") {
            if let mode = SignalMode(rawValue: attribute.value) {
                node.signalMode = mode
            } else {
                diagnostics.add(WorkflowMessages.invalidAttributeValue("signal", attribute.value,
                                expected: SignalMode.allCases.map(\.rawValue).joined(separator: ", ")), at: attribute.valueSpan)
            }
        }
        node.createTasks = flag(element, "create-tasks") ?? true
        node.endTasks = flag(element, "end-tasks") ?? false
        node.endCompleteProcess = flag(element, "end-complete-process") ?? false
        if let attribute = element.attribute("expression") {
            node.expression = ExpressionText.extract(file: file, raw: attribute.valueSpan, decoded: attribute.value)
        }
    }

    mutating func flag(_ element: XMLElement, _ name: String) -> Bool? {
        guard let attribute = element.attribute(name) else { return nil }
        switch attribute.value {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            diagnostics.add(WorkflowMessages.invalidAttributeValue(name, attribute.value, expected: "true or false"), at: attribute.valueSpan)
            return nil
        }
    }

    mutating func readEvent(_ element: XMLElement) -> EventDefinition? {
        guard let type = require(element, "type") else { return nil }
        guard ElementSchema.eventTypes.contains(type.value) else {
            diagnostics.add(WorkflowMessages.invalidAttributeValue("type", type.value,
                            expected: "an event type (\(ElementSchema.eventTypes.sorted().joined(separator: ", ")))"), at: type.valueSpan)
            return nil
        }
        var actions: [ActionDefinition] = []
        for child in element.children where allowed(child, in: element) {
            checkAttributes(child)
            actions.append(readAction(child))
        }
        return EventDefinition(type: type.value, actions: actions)
    }

    func readAction(_ element: XMLElement) -> ActionDefinition {
        ActionDefinition(name: element.value("name"), className: element.value("class"), function: element.value("function"),
                         rules: element.value("rules"), span: element.nameSpan)
    }

    mutating func readTimer(_ element: XMLElement) -> TimerDefinition? {
        guard let due = require(element, "duedate") else { return nil }
        guard let seconds = Duration.seconds(due.value) else {
            diagnostics.add(WorkflowMessages.invalidDuration(due.value), at: due.valueSpan)
            return nil
        }
        var repeatSeconds: Int64?
        if let repeatAttribute = element.attribute("repeat") {
            guard let value = Duration.seconds(repeatAttribute.value), value > 0 else {
                diagnostics.add(WorkflowMessages.invalidDuration(repeatAttribute.value), at: repeatAttribute.valueSpan)
                return nil
            }
            repeatSeconds = value
        }
        var action: ActionDefinition?
        for child in element.children where allowed(child, in: element) {
            checkAttributes(child)
            action = readAction(child)
        }
        return TimerDefinition(name: element.value("name") ?? "", dueSeconds: seconds, repeatSeconds: repeatSeconds,
                               transition: element.value("transition"), action: action, span: element.nameSpan)
    }

    /// A `<task>`; an unnamed one takes its node's name (jBPM's `readTask`/`readStartStateTask`).
    mutating func readTask(_ element: XMLElement, nodeName: String) -> TaskDefinition {
        let name = element.attribute("name")
        var task = TaskDefinition(name: name?.value ?? nodeName, events: [], span: name?.valueSpan ?? element.nameSpan)
        task.swimlane = element.value("swimlane")
        task.blocking = flag(element, "blocking") ?? false
        task.signalling = flag(element, "signalling") ?? true
        for child in element.children where allowed(child, in: element) {
            checkAttributes(child)
            switch child.name {
            case "event": if let event = readEvent(child) { task.events.append(event) }
            case "timer":
                guard var timer = readTimer(child) else { continue }
                // jBPM names a task timer after its task.
                if child.attribute("name") == nil { timer.name = task.name }
                task.timers.append(timer)
            case "assignment": task.assignment = readAssignment(child)
            default: break  // description
            }
        }
        if task.swimlane != nil, let assignment = task.assignment {
            diagnostics.add(WorkflowMessages.conflictingAssignment("task '\(task.name)' has both a swimlane and an <assignment>: give one of them"),
                            at: assignment.span)
        }
        return task
    }

    /// An `<assignment actor-id="…"/>` (an address, or `#{…}`: an expression) or `<assignment expression="…"/>`.
    mutating func readAssignment(_ element: XMLElement) -> AssignmentDefinition? {
        let actor = element.attribute("actor-id")
        let expression = element.attribute("expression")
        switch (actor, expression) {
        case (nil, nil):
            diagnostics.add(WorkflowMessages.missingAttribute("assignment", "actor-id"), at: element.nameSpan)
            return nil
        case (.some, .some):
            diagnostics.add(WorkflowMessages.conflictingAssignment("an <assignment> has either 'actor-id' or 'expression', not both"),
                            at: element.nameSpan)
            return nil
        case (.some(let attribute), nil):
            let trimmed = attribute.value.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#{") || trimmed.hasPrefix("${") {
                return AssignmentDefinition(
                    actor: .expression(ExpressionText.extract(file: file, raw: attribute.valueSpan, decoded: attribute.value)),
                    span: element.nameSpan)
            }
            guard !trimmed.isEmpty else {
                diagnostics.add(WorkflowMessages.invalidAttributeValue("actor-id", attribute.value, expected: "an address or #{expression}"),
                                at: attribute.valueSpan)
                return nil
            }
            return AssignmentDefinition(actor: .literal(trimmed), span: element.nameSpan)
        case (nil, .some(let attribute)):
            return AssignmentDefinition(
                actor: .expression(ExpressionText.extract(file: file, raw: attribute.valueSpan, decoded: attribute.value)),
                span: element.nameSpan)
        }
    }

    mutating func readSwimlane(_ element: XMLElement) {
        guard let name = require(element, "name") else { return }
        var assignment: AssignmentDefinition?
        for child in element.children where allowed(child, in: element) {
            checkAttributes(child)
            if child.name == "assignment" { assignment = readAssignment(child) }
        }
        if let first = swimlanes.first(where: { $0.name == name.value }) {
            diagnostics.add(WorkflowMessages.duplicateName("swimlane", name.value), at: name.valueSpan,
                            notes: [Note("'\(name.value)' first declared here", at: first.span)])
            return
        }
        swimlanes.append(SwimlaneDefinition(name: name.value, assignment: assignment, span: name.valueSpan))
    }

    /// Every task's `swimlane=` names a declared swimlane.
    mutating func checkTaskSwimlanes() {
        let names = Set(swimlanes.map(\.name))
        for node in nodes {
            for task in node.tasks {
                if let swimlane = task.swimlane, !names.contains(swimlane) {
                    diagnostics.add(WorkflowMessages.unknownSwimlane(swimlane, task: task.name), at: task.span)
                }
            }
        }
    }

    mutating func readVariable(_ element: XMLElement) {
        guard let name = require(element, "name"), let type = require(element, "type") else { return }
        let base = type.value.hasSuffix("?") ? String(type.value.dropLast()) : type.value
        guard ElementSchema.variableTypes.contains(base) else {
            diagnostics.add(WorkflowMessages.unknownVariableType(type.value), at: type.valueSpan)
            return
        }
        if let first = variables.first(where: { $0.name == name.value }) {
            diagnostics.add(WorkflowMessages.duplicateName("variable", name.value), at: name.valueSpan,
                            notes: [Note("'\(name.value)' first declared here", at: first.span)])
            return
        }
        variables.append(VariableDeclaration(name: name.value, type: type.value, span: name.valueSpan))
    }

    // MARK: - Checks

    mutating func allowed(_ child: XMLElement, in parent: XMLElement) -> Bool {
        guard ElementSchema.children[parent.name]?.contains(child.name) == true else {
            diagnostics.add(WorkflowMessages.unknownElement(child.name, inside: parent.name), at: child.nameSpan)
            return false
        }
        return true
    }

    mutating func checkAttributes(_ element: XMLElement) {
        let known = ElementSchema.attributes[element.name] ?? []
        for attribute in element.attributes where !known.contains(attribute.name) {
            diagnostics.add(WorkflowMessages.unknownAttribute(element.name, attribute.name), at: attribute.nameSpan)
        }
    }

    mutating func require(_ element: XMLElement, _ name: String) -> XMLElement.Attribute? {
        if let attribute = element.attribute(name) { return attribute }
        diagnostics.add(WorkflowMessages.missingAttribute(element.name, name), at: element.nameSpan)
        return nil
    }

    mutating func startNode(_ root: XMLElement) -> Int? {
        let starts = nodes.indices.filter { nodes[$0].kind == .startState && nodes[$0].parent == nil }
        if let initial = root.attribute("initial") {
            if let first = starts.first {
                diagnostics.add(WorkflowMessages.multipleStartStates(), at: nodes[first].span)
                return nil
            }
            guard let index = nodes.firstIndex(where: { $0.fullName == initial.value }) else {
                diagnostics.add(WorkflowMessages.transitionToMissingNode(initial.value), at: initial.valueSpan)
                return nil
            }
            return index
        }
        if starts.count > 1 {
            diagnostics.add(WorkflowMessages.multipleStartStates(), at: nodes[starts[1]].span)
            return nil
        }
        guard let start = starts.first else {
            diagnostics.add(WorkflowMessages.missingStartState(), at: root.nameSpan)
            return nil
        }
        return start
    }
}
