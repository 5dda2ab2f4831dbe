public import CMTVM

/// One running (or ended) process: its token tree, variables, open tasks and timers. A plain value:
/// copy it, store it (``ProcessInstance/serialized()``), restore it
/// (``ProcessInstance/init(serialized:process:)``); commands of ``ProcessRuntime`` change it all or
/// nothing.
public struct ProcessInstance: Hashable, Sendable {
    /// The caller-assigned id (contract state keeps a counter).
    public var id: Int64
    /// Every token ever created, in creation order; index 0 is the root `/`.
    public internal(set) var tokens: [Token]
    /// Process variables in the order they were first set.
    public internal(set) var variables: [Variable]
    /// Open task instances in creation order.
    public internal(set) var tasks: [TaskInstance]
    /// Pending timers in creation order.
    public internal(set) var timers: [TimerInstance]
    /// The sub-process instance each process-state token started last, running or ended (an ended
    /// one stays reachable, as jBPM keeps it, until the token starts another).
    public internal(set) var subProcesses: [SubProcess]
    /// Swimlane instances in the order they were first needed, with their actors.
    public internal(set) var swimlanes: [SwimlaneInstance]
    /// Whether the process has ended (the root token ended, or it was cancelled).
    public internal(set) var ended: Bool
    /// Counters that give tasks, timers and sub-processes their ids.
    public internal(set) var nextTaskID: Int64 = 1
    public internal(set) var nextTimerID: Int64 = 1

    /// One token of the tree: jBPM's execution path.
    public struct Token: Hashable, Sendable {
        /// The name within its parent: a fork transition's name, or a number.
        public var name: String
        /// The full name, jBPM's `Token.getFullName()`: `/`, `/first`, `/first/second`.
        public var path: String
        public var parent: Int?
        public var children: [Int]
        /// The node the token is in (an ended token keeps the node it ended in).
        public var node: Int
        public var ended: Bool
    }

    /// A process variable.
    public struct Variable: Hashable, Sendable {
        public var name: String
        public var value: ContractValue
    }

    /// An open task of a task-node (or the start task of the start-state).
    public struct TaskInstance: Hashable, Sendable {
        public var id: Int64
        public var name: String
        public var node: Int
        /// Index into the node's ``NodeDefinition/tasks``.
        public var task: Int
        public var token: Int
        /// Who may complete it (an address; nil: anyone).
        public var actor: ContractValue?
        /// Whether ending it may move its token (cleared when the token leaves the node).
        public var signalling: Bool
        /// Whether it keeps its token from leaving the node (cleared when the token leaves).
        public var blocking: Bool
        /// Whether its actor has started it (jBPM's `TaskInstance.start`: task-start fired).
        public var started = false
    }

    /// A swimlane of this instance: the actor every task of the swimlane is assigned to.
    public struct SwimlaneInstance: Hashable, Sendable {
        public var name: String
        public var actor: ContractValue?
    }

    /// A pending timer: fires when block time reaches ``due``.
    public struct TimerInstance: Hashable, Sendable {
        public var id: Int64
        public var token: Int
        public var node: Int
        /// Index into the node's ``NodeDefinition/timers``, or into the task's
        /// ``TaskDefinition/timers`` for a task timer.
        public var timer: Int
        public var due: Int64
        /// The task instance a task timer belongs to (cancelled when it ends).
        public var task: Int64? = nil
    }

    /// A sub-process started by a process-state token.
    public struct SubProcess: Hashable, Sendable {
        public var token: Int
        /// The process-state that started it.
        public var node: Int
        /// The definition name it was looked up by (late binding); "" when bound at deployment.
        public var definition: String
        public var instance: ProcessInstance
    }

    /// A fresh instance with only the root token (on `node`); ``ProcessRuntime/start`` makes one.
    init(id: Int64, startNode: Int) {
        self.id = id
        self.tokens = [Token(name: "", path: "/", parent: nil, children: [], node: startNode, ended: false)]
        self.variables = []
        self.tasks = []
        self.timers = []
        self.subProcesses = []
        self.swimlanes = []
        self.ended = false
    }

    /// The sub-process token `token` started last, running or ended.
    public func subProcess(of token: Int) -> SubProcess? { subProcesses.last { $0.token == token } }

    /// Whether token `token` waits for a running sub-process.
    func waitsForSubProcess(_ token: Int) -> Bool { subProcesses.contains { $0.token == token && !$0.instance.ended } }

    /// The actor of swimlane `name`, nil when it has none (yet).
    public func swimlaneActor(_ name: String) -> ContractValue? { swimlanes.first { $0.name == name }?.actor }

    /// The value of variable `name`, if set.
    public func variable(_ name: String) -> ContractValue? { variables.first { $0.name == name }?.value }

    /// The index of the token with full name `path`.
    public func token(at path: String) -> Int? { tokens.firstIndex { $0.path == path } }

    /// The token `next()` and `state` work on: the first token in creation order that is active
    /// and has no active child (a leaf of the live tree); nil once the process has ended.
    public var currentToken: Int? {
        guard !ended else { return nil }
        return tokens.indices.first { index in
            !tokens[index].ended && !tokens[index].children.contains { !tokens[$0].ended }
        }
    }

    /// Active tokens in creation order.
    public var activeTokens: [Int] { tokens.indices.filter { !tokens[$0].ended } }

    mutating func setVariable(_ name: String, _ value: ContractValue) {
        if let index = variables.firstIndex(where: { $0.name == name }) {
            variables[index].value = value
        } else {
            variables.append(Variable(name: name, value: value))
        }
    }
}

extension ProcessInstance {
    /// The earliest due time of a pending timer of this instance or of a running sub-process
    /// (the chain indexes it), if any.
    public var nextDueTime: Int64? {
        (timers.map(\.due) + subProcesses.compactMap { $0.instance.ended ? nil : $0.instance.nextDueTime }).min()
    }
}
