public import CMTVM

/// Runs commands on ``ProcessInstance`` values of one ``CompiledProcess``.
///
/// Every command is all-or-nothing: it works on a copy of the instance and writes it back only
/// when it succeeds; a failure throws ``ProcessError`` and leaves the instance exactly as it was.
/// Each command costs gas (``ProcessGas``, plus expression and action gas) and fails with
/// ``ProcessError/Code/outOfGas`` when ``StepContext/gasLimit`` runs out.
public struct ProcessRuntime {
    public let process: CompiledProcess
    /// Runs actions and answers decision handlers; nil ignores actions.
    public var handler: (any ProcessActionHandler)?
    /// The deployment's definitions by name, which late-bound process-states (`binding="late"`)
    /// look their sub-process up in when entered.
    public let library: [String: CompiledProcess]

    public init(process: CompiledProcess, handler: (any ProcessActionHandler)? = nil, library: [String: CompiledProcess] = [:]) {
        self.process = process
        self.handler = handler
        self.library = library
    }

    var definition: ProcessDefinition { process.definition }

    /// Creates an instance: sets `variables`, puts the root token on the start node, fires
    /// process-start and executes the start node (a start-state waits).
    public func start(id: Int64, variables: [(String, ContractValue)] = [], context: StepContext = StepContext())
        throws(ProcessError) -> (ProcessInstance, StepResult)
    {
        var execution = Execution(process: process, handler: handler, context: context, library: library,
                                  instance: ProcessInstance(id: id, startNode: definition.startNode))
        try execution.charge(ProcessGas.command)
        for (name, value) in variables { try execution.setVariable(name, value) }
        try execution.start()
        return (execution.instance, StepResult(gasUsed: execution.gasUsed, events: execution.events))
    }

    /// Runs `body` on a copy; commits on success.
    func command(_ instance: inout ProcessInstance, _ context: StepContext, subProcess: String?,
                 _ body: (inout Execution) throws(ProcessError) -> Void) throws(ProcessError) -> StepResult
    {
        var execution = Execution(process: process, handler: handler, context: context, library: library, instance: instance)
        try execution.charge(ProcessGas.command)
        if let subProcess {
            try execution.inSubProcess(of: subProcess, body)
        } else {
            try body(&execution)
        }
        instance = execution.instance
        return StepResult(gasUsed: execution.gasUsed, events: execution.events)
    }

    /// Signals token `token` (a full name, `/` for the root): it leaves its node over the named
    /// transition, or the default one (before-signal and after-signal fire on the node).
    /// `subProcess` names the super-process token whose sub-process instance the command acts on.
    /// With an `actor`, a token waiting for a task assigned to another actor cannot be signalled.
    @discardableResult
    public func signal(_ instance: inout ProcessInstance, token: String = "/", transition: String? = nil,
                       subProcess: String? = nil, actor: ContractValue? = nil, context: StepContext = StepContext()) throws(ProcessError)
        -> StepResult
    {
        try command(&instance, context, subProcess: subProcess) { (execution: inout Execution) throws(ProcessError) in
            try execution.signal(path: token, transition: transition, actor: actor)
        }
    }

    /// The white paper's `process.next()`: false once the process has ended; otherwise signals the
    /// current token (``ProcessInstance/currentToken``) over its default transition and returns
    /// whether the process is still running.
    public func next(_ instance: inout ProcessInstance, actor: ContractValue? = nil, context: StepContext = StepContext())
        throws(ProcessError) -> (Bool, StepResult)
    {
        guard !instance.ended, let current = instance.currentToken else { return (false, StepResult(gasUsed: 0, events: [])) }
        let path = instance.tokens[current].path
        let result = try signal(&instance, token: path, actor: actor, context: context)
        return (!instance.ended, result)
    }

    /// Ends the first open task named `name` that `actor` may complete (setting `variables` first);
    /// the token leaves over `transition` (or the default) when the task is the start task or the
    /// task-node's signal mode says so. With an `actor`, a task assigned to someone else cannot be
    /// completed ("task 'x' is assigned to …"); an unassigned one is assigned to the actor first.
    @discardableResult
    public func completeTask(_ instance: inout ProcessInstance, name: String, transition: String? = nil,
                             variables: [(String, ContractValue)] = [], subProcess: String? = nil, actor: ContractValue? = nil,
                             context: StepContext = StepContext()) throws(ProcessError) -> StepResult
    {
        try command(&instance, context, subProcess: subProcess) { (execution: inout Execution) throws(ProcessError) in
            try execution.completeTask(named: name, transition: transition, variables: variables, actor: actor)
        }
    }

    /// jBPM's `TaskInstance.start(actorId)`: the actor starts working on the first open task named
    /// `name` it may work on (it becomes the task's actor: task-assign, then task-start fire).
    @discardableResult
    public func beginTask(_ instance: inout ProcessInstance, name: String, actor: ContractValue? = nil, subProcess: String? = nil,
                          context: StepContext = StepContext()) throws(ProcessError) -> StepResult
    {
        try command(&instance, context, subProcess: subProcess) { (execution: inout Execution) throws(ProcessError) in
            try execution.beginTask(named: name, actor: actor)
        }
    }

    /// jBPM's `createStartTaskInstance`: creates the start-state's task for `actor` (the
    /// initiator), who becomes the actor of its swimlane. Completing it starts the process moving.
    @discardableResult
    public func startTask(_ instance: inout ProcessInstance, actor: ContractValue, subProcess: String? = nil,
                          context: StepContext = StepContext()) throws(ProcessError) -> StepResult
    {
        try command(&instance, context, subProcess: subProcess) { (execution: inout Execution) throws(ProcessError) in
            try execution.startTask(actor: actor)
        }
    }

    /// jBPM's `Token.end()`: ends the token and its children; a parent left without active
    /// children ends too, and the root ending ends the process.
    @discardableResult
    public func endToken(_ instance: inout ProcessInstance, token: String, subProcess: String? = nil,
                         context: StepContext = StepContext()) throws(ProcessError) -> StepResult
    {
        try command(&instance, context, subProcess: subProcess) { (execution: inout Execution) throws(ProcessError) in
            let index = try execution.activeToken(token)
            try execution.endToken(index)
        }
    }

    /// Cancels the process (jBPM's `ProcessInstance.end()`): every token ends, open tasks and
    /// timers are dropped, process-end fires.
    @discardableResult
    public func cancel(_ instance: inout ProcessInstance, subProcess: String? = nil, context: StepContext = StepContext())
        throws(ProcessError) -> StepResult
    {
        try command(&instance, context, subProcess: subProcess) { (execution: inout Execution) throws(ProcessError) in
            guard !execution.instance.ended else { throw ProcessError(.ended, "process instance has ended") }
            try execution.endProcess(token: 0)
        }
    }

    /// Sets a process variable (checked against its declared type).
    @discardableResult
    public func setVariable(_ instance: inout ProcessInstance, name: String, value: ContractValue, subProcess: String? = nil,
                            context: StepContext = StepContext()) throws(ProcessError) -> StepResult
    {
        try command(&instance, context, subProcess: subProcess) { (execution: inout Execution) throws(ProcessError) in
            try execution.setVariable(name, value)
        }
    }

    /// Test-only (jBPM's `Token.setNode`): puts the token on a node without executing anything.
    public func setNode(_ instance: inout ProcessInstance, token: String, node: String) throws(ProcessError) {
        guard let index = instance.token(at: token) else { throw ProcessError(.noSuchToken, "there is no token '\(token)'") }
        guard let target = definition.node(named: node) else { throw ProcessError(.noNode, "there is no node '\(node)'") }
        instance.tokens[index].node = target
    }

    /// Fires every timer whose due time has been reached (`due <= context.time`), in order of due
    /// time then creation: runs its action, then takes its transition (which cancels the node's
    /// timers); a repeating timer without transition is rescheduled to its next due time after
    /// `context.time`, a one-shot one is dropped. Timers of sub-processes fire too.
    @discardableResult
    public func fireDueTimers(_ instance: inout ProcessInstance, context: StepContext) throws(ProcessError) -> StepResult {
        try command(&instance, context, subProcess: nil) { (execution: inout Execution) throws(ProcessError) in
            try execution.fireDueTimers()
        }
    }

    /// The earliest due time of a pending timer (the chain can schedule a wake-up), if any.
    public func nextDueTime(_ instance: ProcessInstance) -> Int64? { instance.nextDueTime }

    // MARK: - Queries

    /// The white paper's `process.state`: the node of the current token ("" once ended).
    public func state(_ instance: ProcessInstance) -> String {
        guard let token = instance.currentToken else { return "" }
        return definition.nodes[instance.tokens[token].node].fullName
    }

    /// `process.states`: the nodes of every active leaf token (the tokens that can be signalled;
    /// a parent waiting in a fork for its children is left out), in token creation order.
    public func states(_ instance: ProcessInstance) -> [String] {
        instance.activeTokens.filter { index in !instance.tokens[index].children.contains { !instance.tokens[$0].ended } }
            .map { definition.nodes[instance.tokens[$0].node].fullName }
    }

    /// `process.tasks`: the names of the open tasks in creation order.
    public func tasks(_ instance: ProcessInstance) -> [String] { instance.tasks.map(\.name) }

    /// `process.tasksFor(actor)`: the names of the open tasks assigned to `actor` (jBPM's task
    /// list of an actor), in creation order.
    public func tasks(_ instance: ProcessInstance, for actor: ContractValue) -> [String] {
        instance.tasks.filter { $0.actor == actor }.map(\.name)
    }

    /// The open tasks of the instance and then of the sub-processes its tokens wait for (one level,
    /// in creation order), as contracts see them: all of them, or those assigned to `actor`.
    public func tasksWithSubProcesses(_ instance: ProcessInstance, for actor: ContractValue? = nil) -> [String] {
        var all = instance.tasks
        for link in instance.subProcesses where !link.instance.ended { all += link.instance.tasks }
        return all.filter { actor == nil || $0.actor == actor }.map(\.name)
    }

    /// Where a contract's `complete(name)` finds the task: nil for the instance itself, or the path
    /// of the token whose running sub-process has an open task of that name (when the instance has
    /// none).
    public func subProcessHolding(task name: String, in instance: ProcessInstance) -> String? {
        guard !instance.tasks.contains(where: { $0.name == name }) else { return nil }
        let link = instance.subProcesses.first { !$0.instance.ended && $0.instance.tasks.contains { $0.name == name } }
        return link.map { instance.tokens[$0.token].path }
    }

    /// The node name of the token with full name `path`, ended tokens included.
    public func node(of instance: ProcessInstance, token path: String) -> String? {
        instance.token(at: path).map { definition.nodes[instance.tokens[$0].node].fullName }
    }
}
