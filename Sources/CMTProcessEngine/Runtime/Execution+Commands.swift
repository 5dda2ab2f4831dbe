import CMTVM

extension Execution {
    /// The index of the active token `path`, or the error jBPM gives.
    func activeToken(_ path: String) throws(ProcessError) -> Int {
        guard let index = instance.token(at: path) else { throw ProcessError(.noSuchToken, "there is no token '\(path)'") }
        if instance.ended { throw ProcessError(.ended, "process instance has ended") }
        if instance.tokens[index].ended { throw ProcessError(.tokenEnded, "token '\(path)' has ended") }
        return index
    }

    /// The signal command: token `path` leaves its node (``signal(token:transition:)``). Fails when
    /// the token waits for child tokens or a sub-process, or, when `actor` is given, when the token
    /// waits at its node for a task assigned to someone else.
    mutating func signal(path: String, transition: String?, actor: ContractValue? = nil) throws(ProcessError) {
        let token = try activeToken(path)
        let node = instance.tokens[token].node
        if instance.tokens[token].children.contains(where: { !instance.tokens[$0].ended }) {
            throw ProcessError(.locked, "token '\(path)' is locked: it waits in '\(nodeName(node))' for its child tokens")
        }
        if instance.waitsForSubProcess(token) {
            throw ProcessError(.locked, "token '\(path)' is locked: it waits for its sub-process")
        }
        if let actor {
            for task in instance.tasks where task.token == token && task.node == node {
                if let owner = task.actor, owner != actor {
                    throw ProcessError(.notAssigned, "token '\(path)' waits in '\(nodeName(node))' for task '\(task.name)', which is assigned to "
                                       + "\(ActorValue.text(owner)): \(ActorValue.text(actor)) may not signal it")
                }
            }
        }
        let chosen = try leavingTransition(of: node, named: transition)
        try signal(token: token, transition: chosen)
    }

    mutating func fireDueTimers() throws(ProcessError) {
        // Timers of running sub-processes first, in creation order; the super tokens of the
        // sub-processes they ended continue afterwards.
        var finished: [Int] = []
        for index in instance.subProcesses.indices where !instance.subProcesses[index].instance.ended {
            let link = instance.subProcesses[index]
            var child = self.child(try linked(link), link.instance)
            try child.fireDueTimers()
            absorb(&child)
            instance.subProcesses[index].instance = child.instance
            if child.instance.ended { finished.append(link.token) }
        }
        for token in finished { try finishSubProcess(token: token) }
        while !instance.ended {
            let due = instance.timers.filter { $0.due <= context.time }
            guard let timer = due.min(by: { ($0.due, $0.id) < ($1.due, $1.id) }) else { return }
            try fire(timer)
        }
    }

    /// jBPM's `Timer.execute`: the timer event fires on the node (or the task) the timer belongs
    /// to, the timer's action runs, then the token is signalled over the timer's transition (when
    /// its node has it); a repeating timer without transition is rescheduled, any other one dropped.
    mutating func fire(_ timer: ProcessInstance.TimerInstance) throws(ProcessError) {
        try charge(ProcessGas.timer)
        let definitionTimer: TimerDefinition
        let source: String
        let holders: [(element: String, events: [EventDefinition])]
        if let taskID = timer.task {
            guard let task = instance.tasks.first(where: { $0.id == taskID }) else {
                instance.timers.removeAll { $0.id == timer.id }
                return
            }
            let definitionTask = definition.nodes[task.node].tasks[task.task]
            definitionTimer = definitionTask.timers[timer.timer]
            source = "task:" + task.name
            holders = taskHolders(node: task.node, task: definitionTask)
        } else {
            definitionTimer = definition.nodes[timer.node].timers[timer.timer]
            source = "node:" + nodeName(timer.node)
            holders = nodeHolders(timer.node)
        }
        try fire("timer", source: source, token: timer.token, holders: holders)
        if let action = definitionTimer.action {
            try perform(action, event: ProcessEvent(type: "timer", element: source, source: source, token: instance.tokens[timer.token].path))
        }
        guard let position = instance.timers.firstIndex(where: { $0.id == timer.id }) else { return }
        if let transition = definitionTimer.transition {
            instance.timers.remove(at: position)
            let node = instance.tokens[timer.token].node
            // jBPM only warns when the token's node has no such transition (a task left open elsewhere).
            guard !instance.tokens[timer.token].ended, let chosen = try? leavingTransition(of: node, named: transition) else { return }
            try signal(token: timer.token, transition: chosen)
        } else if let period = definitionTimer.repeatSeconds {
            var next = timer.due
            if context.time >= next {
                let periods = (context.time - next) / period + 1
                next += periods * period
            }
            instance.timers[position].due = next
        } else {
            instance.timers.remove(at: position)
        }
    }
}
