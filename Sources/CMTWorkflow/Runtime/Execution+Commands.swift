import CMTVM

extension Execution {
    /// The index of the active token `path`, or the error jBPM gives.
    func activeToken(_ path: String) throws(ProcessError) -> Int {
        guard let index = instance.token(at: path) else { throw ProcessError(.noSuchToken, "there is no token '\(path)'") }
        if instance.ended { throw ProcessError(.ended, "process instance has ended") }
        if instance.tokens[index].ended { throw ProcessError(.tokenEnded, "token '\(path)' has ended") }
        return index
    }

    mutating func signal(path: String, transition: String?) throws(ProcessError) {
        let token = try activeToken(path)
        if instance.tokens[token].children.contains(where: { !instance.tokens[$0].ended }) {
            throw ProcessError(.locked, "token '\(path)' is locked: it waits in '\(nodeName(instance.tokens[token].node))' for its child tokens")
        }
        if instance.subProcesses.contains(where: { $0.token == token }) {
            throw ProcessError(.locked, "token '\(path)' is locked: it waits for its sub-process")
        }
        let node = instance.tokens[token].node
        let chosen = try leavingTransition(of: node, named: transition)
        try leave(token: token, transition: chosen)
    }

    /// Runs `body` on the sub-process of super-process token `path` (`sub:/` in the conformance
    /// format); when the sub-process ends, the super token continues.
    mutating func inSubProcess(of path: String, _ body: (inout Execution) throws(ProcessError) -> Void) throws(ProcessError) {
        let token = try activeToken(path)
        guard let link = instance.subProcesses.firstIndex(where: { $0.token == token }),
            let binding = definition.nodes[instance.tokens[token].node].subProcess,
            let sub = process.subProcesses[binding.processName]
        else { throw ProcessError(.subProcess, "token '\(path)' has no running sub-process") }
        var child = Execution(process: sub, handler: handler, context: context, instance: instance.subProcesses[link].instance)
        child.gasUsed = gasUsed
        try body(&child)
        gasUsed = child.gasUsed
        events += child.events
        if child.instance.ended {
            instance.subProcesses.remove(at: link)
            try finishSubProcess(node: instance.tokens[token].node, token: token, sub: child.instance)
        } else {
            instance.subProcesses[link].instance = child.instance
        }
    }

    mutating func fireDueTimers() throws(ProcessError) {
        for index in instance.subProcesses.indices {
            let token = instance.subProcesses[index].token
            guard let binding = definition.nodes[instance.tokens[token].node].subProcess,
                let sub = process.subProcesses[binding.processName]
            else { continue }
            var child = Execution(process: sub, handler: handler, context: context, instance: instance.subProcesses[index].instance)
            child.gasUsed = gasUsed
            try child.fireDueTimers()
            gasUsed = child.gasUsed
            events += child.events
            instance.subProcesses[index].instance = child.instance
        }
        // Finish sub-processes the timers ended, in creation order.
        while let ended = instance.subProcesses.firstIndex(where: { $0.instance.ended }) {
            let link = instance.subProcesses.remove(at: ended)
            try finishSubProcess(node: instance.tokens[link.token].node, token: link.token, sub: link.instance)
        }
        while !instance.ended {
            let due = instance.timers.filter { $0.due <= context.time }
            guard let timer = due.min(by: { ($0.due, $0.id) < ($1.due, $1.id) }) else { return }
            try fire(timer)
        }
    }

    mutating func fire(_ timer: ProcessInstance.TimerInstance) throws(ProcessError) {
        try charge(ProcessGas.timer)
        let definitionTimer = definition.nodes[timer.node].timers[timer.timer]
        let source = "timer:" + (definitionTimer.name.isEmpty ? nodeName(timer.node) : definitionTimer.name)
        try fire("timer", source: source, token: timer.token, holders: nodeHolders(timer.node))
        if let action = definitionTimer.action {
            try perform(action, event: ProcessEvent(type: "timer", element: source, source: source, token: instance.tokens[timer.token].path))
        }
        guard let position = instance.timers.firstIndex(where: { $0.id == timer.id }) else { return }
        if let transition = definitionTimer.transition {
            instance.timers.remove(at: position)
            let chosen = try leavingTransition(of: timer.node, named: transition)
            try leave(token: timer.token, transition: chosen)
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
