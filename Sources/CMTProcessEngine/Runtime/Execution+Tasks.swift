import CMTBytecode
import CMTVM

extension Execution {
    // MARK: - Task nodes

    /// jBPM's `TaskNode.execute`: one task instance per `<task>`, then the signal mode decides
    /// whether the token waits (`last`/`first` leave at once when no signalling task was created).
    mutating func createTasks(node: Int, token: Int) throws(ProcessError) {
        let item = definition.nodes[node]
        if item.createTasks {
            for index in item.tasks.indices { _ = try createTask(node: node, index: index, token: token) }
        }
        switch item.signalMode {
        case .last, .first:
            if !instance.tasks.contains(where: { $0.token == token && $0.signalling }) {
                try leave(token: token, transition: leavingTransition(of: node, named: nil))
            }
        case .unsynchronized:
            try leave(token: token, transition: leavingTransition(of: node, named: nil))
        case .lastWait, .firstWait, .never:
            return
        }
    }

    func taskHolders(node: Int, task: TaskDefinition) -> [(element: String, events: [EventDefinition])] {
        [(element: "task:" + task.name, events: task.events)] + nodeHolders(node)
    }

    func taskHolders(_ task: ProcessInstance.TaskInstance) -> [(element: String, events: [EventDefinition])] {
        taskHolders(node: task.node, task: definition.nodes[task.node].tasks[task.task])
    }

    /// jBPM's `TaskMgmtInstance.createTaskInstance`: the task instance and its timers are created,
    /// task-create fires, then the task is assigned: to its swimlane's actor (the swimlane is
    /// initialized the first time: its assignment is evaluated once), or to its own assignment's
    /// actor; either fires task-assign. A start task's swimlane takes the initiator instead.
    mutating func createTask(node: Int, index: Int, token: Int, initiator: ContractValue? = nil) throws(ProcessError) -> Int64 {
        let task = definition.nodes[node].tasks[index]
        try charge(ProcessGas.task)
        let id = instance.nextTaskID
        instance.nextTaskID += 1
        instance.tasks.append(ProcessInstance.TaskInstance(
            id: id, name: task.name, node: node, task: index, token: token, actor: nil, signalling: task.signalling, blocking: task.blocking))
        for (timerIndex, timer) in task.timers.enumerated() {
            try charge(ProcessGas.timer)
            instance.timers.append(ProcessInstance.TimerInstance(
                id: instance.nextTimerID, token: token, node: node, timer: timerIndex, due: context.time + timer.dueSeconds, task: id))
            instance.nextTimerID += 1
        }
        try fire("task-create", source: "task:" + task.name, token: token, holders: taskHolders(node: node, task: task))
        if let swimlane = task.swimlane {
            if let initiator {
                setSwimlaneActor(swimlane, initiator)
            } else {
                let actor = try initializedSwimlane(swimlane)
                try assign(taskID: id, to: actor)
            }
        } else if let assignment = task.assignment {
            let actor = try evaluateActor(assignment, key: CompiledProcess.taskKey(definition.nodes[node].fullName, index), of: "task '\(task.name)'")
            try assign(taskID: id, to: actor)
        }
        return id
    }

    /// jBPM's `TaskInstance.setActorId`: the task's actor (and its swimlane's) becomes `actor`, and
    /// task-assign fires.
    mutating func assign(taskID: Int64, to actor: ContractValue?) throws(ProcessError) {
        guard let position = instance.tasks.firstIndex(where: { $0.id == taskID }) else { return }
        instance.tasks[position].actor = actor
        let task = instance.tasks[position]
        let definitionTask = definition.nodes[task.node].tasks[task.task]
        if let swimlane = definitionTask.swimlane { setSwimlaneActor(swimlane, actor) }
        try fire("task-assign", source: "task:" + task.name, token: task.token, holders: taskHolders(task))
    }

    mutating func setSwimlaneActor(_ name: String, _ actor: ContractValue?) {
        if let index = instance.swimlanes.firstIndex(where: { $0.name == name }) {
            instance.swimlanes[index].actor = actor
        } else {
            instance.swimlanes.append(ProcessInstance.SwimlaneInstance(name: name, actor: actor))
        }
    }

    /// jBPM's `getInitializedSwimlaneInstance`: the swimlane's actor, evaluating its assignment
    /// the first time the swimlane is needed.
    mutating func initializedSwimlane(_ name: String) throws(ProcessError) -> ContractValue? {
        if let existing = instance.swimlanes.first(where: { $0.name == name }) { return existing.actor }
        var actor: ContractValue?
        if let index = definition.swimlane(named: name), let assignment = definition.swimlanes[index].assignment {
            actor = try evaluateActor(assignment, key: CompiledProcess.swimlaneKey(name), of: "swimlane '\(name)'")
        }
        instance.swimlanes.append(ProcessInstance.SwimlaneInstance(name: name, actor: actor))
        return actor
    }

    /// The actor an assignment names: its address, or its expression's value (an address, or
    /// an address's text). An expression giving null fails, as in jBPM.
    mutating func evaluateActor(_ assignment: AssignmentDefinition, key: String, of what: String) throws(ProcessError) -> ContractValue {
        switch assignment.actor {
        case .literal(let text):
            return ActorValue.address(text)
        case .expression(let source):
            guard let expression = process.expressions[key] else {
                throw ProcessError(.expression, "the assignment of \(what) has no compiled expression")
            }
            switch try evaluate(expression) {
            case .address(let address): return .address(address)
            case .string(let text): return ActorValue.address(text)
            case .null: throw ProcessError(.variable, "the assignment of \(what) ('\(source.text)') gave no actor")
            case let other: throw ProcessError(.expression, "the assignment of \(what) gave \(other), not an address")
            }
        }
    }

    /// jBPM's `TaskNode.leave` and `removeTaskInstanceSynchronization`, applied when a token leaves
    /// any node: open blocking tasks of a task-node keep the token there; the token's tasks stop
    /// signalling and blocking; with `end-tasks`, the node's open tasks of the token end (task-end).
    mutating func releaseTasks(token: Int, node: Int) throws(ProcessError) {
        let item = definition.nodes[node]
        if item.kind == .taskNode, let blocking = instance.tasks.first(where: { $0.token == token && $0.blocking }) {
            throw ProcessError(.blocked, "task-node '\(item.fullName)' still has the blocking task '\(blocking.name)'")
        }
        for index in instance.tasks.indices where instance.tasks[index].token == token {
            instance.tasks[index].signalling = false
            instance.tasks[index].blocking = false
        }
        guard item.endTasks else { return }
        while let index = instance.tasks.firstIndex(where: { $0.token == token && $0.node == node }) {
            let task = instance.tasks.remove(at: index)
            instance.timers.removeAll { $0.task == task.id }
            try fire("task-end", source: "task:" + task.name, token: task.token, holders: taskHolders(task))
        }
    }

    /// The first open task named `name` that `actor` may complete (nil actor: any).
    func completableTask(named name: String, actor: ContractValue?) throws(ProcessError) -> Int {
        let candidates = instance.tasks.indices.filter { instance.tasks[$0].name == name }
        guard let first = candidates.first else { throw ProcessError(.noTask, "there is no open task named '\(name)'") }
        guard let actor else { return first }
        if let allowed = candidates.first(where: { instance.tasks[$0].actor == nil || instance.tasks[$0].actor == actor }) { return allowed }
        let owner = instance.tasks[first].actor.map(ActorValue.text) ?? "?"
        throw ProcessError(.notAssigned, "task '\(name)' is assigned to \(owner), not to \(ActorValue.text(actor))")
    }

    /// jBPM's `TaskInstance.end`: ends the first open task named `name` that `actor` may complete
    /// (an unassigned one is first assigned to `actor`); sets `variables`, cancels the task's
    /// timers, fires task-end, then signals the token when the task is the start task or its
    /// task-node's signal mode says so (over `transition`, or the default).
    mutating func completeTask(named name: String, transition: String?, variables: [(String, ContractValue)],
                               actor: ContractValue? = nil) throws(ProcessError) {
        guard !instance.ended else { throw ProcessError(.ended, "process instance has ended") }
        let index = try completableTask(named: name, actor: actor)
        let id = instance.tasks[index].id
        if let actor, instance.tasks[index].actor == nil { try assign(taskID: id, to: actor) }
        guard let position = instance.tasks.firstIndex(where: { $0.id == id }) else { return }
        for (variable, value) in variables { try setVariable(variable, value) }
        let task = instance.tasks.remove(at: position)
        instance.timers.removeAll { $0.task == task.id }
        try fire("task-end", source: "task:" + name, token: task.token, holders: taskHolders(task))
        let token = instance.tokens[task.token]
        guard task.signalling, !token.ended, !instance.ended else { return }
        let node = definition.nodes[task.node]
        let triggers: Bool
        if task.node == definition.startNode, node.kind == .startState {
            triggers = true
        } else if node.kind == .taskNode {
            switch node.signalMode {
            case .first, .firstWait: triggers = true
            case .last, .lastWait: triggers = !instance.tasks.contains { $0.token == task.token && $0.signalling }
            case .unsynchronized, .never:
                if let transition { throw ProcessError(.noTransition, "task '\(name)' does not signal its token, so it cannot take '\(transition)'") }
                triggers = false
            }
        } else {
            triggers = false
        }
        guard triggers else { return }
        try signal(token: task.token, transition: leavingTransition(of: token.node, named: transition))
    }

    /// jBPM's `TaskInstance.start(actorId)`: the first open task named `name` that `actor` may
    /// work on is (re)assigned to `actor` (task-assign fires) and started (task-start fires).
    mutating func beginTask(named name: String, actor: ContractValue?) throws(ProcessError) {
        guard !instance.ended else { throw ProcessError(.ended, "process instance has ended") }
        let index = try completableTask(named: name, actor: actor)
        let id = instance.tasks[index].id
        if instance.tasks[index].started { throw ProcessError(.noTask, "task '\(name)' is already started") }
        if let actor { try assign(taskID: id, to: actor) }
        guard let position = instance.tasks.firstIndex(where: { $0.id == id }) else { return }
        instance.tasks[position].started = true
        let task = instance.tasks[position]
        try fire("task-start", source: "task:" + task.name, token: task.token, holders: taskHolders(task))
    }

    /// jBPM's `createStartTaskInstance`: the start-state's task on the root token, assigned to
    /// `actor`, who becomes the actor of the task's swimlane (the initiator).
    mutating func startTask(actor: ContractValue) throws(ProcessError) {
        guard let task = definition.startTask else { throw ProcessError(.noTask, "the process has no start task") }
        guard !instance.ended, !instance.tokens[0].ended, instance.tokens[0].node == definition.startNode else {
            throw ProcessError(.noTask, "the start task '\(task.name)' can only be created while the process waits in its start-state")
        }
        if instance.tasks.contains(where: { $0.node == definition.startNode && $0.token == 0 }) {
            throw ProcessError(.noTask, "the start task '\(task.name)' is already open")
        }
        let id = try createTask(node: definition.startNode, index: 0, token: 0, initiator: actor)
        try assign(taskID: id, to: actor)
    }

    /// Sets a variable, checking it against its declared type.
    mutating func setVariable(_ name: String, _ value: ContractValue) throws(ProcessError) {
        try charge(ProcessGas.variable)
        if let type = process.variableTypes[name], !VariableType.conforms(value, to: type) {
            throw ProcessError(.variable, "variable '\(name)' is declared '\(type)' but the value is \(value)")
        }
        instance.setVariable(name, value)
    }

    /// Starts the instance: process-start fires, then the start node executes (a start-state waits;
    /// an `initial=` node executes without node-enter, as jBPM does).
    mutating func start() throws(ProcessError) {
        try charge(ProcessGas.nodeEnter)
        try fire("process-start", source: "process-definition", token: 0,
                 holders: [(element: "process-definition", events: definition.events)])
        let node = definition.startNode
        if definition.nodes[node].kind != .startState {
            try startTimers(node: node, token: 0)
            try execute(node: node, token: 0)
        }
    }
}

/// Actors as the engine keeps them: addresses (`.address`). Written-out actors (`actor-id="…"`,
/// the conformance runner's actor names) become addresses here, and only here.
public enum ActorValue {
    /// The actor `text` names: bech32 text (`cmt1…`, checked by ``Address/parse(_:)``) is that
    /// address; any other text (a jBPM actor id such as `johndoe`) stays that name, which no
    /// account on a chain ever is (only the conformance runner and direct users of the engine act
    /// as named actors).
    public static func address(_ text: String) -> ContractValue {
        if let address = try? Address.parse(text) { return .address(address) }
        return .string(text)
    }

    /// How an actor is shown in messages.
    public static func text(_ actor: ContractValue) -> String {
        if case .address(let address) = actor { return address.description }
        if case .string(let text) = actor { return text }
        return "\(actor)"
    }
}

/// Checks values against the CMT type names process variables are declared with.
enum VariableType {
    static func conforms(_ value: ContractValue, to type: String) -> Bool {
        var base = type
        if base.hasSuffix("?") {
            if value == .null { return true }
            base.removeLast()
        }
        switch (base, value) {
        case ("number", .number), ("string", .string), ("boolean", .boolean), ("address", .address), ("bytes", .bytes): return true
        default: return false
        }
    }
}
