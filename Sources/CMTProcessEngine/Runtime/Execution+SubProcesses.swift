import CMTVM

extension CompiledProcess {
    /// The definition of a sub-process started at process-state `node`: the one bound at deployment
    /// (`key` empty), or the one named `key` in `library` (late binding). A name equal to this
    /// definition's own is the definition itself (recursion, as jBPM binds it).
    public func subProcess(at node: Int, key: String, library: [String: CompiledProcess]) -> CompiledProcess? {
        if key.isEmpty {
            if let bound = boundSubProcesses[node] { return bound }
            let name = definition.nodes[node].subProcess?.processName
            return name != nil && name == definition.name ? self : nil
        }
        return library[key] ?? subProcesses[key] ?? (key == definition.name ? self : nil)
    }
}

extension Execution {
    /// The definition process-state `node` starts now, and the key that names it (late binding).
    mutating func subProcessDefinition(node: Int) throws(ProcessError) -> (CompiledProcess, String) {
        guard let binding = definition.nodes[node].subProcess else {
            throw ProcessError(.subProcess, "process-state '\(nodeName(node))' has no sub-process")
        }
        guard binding.late else {
            guard let sub = process.subProcess(at: node, key: "", library: library) else {
                throw ProcessError(.subProcess, "process-state '\(nodeName(node))' has no sub-process bound to it")
            }
            return (sub, "")
        }
        var name = binding.processName ?? ""
        if let expression = process.expressions[CompiledProcess.subProcessKey(nodeName(node))] {
            guard case .string(let text) = try evaluate(expression) else {
                throw ProcessError(.expression, "process-state '\(nodeName(node))': the sub-process name is not a string")
            }
            name = text
        }
        guard !name.isEmpty, let sub = process.subProcess(at: node, key: name, library: library) else {
            throw ProcessError(.subProcess, "process-state '\(nodeName(node))': no process definition named '\(name)' is deployed")
        }
        return (sub, name)
    }

    /// The definition of a started sub-process.
    func linked(_ link: ProcessInstance.SubProcess) throws(ProcessError) -> CompiledProcess {
        guard let sub = process.subProcess(at: link.node, key: link.definition, library: library) else {
            throw ProcessError(.subProcess, "the sub-process of token '\(instance.tokens[link.token].path)' has no definition")
        }
        return sub
    }

    /// jBPM's `ProcessState.execute`: the sub-process instance is created (its process-start
    /// fires, its start node executes) and linked to the token, subprocess-created fires, the
    /// readable variables are copied in, and the sub-process's root token is signalled. If the
    /// sub-process ends, the token continues (``finishSubProcess(token:)``).
    mutating func startSubProcess(node: Int, token: Int) throws(ProcessError) {
        let (sub, key) = try subProcessDefinition(node: node)
        guard nesting < Execution.maxNesting else {
            throw ProcessError(.tooDeep, "sub-processes nested more than \(Execution.maxNesting) deep at '\(nodeName(node))'")
        }
        var child = self.child(sub, ProcessInstance(id: instance.id, startNode: sub.definition.startNode))
        try child.start()
        absorb(&child)
        instance.subProcesses.removeAll { $0.token == token }
        instance.subProcesses.append(ProcessInstance.SubProcess(token: token, node: node, definition: key, instance: child.instance))
        try fire("subprocess-created", node: node, token: token)
        child.gasUsed = gasUsed
        if let binding = definition.nodes[node].subProcess {
            for mapping in binding.mappings where mapping.read {
                if let value = instance.variable(mapping.name) { try child.setVariable(mapping.mappedName, value) }
            }
        }
        if !child.instance.ended {
            try child.signal(token: 0, transition: child.leavingTransition(of: child.instance.tokens[0].node, named: nil))
        }
        absorb(&child)
        if let link = instance.subProcesses.lastIndex(where: { $0.token == token }) { instance.subProcesses[link].instance = child.instance }
        if child.instance.ended { try finishSubProcess(token: token) }
    }

    /// What jBPM does when a sub-process ends: the super-process token is signalled. before-signal
    /// fires on the process-state, `ProcessState.leave` copies the writable variables back and
    /// fires subprocess-end, the token leaves over the default transition, after-signal fires. The
    /// ended sub-process stays linked to the token.
    mutating func finishSubProcess(token: Int) throws(ProcessError) {
        guard let link = instance.subProcess(of: token), !instance.tokens[token].ended, !instance.ended else { return }
        let node = instance.tokens[token].node
        try fire("before-signal", node: node, token: token)
        if let binding = definition.nodes[link.node].subProcess {
            for mapping in binding.mappings where mapping.write {
                if let value = link.instance.variable(mapping.mappedName) { try setVariable(mapping.name, value) }
            }
        }
        try fire("subprocess-end", node: node, token: token)
        try leave(token: token, transition: leavingTransition(of: node, named: nil))
        try fire("after-signal", node: node, token: token)
    }

    /// Ends (cancels, jBPM's `ProcessInstance.end`) the running sub-process of `token`, if any: a
    /// token that ends or leaves its process-state otherwise takes its sub-process with it.
    mutating func cancelSubProcess(of token: Int) throws(ProcessError) {
        guard let index = instance.subProcesses.lastIndex(where: { $0.token == token }), !instance.subProcesses[index].instance.ended else {
            return
        }
        var child = self.child(try linked(instance.subProcesses[index]), instance.subProcesses[index].instance)
        try child.endProcess(token: 0)
        absorb(&child)
        instance.subProcesses[index].instance = child.instance
    }

    /// Runs `body` on the sub-process of super-process token `path` (`sub:/` in the conformance
    /// format), running or ended; when the body ends it, the super token continues.
    mutating func inSubProcess(of path: String, _ body: (inout Execution) throws(ProcessError) -> Void) throws(ProcessError) {
        let token = try activeToken(path)
        guard let index = instance.subProcesses.lastIndex(where: { $0.token == token }) else {
            throw ProcessError(.subProcess, "token '\(path)' has no sub-process")
        }
        let link = instance.subProcesses[index]
        var child = self.child(try linked(link), link.instance)
        try body(&child)
        absorb(&child)
        instance.subProcesses[index].instance = child.instance
        if !link.instance.ended, child.instance.ended { try finishSubProcess(token: token) }
    }
}
