import CMTProcessEngine
import CMTSource

/// The binary form of a ``ProcessDefinition`` inside a bundle's process part, so that reading a
/// bundle needs no XML reader: every node, transition, event, action, timer, task, swimlane,
/// variable and sub-process binding in document order, with the same integers, strings and flags
/// as ``ByteWriter`` writes them. Spans keep their byte range in the `.bpm` file (file id 0); an
/// expression's per-byte source offsets are not stored (a decoded expression maps its bytes to its
/// span from the start). The decoder checks every node and transition index, so the runtime never
/// follows one out of range. Versioned with the process part (``ProcessCodec``).
enum ProcessDefinitionCodec {
    static func encode(_ definition: ProcessDefinition, into writer: inout ByteWriter) {
        writer.string(definition.name)
        writer.count(definition.nodes.count)
        for node in definition.nodes { write(node, into: &writer) }
        writer.count(definition.transitions.count)
        for transition in definition.transitions {
            writer.optionalString(transition.name)
            writer.int(transition.from)
            writer.int(transition.to)
            write(transition.condition, into: &writer)
            writeActions(transition.actions, into: &writer)
            write(transition.span, into: &writer)
        }
        writeEvents(definition.events, into: &writer)
        writer.count(definition.variables.count)
        for variable in definition.variables {
            writer.string(variable.name)
            writer.string(variable.type)
            write(variable.span, into: &writer)
        }
        writer.count(definition.swimlanes.count)
        for swimlane in definition.swimlanes {
            writer.string(swimlane.name)
            write(swimlane.assignment, into: &writer)
            write(swimlane.span, into: &writer)
        }
        writer.int(definition.startNode)
        write(definition.span, into: &writer)
    }

    static func decode(_ reader: inout ByteReader) throws(BundleError) -> ProcessDefinition {
        let name = try reader.string()
        var nodes: [NodeDefinition] = []
        for _ in 0..<(try reader.count(minimumSize: 40)) { nodes.append(try readNode(&reader)) }
        var transitions: [TransitionDefinition] = []
        for _ in 0..<(try reader.count(minimumSize: 38)) {
            let name = try reader.optionalString()
            let from = try reader.int()
            let to = try reader.int()
            let condition = try readExpression(&reader)
            let actions = try readActions(&reader)
            transitions.append(TransitionDefinition(name: name, from: from, to: to, condition: condition, actions: actions, span: try readSpan(&reader)))
        }
        let events = try readEvents(&reader)
        var variables: [VariableDeclaration] = []
        for _ in 0..<(try reader.count(minimumSize: 24)) {
            variables.append(VariableDeclaration(name: try reader.string(), type: try reader.string(), span: try readSpan(&reader)))
        }
        var swimlanes: [SwimlaneDefinition] = []
        for _ in 0..<(try reader.count(minimumSize: 21)) {
            swimlanes.append(SwimlaneDefinition(name: try reader.string(), assignment: try readAssignment(&reader), span: try readSpan(&reader)))
        }
        let startNode = try reader.int()
        let span = try readSpan(&reader)
        try check(nodes: nodes, transitions: transitions, startNode: startNode, reader: reader)
        return ProcessDefinition(name: name, nodes: nodes, transitions: transitions, events: events, variables: variables,
                                 swimlanes: swimlanes, startNode: startNode, span: span)
    }

    /// Every index the runtime follows must name a node or transition of the definition.
    static func check(nodes: [NodeDefinition], transitions: [TransitionDefinition], startNode: Int, reader: ByteReader) throws(BundleError) {
        guard nodes.indices.contains(startNode) else { throw reader.failure("the start node \(startNode) is not a node") }
        for (index, node) in nodes.enumerated() {
            if let parent = node.parent, !nodes.indices.contains(parent) { throw reader.failure("node \(index) has parent \(parent), which is not a node") }
            for child in node.children where !nodes.indices.contains(child) { throw reader.failure("node \(index) has child \(child), which is not a node") }
            for leaving in node.leaving where !transitions.indices.contains(leaving) {
                throw reader.failure("node \(index) leaves over transition \(leaving), which is not a transition")
            }
        }
        for (index, transition) in transitions.enumerated() where !nodes.indices.contains(transition.from) || !nodes.indices.contains(transition.to) {
            throw reader.failure("transition \(index) joins nodes that do not exist")
        }
    }

    // MARK: nodes

    static func write(_ node: NodeDefinition, into writer: inout ByteWriter) {
        writer.string(node.kind.rawValue)
        writer.string(node.name)
        writer.string(node.fullName)
        writer.optionalI64(node.parent.map(Int64.init))
        writeIndexes(node.children, into: &writer)
        writeIndexes(node.leaving, into: &writer)
        writeEvents(node.events, into: &writer)
        writeTimers(node.timers, into: &writer)
        writer.count(node.tasks.count)
        for task in node.tasks {
            writer.string(task.name)
            writeEvents(task.events, into: &writer)
            writer.optionalString(task.swimlane)
            write(task.assignment, into: &writer)
            writer.bool(task.blocking)
            writer.bool(task.signalling)
            writeTimers(task.timers, into: &writer)
            write(task.span, into: &writer)
        }
        write(node.action, into: &writer)
        write(node.expression, into: &writer)
        write(node.handler, into: &writer)
        writer.string(node.signalMode.rawValue)
        writer.bool(node.createTasks)
        writer.bool(node.endTasks)
        writer.bool(node.endCompleteProcess)
        writer.bool(node.subProcess != nil)
        if let binding = node.subProcess {
            writer.optionalString(binding.processName)
            writer.bool(binding.late)
            write(binding.nameExpression, into: &writer)
            writer.count(binding.mappings.count)
            for mapping in binding.mappings {
                writer.string(mapping.name)
                writer.string(mapping.mappedName)
                writer.bool(mapping.read)
                writer.bool(mapping.write)
            }
        }
        write(node.span, into: &writer)
    }

    static func readNode(_ reader: inout ByteReader) throws(BundleError) -> NodeDefinition {
        let kindName = try reader.string()
        guard let kind = NodeKind(rawValue: kindName) else { throw reader.failure("unknown node kind '\(kindName)'") }
        let name = try reader.string()
        let fullName = try reader.string()
        let parent = try reader.optionalI64()
        let children = try readIndexes(&reader)
        let leaving = try readIndexes(&reader)
        let events = try readEvents(&reader)
        let timers = try readTimers(&reader)
        var tasks: [TaskDefinition] = []
        for _ in 0..<(try reader.count(minimumSize: 32)) {
            let name = try reader.string()
            let events = try readEvents(&reader)
            let swimlane = try reader.optionalString()
            let assignment = try readAssignment(&reader)
            let blocking = try reader.bool()
            let signalling = try reader.bool()
            let timers = try readTimers(&reader)
            tasks.append(TaskDefinition(name: name, events: events, swimlane: swimlane, assignment: assignment, blocking: blocking,
                                        signalling: signalling, timers: timers, span: try readSpan(&reader)))
        }
        let action = try readAction(&reader)
        let expression = try readExpression(&reader)
        let handler = try readAction(&reader)
        let modeName = try reader.string()
        guard let signalMode = SignalMode(rawValue: modeName) else { throw reader.failure("unknown signal mode '\(modeName)'") }
        let createTasks = try reader.bool()
        let endTasks = try reader.bool()
        let endCompleteProcess = try reader.bool()
        var subProcess: SubProcessBinding?
        if try reader.bool() {
            let processName = try reader.optionalString()
            let late = try reader.bool()
            let nameExpression = try readExpression(&reader)
            var mappings: [SubProcessBinding.Mapping] = []
            for _ in 0..<(try reader.count(minimumSize: 10)) {
                mappings.append(SubProcessBinding.Mapping(name: try reader.string(), mappedName: try reader.string(), read: try reader.bool(),
                                                          write: try reader.bool()))
            }
            subProcess = SubProcessBinding(processName: processName, late: late, nameExpression: nameExpression, mappings: mappings)
        }
        let span = try readSpan(&reader)
        var parentIndex: Int?
        if let parent {
            guard parent >= 0, parent <= Int64(Int32.max) else { throw reader.failure("a parent index is out of range") }
            parentIndex = Int(parent)
        }
        return NodeDefinition(kind: kind, name: name, fullName: fullName, parent: parentIndex, children: children, leaving: leaving,
                              events: events, timers: timers, tasks: tasks, action: action, expression: expression, handler: handler,
                              signalMode: signalMode, createTasks: createTasks, endTasks: endTasks, endCompleteProcess: endCompleteProcess,
                              subProcess: subProcess, span: span)
    }

    // MARK: parts

    static func writeIndexes(_ indexes: [Int], into writer: inout ByteWriter) {
        writer.count(indexes.count)
        for index in indexes { writer.int(index) }
    }

    static func readIndexes(_ reader: inout ByteReader) throws(BundleError) -> [Int] {
        var indexes: [Int] = []
        for _ in 0..<(try reader.count(minimumSize: 8)) { indexes.append(try reader.int()) }
        return indexes
    }

    static func writeEvents(_ events: [EventDefinition], into writer: inout ByteWriter) {
        writer.count(events.count)
        for event in events {
            writer.string(event.type)
            writeActions(event.actions, into: &writer)
        }
    }

    static func readEvents(_ reader: inout ByteReader) throws(BundleError) -> [EventDefinition] {
        var events: [EventDefinition] = []
        for _ in 0..<(try reader.count(minimumSize: 8)) { events.append(EventDefinition(type: try reader.string(), actions: try readActions(&reader))) }
        return events
    }

    static func writeActions(_ actions: [ActionDefinition], into writer: inout ByteWriter) {
        writer.count(actions.count)
        for action in actions { write(action, into: &writer) }
    }

    static func readActions(_ reader: inout ByteReader) throws(BundleError) -> [ActionDefinition] {
        var actions: [ActionDefinition] = []
        for _ in 0..<(try reader.count(minimumSize: 21)) {
            guard let action = try readAction(&reader) else { throw reader.failure("an action list holds no action") }
            actions.append(action)
        }
        return actions
    }

    static func write(_ action: ActionDefinition?, into writer: inout ByteWriter) {
        writer.bool(action != nil)
        guard let action else { return }
        writer.optionalString(action.name)
        writer.optionalString(action.className)
        writer.optionalString(action.function)
        writer.optionalString(action.rules)
        write(action.span, into: &writer)
    }

    static func readAction(_ reader: inout ByteReader) throws(BundleError) -> ActionDefinition? {
        guard try reader.bool() else { return nil }
        return ActionDefinition(name: try reader.optionalString(), className: try reader.optionalString(), function: try reader.optionalString(),
                                rules: try reader.optionalString(), span: try readSpan(&reader))
    }

    static func writeTimers(_ timers: [TimerDefinition], into writer: inout ByteWriter) {
        writer.count(timers.count)
        for timer in timers {
            writer.string(timer.name)
            writer.i64(timer.dueSeconds)
            writer.optionalI64(timer.repeatSeconds)
            writer.optionalString(timer.transition)
            write(timer.action, into: &writer)
            write(timer.span, into: &writer)
        }
    }

    static func readTimers(_ reader: inout ByteReader) throws(BundleError) -> [TimerDefinition] {
        var timers: [TimerDefinition] = []
        for _ in 0..<(try reader.count(minimumSize: 31)) {
            timers.append(TimerDefinition(name: try reader.string(), dueSeconds: try reader.i64(), repeatSeconds: try reader.optionalI64(),
                                          transition: try reader.optionalString(), action: try readAction(&reader), span: try readSpan(&reader)))
        }
        return timers
    }

    static func write(_ assignment: AssignmentDefinition?, into writer: inout ByteWriter) {
        writer.bool(assignment != nil)
        guard let assignment else { return }
        switch assignment.actor {
        case .literal(let text):
            writer.u8(0)
            writer.string(text)
        case .expression(let source):
            writer.u8(1)
            write(source, into: &writer)
        }
        write(assignment.span, into: &writer)
    }

    static func readAssignment(_ reader: inout ByteReader) throws(BundleError) -> AssignmentDefinition? {
        guard try reader.bool() else { return nil }
        let actor: AssignmentDefinition.Actor
        switch try reader.u8() {
        case 0: actor = .literal(try reader.string())
        case 1:
            guard let source = try readExpression(&reader) else { throw reader.failure("an assignment's expression is missing") }
            actor = .expression(source)
        default: throw reader.failure("unknown assignment kind")
        }
        return AssignmentDefinition(actor: actor, span: try readSpan(&reader))
    }

    static func write(_ source: ExpressionSource?, into writer: inout ByteWriter) {
        writer.bool(source != nil)
        guard let source else { return }
        writer.string(source.text)
        write(source.span, into: &writer)
    }

    static func readExpression(_ reader: inout ByteReader) throws(BundleError) -> ExpressionSource? {
        guard try reader.bool() else { return nil }
        let text = try reader.string()
        let span = try readSpan(&reader)
        return ExpressionSource(text: text, span: span, offsets: (0..<text.utf8.count).map { span.start + $0 })
    }

    static func write(_ span: Span, into writer: inout ByteWriter) {
        writer.int(span.start)
        writer.int(span.end)
    }

    static func readSpan(_ reader: inout ByteReader) throws(BundleError) -> Span {
        let start = try reader.int()
        let end = try reader.int()
        guard start >= 0, end >= start else { throw reader.failure("a source range is reversed or negative") }
        return Span(file: FileID(0), start: start, end: end)
    }
}
