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
    /// Sub-process instances started by process-state tokens, still running.
    public internal(set) var subProcesses: [SubProcess]
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

    /// An open task of a task-node.
    public struct TaskInstance: Hashable, Sendable {
        public var id: Int64
        public var name: String
        public var node: Int
        public var token: Int
    }

    /// A pending timer: fires when block time reaches ``due``.
    public struct TimerInstance: Hashable, Sendable {
        public var id: Int64
        public var token: Int
        public var node: Int
        /// Index into the node's ``NodeDefinition/timers``.
        public var timer: Int
        public var due: Int64
    }

    /// A sub-process started by a process-state token.
    public struct SubProcess: Hashable, Sendable {
        public var token: Int
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
        self.ended = false
    }

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
