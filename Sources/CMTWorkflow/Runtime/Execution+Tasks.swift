import CMTVM

extension Execution {
    // MARK: - Task nodes

    /// jBPM's `TaskNode.execute`: one task instance per `<task>` (task-create fires for each), then
    /// the signal mode decides whether the token waits.
    mutating func createTasks(node: Int, token: Int) throws(ProcessError) {
        let item = definition.nodes[node]
        var created = 0
        if item.createTasks {
            for task in item.tasks {
                try charge(ProcessGas.task)
                instance.tasks.append(ProcessInstance.TaskInstance(id: instance.nextTaskID, name: task.name, node: node, token: token))
                instance.nextTaskID += 1
                created += 1
                try fire("task-create", source: "task:" + task.name, token: token, holders: taskHolders(node: node, task: task))
            }
        }
        switch item.signalMode {
        case .last, .first:
            if created == 0 { try leave(token: token, transition: leavingTransition(of: node, named: nil)) }
        case .unsynchronized:
            try leave(token: token, transition: leavingTransition(of: node, named: nil))
        case .lastWait, .firstWait, .never:
            return
        }
    }

    func taskHolders(node: Int, task: TaskDefinition) -> [(element: String, events: [EventDefinition])] {
        [(element: "task:" + task.name, events: task.events)] + nodeHolders(node)
    }

    /// Ends the first open task named `name`: sets `variables`, fires task-end, and lets the token
    /// leave when the signal mode says so (over `transition`, or the default).
    mutating func completeTask(named name: String, transition: String?, variables: [(String, ContractValue)]) throws(ProcessError) {
        guard !instance.ended else { throw ProcessError(.ended, "process instance has ended") }
        guard let index = instance.tasks.firstIndex(where: { $0.name == name }) else {
            throw ProcessError(.noTask, "there is no open task named '\(name)'")
        }
        let task = instance.tasks[index]
        for (variable, value) in variables { try setVariable(variable, value) }
        instance.tasks.remove(at: index)
        let definitionTask = definition.nodes[task.node].tasks.first { $0.name == name }
        try fire("task-end", source: "task:" + name, token: task.token,
                 holders: definitionTask.map { taskHolders(node: task.node, task: $0) } ?? nodeHolders(task.node))
        let token = instance.tokens[task.token]
        guard !token.ended, token.node == task.node else { return }
        let others = instance.tasks.contains { $0.token == task.token && $0.node == task.node }
        switch definition.nodes[task.node].signalMode {
        case .last, .lastWait:
            if others { return }
        case .first, .firstWait:
            break
        case .unsynchronized, .never:
            if let transition { throw ProcessError(.noTransition, "task '\(name)' does not signal its token, so it cannot take '\(transition)'") }
            return
        }
        try leave(token: task.token, transition: leavingTransition(of: task.node, named: transition))
    }

    /// Sets a variable, checking it against its declared type.
    mutating func setVariable(_ name: String, _ value: ContractValue) throws(ProcessError) {
        try charge(ProcessGas.variable)
        if let type = process.variableTypes[name], !VariableType.conforms(value, to: type) {
            throw ProcessError(.variable, "variable '\(name)' is declared '\(type)' but the value is \(value)")
        }
        instance.setVariable(name, value)
    }

    // MARK: - Sub-processes

    /// jBPM's `ProcessState.execute`: starts the sub-process with the mapped (readable) variables;
    /// if it ends at once, the written variables come back and the token leaves, else it waits.
    mutating func startSubProcess(node: Int, token: Int) throws(ProcessError) {
        guard let binding = definition.nodes[node].subProcess, let sub = process.subProcesses[binding.processName] else {
            throw ProcessError(.subProcess, "process-state '\(nodeName(node))' has no sub-process")
        }
        var child = Execution(process: sub, handler: handler, context: context,
                              instance: ProcessInstance(id: instance.id, startNode: sub.definition.startNode))
        child.gasUsed = gasUsed
        child.depth = depth
        for mapping in binding.mappings where mapping.read {
            if let value = instance.variable(mapping.name) { try child.setVariable(mapping.mappedName, value) }
        }
        try child.start()
        gasUsed = child.gasUsed
        events += child.events
        try fire("subprocess-created", source: "node:" + nodeName(node), token: token, holders: nodeHolders(node))
        if child.instance.ended {
            try finishSubProcess(node: node, token: token, sub: child.instance)
        } else {
            instance.subProcesses.append(ProcessInstance.SubProcess(token: token, instance: child.instance))
        }
    }

    /// Copies the written variables back, fires subprocess-end and leaves the process-state.
    mutating func finishSubProcess(node: Int, token: Int, sub: ProcessInstance) throws(ProcessError) {
        if let binding = definition.nodes[node].subProcess {
            for mapping in binding.mappings where mapping.write {
                if let value = sub.variable(mapping.mappedName) { try setVariable(mapping.name, value) }
            }
        }
        try fire("subprocess-end", source: "node:" + nodeName(node), token: token, holders: nodeHolders(node))
        try leave(token: token, transition: leavingTransition(of: node, named: nil))
    }

    /// Starts the instance: process-start fires, then the start node executes (a start-state waits;
    /// an `initial=` node executes without node-enter, as jBPM does).
    mutating func start() throws(ProcessError) {
        try charge(ProcessGas.nodeEnter)
        try fire("process-start", source: "process-definition", token: 0,
                 holders: [(element: "process-definition", events: definition.events)])
        let node = definition.startNode
        if definition.nodes[node].kind != .startState {
            for (index, timer) in definition.nodes[node].timers.enumerated() {
                try charge(ProcessGas.timer)
                instance.timers.append(ProcessInstance.TimerInstance(
                    id: instance.nextTimerID, token: 0, node: node, timer: index, due: context.time + timer.dueSeconds))
                instance.nextTimerID += 1
            }
            try execute(node: node, token: 0)
        }
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
