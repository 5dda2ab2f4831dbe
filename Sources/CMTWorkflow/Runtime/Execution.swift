import CMTVM

/// The working state of one command: a copy of the instance, the gas used so far and the events
/// fired. ``ProcessRuntime`` commits the copy only when the command succeeds.
struct Execution {
    let process: CompiledProcess
    let handler: (any ProcessActionHandler)?
    let context: StepContext
    var instance: ProcessInstance
    var gasUsed: Int64 = 0
    var events: [ProcessEvent] = []
    var depth = 0

    static let maxDepth = 200

    var definition: ProcessDefinition { process.definition }

    init(process: CompiledProcess, handler: (any ProcessActionHandler)?, context: StepContext, instance: ProcessInstance) {
        self.process = process
        self.handler = handler
        self.context = context
        self.instance = instance
    }

    mutating func charge(_ gas: Int64) throws(ProcessError) {
        gasUsed += gas
        if gasUsed > context.gasLimit {
            throw ProcessError(.outOfGas, "out of gas: the command needs more than \(context.gasLimit) gas")
        }
    }

    func nodeName(_ node: Int) -> String { definition.nodes[node].fullName }
    func transitionSource(_ transition: Int) -> String {
        let item = definition.transitions[transition]
        return "transition:\(nodeName(item.from))->\(nodeName(item.to))"
    }

    // MARK: - Events

    /// Fires `type` on `holders` (innermost first: the node, its super-states, then the process
    /// definition, as jBPM propagates), running each holder's actions.
    mutating func fire(_ type: String, source: String, token: Int, holders: [(element: String, events: [EventDefinition])])
        throws(ProcessError)
    {
        let path = instance.tokens[token].path
        events.append(ProcessEvent(type: type, element: source, source: source, token: path))
        for holder in holders {
            for event in holder.events where event.type == type {
                for action in event.actions {
                    try perform(action, event: ProcessEvent(type: type, element: holder.element, source: source, token: path))
                }
            }
        }
    }

    mutating func perform(_ action: ActionDefinition, event: ProcessEvent) throws(ProcessError) {
        try charge(ProcessGas.action)
        guard let handler else { return }
        do {
            let gas = try handler.perform(action, event: event, instance: instance)
            try charge(max(0, gas))
        } catch let error as ProcessError {
            throw error
        } catch {
            throw ProcessError(.action, "action \(action.function ?? action.className ?? action.name ?? "") failed: \(error)")
        }
    }

    /// The event holders of a node: itself, its super-states, the process definition.
    func nodeHolders(_ node: Int) -> [(element: String, events: [EventDefinition])] {
        var result: [(element: String, events: [EventDefinition])] = []
        var current: Int? = node
        while let index = current {
            result.append((element: "node:" + nodeName(index), events: definition.nodes[index].events))
            current = definition.nodes[index].parent
        }
        result.append((element: "process-definition", events: definition.events))
        return result
    }

    func transitionHolders(_ transition: Int) -> [(element: String, events: [EventDefinition])] {
        let item = definition.transitions[transition]
        var result: [(element: String, events: [EventDefinition])] = [
            (element: transitionSource(transition), events: [EventDefinition(type: "transition", actions: item.actions)])
        ]
        var current = definition.nodes[item.from].parent
        while let index = current {
            result.append((element: "node:" + nodeName(index), events: definition.nodes[index].events))
            current = definition.nodes[index].parent
        }
        result.append((element: "process-definition", events: definition.events))
        return result
    }

    // MARK: - Transitions

    /// The leaving transition a signal takes: by name among the node's and its super-states'
    /// transitions, then (jBPM's fall-back) one whose destination has that name; without a name
    /// the default: the node's first, else its super-state's.
    func leavingTransition(of node: Int, named name: String?) throws(ProcessError) -> Int {
        var candidates: [Int] = []
        var current: Int? = node
        while let index = current {
            candidates += definition.nodes[index].leaving
            current = definition.nodes[index].parent
        }
        guard let name else {
            guard let first = candidates.first else {
                throw ProcessError(.noTransition, "node '\(nodeName(node))' has no leaving transition")
            }
            return first
        }
        if let match = candidates.first(where: { definition.transitions[$0].name == name }) { return match }
        if let match = candidates.first(where: { definition.nodes[definition.transitions[$0].to].name == name }) { return match }
        throw ProcessError(.noTransition, "node '\(nodeName(node))' has no leaving transition named \(name)")
    }

    /// jBPM's `Node.leave`: node-leave, cancel the token's timers there, take the transition.
    mutating func leave(token: Int, transition: Int) throws(ProcessError) {
        let node = instance.tokens[token].node
        try fire("node-leave", source: "node:" + nodeName(node), token: token, holders: nodeHolders(node))
        instance.timers.removeAll { $0.token == token }
        if definition.nodes[node].endTasks {
            instance.tasks.removeAll { $0.token == token && $0.node == node }
        }
        try charge(ProcessGas.transition)
        try fire("transition", source: transitionSource(transition), token: token, holders: transitionHolders(transition))
        try enter(node: definition.transitions[transition].to, token: token)
    }

    /// jBPM's `Node.enter`: the token moves in, node-enter fires, timers start, the node executes.
    mutating func enter(node: Int, token: Int) throws(ProcessError) {
        depth += 1
        defer { depth -= 1 }
        guard depth < Execution.maxDepth else {
            throw ProcessError(.tooDeep, "more than \(Execution.maxDepth) nodes executed without waiting: the process loops")
        }
        try charge(ProcessGas.nodeEnter)
        instance.tokens[token].node = node
        try fire("node-enter", source: "node:" + nodeName(node), token: token, holders: nodeHolders(node))
        for (index, timer) in definition.nodes[node].timers.enumerated() {
            try charge(ProcessGas.timer)
            instance.timers.append(ProcessInstance.TimerInstance(
                id: instance.nextTimerID, token: token, node: node, timer: index, due: context.time + timer.dueSeconds))
            instance.nextTimerID += 1
        }
        try execute(node: node, token: token)
    }
}
