public import CMTBytecode

/// The process-engine commands a contract can give (`host r, process, 3` with the operation number
/// in its first argument). The process engine itself lives outside the VM (CMTWorkflow) and is
/// reached through ``ProcessService``.
public enum ProcessOperation: Int64, Sendable, CaseIterable {
    /// start(path, variables): a new instance of the definition at `path`; gives its id.
    case start = 0
    /// load(id): checks that instance `id` exists; gives the id.
    case load
    /// state(id): the node of the current token.
    case state
    /// states(id): the nodes of every active token.
    case states
    /// tasks(id): the names of the open tasks.
    case tasks
    /// ended(id): whether the instance has ended.
    case ended
    /// next(id): advances one pending step; gives whether the instance is still running.
    case next
    /// signal(id, transition or null): leaves the current node by that (or the default) transition.
    case signal
    /// complete(id, task): completes an open task.
    case complete
    /// variable(id, [name, kind]): the variable's value when it is of that kind ("number", "string",
    /// "boolean"), else null.
    case variable
    /// setVariable(id, [name, value]): sets a variable on the root token.
    case setVariable
    /// tasksFor(id, actor): the names of the open tasks assigned to that address.
    case tasksFor
    /// begin(id, task): the caller starts working on an open task (it becomes the task's actor).
    case begin
}

/// What a process command produced: a value, or the reason it failed (the call then reverts), and
/// the gas the engine's work cost.
public struct ProcessServiceResult: Sendable, Hashable {
    public var value: ContractValue
    public var failure: String?
    public var gasUsed: Int64
    /// Bytes the command made the host keep (instances written); the VM counts them against the
    /// call's heap limit.
    public var memoryUsed: Int

    public init(value: ContractValue = .null, failure: String? = nil, gasUsed: Int64, memoryUsed: Int = 0) {
        self.value = value
        self.failure = failure
        self.gasUsed = gasUsed
        self.memoryUsed = memoryUsed
    }
}

/// The process engine as the VM sees it. An implementation keeps instances in the contract's
/// storage through `host` (so a reverted call undoes its process commands too) and must be
/// deterministic. `gasLimit` is what the call has left; using more is a failure. `sender` is the
/// `msg.sender` of the code giving the command: the actor who completes or signals a task.
public protocol ProcessService: AnyObject {
    func perform(
        _ operation: ProcessOperation, instance: ContractValue, argument: ContractValue, contract: Address, sender: Address, host: any Host,
        gasLimit: Int64
    ) -> ProcessServiceResult
}
