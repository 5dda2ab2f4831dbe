import CMTVM

/// The working state of one command: a copy of the instance, the gas used so far and the events
/// fired. ``ProcessRuntime`` commits the copy only when the command succeeds.
struct Execution {
    let process: CompiledProcess
    let handler: (any ProcessActionHandler)?
    let context: StepContext
    /// The deployment's definitions by name: what late-bound process-states look up.
    let library: [String: CompiledProcess]
    var instance: ProcessInstance
    var gasUsed: Int64 = 0
    var events: [ProcessEvent] = []
    var depth = 0
    /// How many sub-process levels this execution is below the instance the command started on.
    var nesting = 0

    static let maxDepth = 200
    /// Sub-processes nested deeper than this fail (a recursive process must end somewhere).
    static let maxNesting = 8

    var definition: ProcessDefinition { process.definition }

    init(process: CompiledProcess, handler: (any ProcessActionHandler)?, context: StepContext, library: [String: CompiledProcess] = [:],
         instance: ProcessInstance) {
        self.process = process
        self.handler = handler
        self.context = context
        self.library = library
        self.instance = instance
    }

    /// An execution of a sub-process instance, sharing this one's gas, depth and handler.
    func child(_ sub: CompiledProcess, _ instance: ProcessInstance) -> Execution {
        var child = Execution(process: sub, handler: handler, context: context, library: library, instance: instance)
        child.gasUsed = gasUsed
        child.depth = depth
        child.nesting = nesting + 1
        return child
    }

    /// Takes back a child's gas and events.
    mutating func absorb(_ child: inout Execution) {
        gasUsed = child.gasUsed
        events += child.events
        child.events = []
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

    /// Fires `type` on node `node` (propagating to its super-states and the process definition).
    mutating func fire(_ type: String, node: Int, token: Int) throws(ProcessError) {
        try fire(type, source: "node:" + nodeName(node), token: token, holders: nodeHolders(node))
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

    /// A transition's event holders: the transition, then (jBPM's `Transition.getParent`) the
    /// innermost node holding both ends, its super-states, and the process definition.
    func transitionHolders(_ transition: Int) -> [(element: String, events: [EventDefinition])] {
        let item = definition.transitions[transition]
        var result: [(element: String, events: [EventDefinition])] = [
            (element: transitionSource(transition), events: [EventDefinition(type: "transition", actions: item.actions)])
        ]
        var current = commonParent(item.from, item.to)
        while let index = current {
            result.append((element: "node:" + nodeName(index), events: definition.nodes[index].events))
            current = definition.nodes[index].parent
        }
        result.append((element: "process-definition", events: definition.events))
        return result
    }

    /// The innermost node that is `from` or one of its super-states and also `to` or one of its
    /// super-states (nil: the process definition); a self-loop's parent is the node's super-state.
    func commonParent(_ from: Int, _ to: Int) -> Int? {
        if from == to { return definition.nodes[from].parent }
        var candidate: Int? = from
        while let index = candidate {
            var other: Int? = to
            while let inner = other {
                if inner == index { return index }
                other = definition.nodes[inner].parent
            }
            candidate = definition.nodes[index].parent
        }
        return nil
    }

    /// jBPM's `Transition.collectAllSuperStates`: the super-states of `node`, innermost first,
    /// up to the first one that contains `other`.
    func superStates(of node: Int, notContaining other: Int) -> [Int] {
        var result: [Int] = []
        var current = definition.nodes[node].parent
        while let index = current, !contains(index, other) {
            result.append(index)
            current = definition.nodes[index].parent
        }
        return result
    }

    /// Whether `node` lies inside super-state `superState` (at any depth; not the node itself).
    func contains(_ superState: Int, _ node: Int) -> Bool {
        var current = definition.nodes[node].parent
        while let index = current {
            if index == superState { return true }
            current = definition.nodes[index].parent
        }
        return false
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

    /// jBPM's `Token.signal`: before-signal on the token's node, the node is left over
    /// `transition`, then after-signal on the same node.
    mutating func signal(token: Int, transition: Int) throws(ProcessError) {
        let node = instance.tokens[token].node
        try fire("before-signal", node: node, token: token)
        try leave(token: token, transition: transition)
        try fire("after-signal", node: node, token: token)
    }

    /// jBPM's `Node.leave` and `Transition.take`: the token's tasks stop signalling (a task-node
    /// with open blocking tasks cannot be left; `end-tasks` ends its open tasks), node-leave fires,
    /// the token's node timers are cancelled, superstate-leave fires on each super-state left
    /// (innermost first), the transition event fires, superstate-enter fires on each super-state
    /// entered (outermost first), and the destination is entered.
    mutating func leave(token: Int, transition: Int) throws(ProcessError) {
        let node = instance.tokens[token].node
        try releaseTasks(token: token, node: node)
        try cancelSubProcess(of: token)
        try fire("node-leave", node: node, token: token)
        instance.timers.removeAll { $0.token == token && $0.task == nil }
        try charge(ProcessGas.transition)
        let item = definition.transitions[transition]
        for superState in superStates(of: node, notContaining: item.to) { try fire("superstate-leave", node: superState, token: token) }
        try fire("transition", source: transitionSource(transition), token: token, holders: transitionHolders(transition))
        var destination = item.to
        while definition.nodes[destination].kind == .superState, let first = definition.nodes[destination].children.first {
            destination = first
        }
        for superState in superStates(of: destination, notContaining: item.from).reversed() {
            try fire("superstate-enter", node: superState, token: token)
        }
        try enter(node: item.to, token: token)
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
        try fire("node-enter", node: node, token: token)
        try startTimers(node: node, token: token)
        try execute(node: node, token: token)
    }

    /// Creates the node's timers for `token`, due `duedate` after the block time.
    mutating func startTimers(node: Int, token: Int) throws(ProcessError) {
        for (index, timer) in definition.nodes[node].timers.enumerated() {
            try charge(ProcessGas.timer)
            instance.timers.append(ProcessInstance.TimerInstance(
                id: instance.nextTimerID, token: token, node: node, timer: index, due: context.time + timer.dueSeconds))
            instance.nextTimerID += 1
        }
    }
}
