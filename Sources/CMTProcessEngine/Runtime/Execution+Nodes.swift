import CMTBytecode
import CMTVM

extension Execution {
    /// What each kind of node does when a token arrives (jBPM's `Node.execute`).
    mutating func execute(node: Int, token: Int) throws(ProcessError) {
        let item = definition.nodes[node]
        switch item.kind {
        case .state, .startState:
            return
        case .endState:
            if item.endCompleteProcess {
                try endProcess(token: token)
            } else {
                try endToken(token)
            }
        case .node:
            if let action = item.action {
                try perform(action, event: ProcessEvent(type: "node-execute", element: "node:" + item.fullName,
                                                        source: "node:" + item.fullName, token: instance.tokens[token].path))
            }
            try leave(token: token, transition: leavingTransition(of: node, named: nil))
        case .decision:
            try leave(token: token, transition: decide(node: node, token: token))
        case .fork:
            try fork(node: node, token: token)
        case .join:
            try join(node: node, token: token)
        case .taskNode:
            try createTasks(node: node, token: token)
        case .superState:
            guard let first = item.children.first else { return }
            try enter(node: first, token: token)
        case .processState:
            try startSubProcess(node: node, token: token)
        }
    }

    // MARK: - Decision

    /// The decision's transition: the handler's answer, the expression's transition name
    /// (a boolean selects "true"/"false"), or the first leaving transition whose condition holds in
    /// document order, else the first one without a condition.
    mutating func decide(node: Int, token: Int) throws(ProcessError) -> Int {
        let item = definition.nodes[node]
        if let handlerAction = item.handler {
            try charge(ProcessGas.action)
            guard let handler else { throw ProcessError(.action, "decision '\(item.fullName)' has a handler but no handler is installed") }
            let answer: (transition: String, gasUsed: Int64)
            do {
                answer = try handler.decide(handlerAction, node: item.fullName, instance: instance)
            } catch let error as ProcessError {
                throw error
            } catch {
                throw ProcessError(.action, "decision handler of '\(item.fullName)' failed: \(error)")
            }
            try charge(max(0, answer.gasUsed))
            return try leavingTransition(of: node, named: answer.transition)
        }
        if let expression = process.decisionExpressions[node] {
            let value = try evaluate(expression)
            let name: String
            switch value {
            case .string(let text): name = text
            case .boolean(let flag): name = flag ? "true" : "false"
            default: throw ProcessError(.expression, "decision '\(item.fullName)': the expression gave \(value), not a transition name")
            }
            guard let match = item.leaving.first(where: { definition.transitions[$0].name == name }) else {
                throw ProcessError(.noTransition, "decision '\(item.fullName)' has no leaving transition named \(name)")
            }
            return match
        }
        for transition in item.leaving {
            guard let condition = process.conditions[transition] else { continue }
            if case .boolean(true) = try evaluate(condition) { return transition }
        }
        guard let fallback = item.leaving.first(where: { process.conditions[$0] == nil }) else {
            throw ProcessError(.noTransition, "decision '\(item.fullName)': no condition holds and there is no unconditional transition")
        }
        return fallback
    }

    /// Runs a compiled expression with the current variables; charges its gas.
    mutating func evaluate(_ expression: CompiledExpression) throws(ProcessError) -> ContractValue {
        try charge(ProcessGas.expression)
        var arguments: [ContractValue] = []
        for parameter in expression.parameters {
            if let value = instance.variable(parameter.name) {
                arguments.append(value)
            } else if parameter.type.hasSuffix("?") {
                arguments.append(.null)
            } else {
                throw ProcessError(.variable, "expression '\(expression.source.text)' reads the variable '\(parameter.name)', which is not set")
            }
        }
        let host = InMemoryHost(block: BlockContext(height: context.height, time: context.time))
        let contract = Address.named("process")
        let remaining = max(0, context.gasLimit - gasUsed)
        let outcome = VM.call(expression.program, function: FunctionIndex(UInt16(truncatingIfNeeded: expression.function)),
                              arguments: arguments, context: CallContext(contract: contract, sender: contract), host: host,
                              limits: ExecutionLimits(gasLimit: remaining, heapBytes: 1 << 20))
        try charge(outcome.gasUsed)
        switch outcome.status {
        case .returned(let value): return value
        case .reverted(let reason): throw ProcessError(.expression, "expression '\(expression.source.text)' reverted: \(reason)")
        case .trapped(let trap):
            if trap.reason == .outOfGas { throw ProcessError(.outOfGas, "out of gas evaluating '\(expression.source.text)'") }
            throw ProcessError(.expression, "expression '\(expression.source.text)' failed: \(trap.reason)")
        }
    }

    // MARK: - Fork and join

    /// jBPM's `Fork.execute`: one child token per leaving transition, in document order, named
    /// after the transition (an unnamed one gets the number of children + 1); then each child
    /// leaves over its transition. The parent waits in the fork.
    mutating func fork(node: Int, token: Int) throws(ProcessError) {
        var created: [(token: Int, transition: Int)] = []
        for transition in definition.nodes[node].leaving {
            try charge(ProcessGas.token)
            let parent = instance.tokens[token]
            let name = childName(parent: parent, transition: definition.transitions[transition].name)
            let index = instance.tokens.count
            let path = parent.path == "/" ? "/" + name : parent.path + "/" + name
            instance.tokens.append(ProcessInstance.Token(name: name, path: path, parent: token, children: [], node: node, ended: false))
            instance.tokens[token].children.append(index)
            created.append((token: index, transition: transition))
        }
        for child in created where !instance.tokens[child.token].ended && !instance.ended {
            try leave(token: child.token, transition: child.transition)
        }
    }

    func childName(parent: ProcessInstance.Token, transition: String?) -> String {
        let taken = Set(parent.children.map { instance.tokens[$0].name })
        if let transition {
            if !taken.contains(transition) { return transition }
            var suffix = 2
            while taken.contains("\(transition)\(suffix)") { suffix += 1 }
            return "\(transition)\(suffix)"
        }
        var number = parent.children.count + 1
        while taken.contains(String(number)) { number += 1 }
        return String(number)
    }

    /// jBPM's `Join.execute`: the root token passes through; a child token ends there, and when no
    /// sibling is still active the parent moves into the join and leaves it over the default transition.
    mutating func join(node: Int, token: Int) throws(ProcessError) {
        guard let parent = instance.tokens[token].parent else {
            try leave(token: token, transition: leavingTransition(of: node, named: nil))
            return
        }
        instance.tokens[token].ended = true
        let waiting = instance.tokens[parent].children.contains { !instance.tokens[$0].ended }
        guard !waiting, !instance.tokens[parent].ended else { return }
        instance.tokens[parent].node = node
        try leave(token: parent, transition: leavingTransition(of: node, named: nil))
    }

    // MARK: - Ending

    /// jBPM's `Token.end()`: ends the token and its children; a parent whose last active child
    /// ended ends too; the root ending ends the process.
    mutating func endToken(_ token: Int) throws(ProcessError) {
        try endSubtree(token)
        var current = token
        while let parent = instance.tokens[current].parent {
            guard !instance.tokens[parent].ended else { return }
            if instance.tokens[parent].children.contains(where: { !instance.tokens[$0].ended }) { return }
            instance.tokens[parent].ended = true
            current = parent
        }
        try finishProcess(token: current)
    }

    func subtree(_ token: Int) -> [Int] {
        var result = [token]
        var index = 0
        while index < result.count {
            result += instance.tokens[result[index]].children
            index += 1
        }
        return result
    }

    /// Ends the tokens of the subtree: their timers go, their tasks stop signalling, and a running
    /// sub-process of theirs is ended too (jBPM's `Token.end`); ended sub-processes stay linked.
    mutating func endSubtree(_ token: Int) throws(ProcessError) {
        for index in subtree(token) {
            instance.tokens[index].ended = true
            instance.timers.removeAll { $0.token == index }
            for task in instance.tasks.indices where instance.tasks[task].token == index { instance.tasks[task].signalling = false }
            try cancelSubProcess(of: index)
        }
    }

    /// `ProcessInstance.end()`: every token ends, then process-end fires.
    mutating func endProcess(token: Int) throws(ProcessError) {
        try endSubtree(0)
        try finishProcess(token: token)
    }

    mutating func finishProcess(token: Int) throws(ProcessError) {
        guard !instance.ended else { return }
        instance.ended = true
        instance.timers.removeAll()
        instance.tasks.removeAll()
        try fire("process-end", source: "process-definition", token: token,
                 holders: [(element: "process-definition", events: definition.events)])
    }
}
