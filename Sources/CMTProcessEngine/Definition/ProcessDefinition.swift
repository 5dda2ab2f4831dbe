public import CMTSource

/// A parsed and checked jPDL-style process definition: the graph the runtime executes.
///
/// Nodes and transitions are kept in document order (indexes into ``nodes`` and ``transitions``);
/// super-state children have fully qualified names (`superstate/insidesuperstate`).
public struct ProcessDefinition: Sendable {
    /// The `name` attribute of `process-definition` ("" when absent).
    public var name: String
    /// Every node in document order (a super-state comes before its children).
    public var nodes: [NodeDefinition]
    /// Every transition in document order.
    public var transitions: [TransitionDefinition]
    /// Events declared directly on `process-definition`.
    public var events: [EventDefinition]
    /// Declared process variables (our `<variable name= type=>` extension), in document order.
    public var variables: [VariableDeclaration]
    /// Swimlanes (`<swimlane name=…>`), in document order.
    public var swimlanes: [SwimlaneDefinition]
    /// The node the root token starts in: the start-state, or the `initial=` node.
    public var startNode: Int
    /// The span of the `process-definition` element name.
    public var span: Span

    /// The node with fully qualified name `name`.
    public func node(named name: String) -> Int? { nodeIndex[name] }

    var nodeIndex: [String: Int] = [:]

    /// The swimlane named `name`.
    public func swimlane(named name: String) -> Int? { swimlanes.firstIndex { $0.name == name } }

    /// The start-state's task (jBPM's start task), if the start node is a start-state with one.
    public var startTask: TaskDefinition? {
        nodes[startNode].kind == .startState ? nodes[startNode].tasks.first : nil
    }

    public init(name: String, nodes: [NodeDefinition], transitions: [TransitionDefinition], events: [EventDefinition],
         variables: [VariableDeclaration], swimlanes: [SwimlaneDefinition] = [], startNode: Int, span: Span) {
        self.name = name
        self.nodes = nodes
        self.transitions = transitions
        self.events = events
        self.variables = variables
        self.swimlanes = swimlanes
        self.startNode = startNode
        self.span = span
        for (index, node) in nodes.enumerated() where nodeIndex[node.fullName] == nil { nodeIndex[node.fullName] = index }
    }
}

/// The kinds of node jPDL defines, named as their XML elements.
public enum NodeKind: String, Sendable, CaseIterable {
    case startState = "start-state"
    case endState = "end-state"
    case state
    case taskNode = "task-node"
    case node
    case decision
    case fork
    case join
    case processState = "process-state"
    case superState = "super-state"
}

/// When a task-node's token leaves as its tasks end (jPDL's `signal` attribute).
public enum SignalMode: String, Sendable, CaseIterable {
    /// Leave when the last open task ends; leave at once when no task was created (the default).
    case last
    /// As `last`, but wait when no task was created.
    case lastWait = "last-wait"
    /// Leave when the first task ends.
    case first
    /// As `first`, but wait when no task was created.
    case firstWait = "first-wait"
    /// Leave at once; the tasks stay open.
    case unsynchronized
    /// Never leave because of tasks: only a signal moves the token.
    case never
}

/// One node of a process definition.
public struct NodeDefinition: Sendable {
    public var kind: NodeKind
    /// The simple name as written.
    public var name: String
    /// The name qualified by enclosing super-states: `outer/inner/name`.
    public var fullName: String
    /// The enclosing super-state, if any.
    public var parent: Int?
    /// Child nodes of a super-state, in document order.
    public var children: [Int] = []
    /// Leaving transitions in document order.
    public var leaving: [Int] = []
    public var events: [EventDefinition] = []
    public var timers: [TimerDefinition] = []
    public var tasks: [TaskDefinition] = []
    /// The action of a `node` (executed on arrival, then the node leaves over its default transition).
    public var action: ActionDefinition?
    /// A decision's `expression` attribute.
    public var expression: ExpressionSource?
    /// A decision's `<handler>`: asks the action handler (a rule set or a contract function) for a transition name.
    public var handler: ActionDefinition?
    /// A task-node's signal mode.
    public var signalMode: SignalMode = .last
    /// A task-node's `create-tasks` (default true).
    public var createTasks = true
    /// A task-node's `end-tasks` (default false): open tasks are cancelled when the token leaves.
    public var endTasks = false
    /// An end-state's `end-complete-process` (default false).
    public var endCompleteProcess = false
    /// A process-state's sub-process name and variable mappings.
    public var subProcess: SubProcessBinding?
    /// The span of the node's `name` value (or the element name when unnamed).
    public var span: Span

    public init(kind: NodeKind, name: String, fullName: String, parent: Int? = nil, children: [Int] = [], leaving: [Int] = [],
                events: [EventDefinition] = [], timers: [TimerDefinition] = [], tasks: [TaskDefinition] = [],
                action: ActionDefinition? = nil, expression: ExpressionSource? = nil, handler: ActionDefinition? = nil,
                signalMode: SignalMode = .last, createTasks: Bool = true, endTasks: Bool = false, endCompleteProcess: Bool = false,
                subProcess: SubProcessBinding? = nil, span: Span) {
        self.kind = kind
        self.name = name
        self.fullName = fullName
        self.parent = parent
        self.children = children
        self.leaving = leaving
        self.events = events
        self.timers = timers
        self.tasks = tasks
        self.action = action
        self.expression = expression
        self.handler = handler
        self.signalMode = signalMode
        self.createTasks = createTasks
        self.endTasks = endTasks
        self.endCompleteProcess = endCompleteProcess
        self.subProcess = subProcess
        self.span = span
    }
}

/// A transition between two nodes.
public struct TransitionDefinition: Sendable {
    /// The name, or nil for an unnamed transition.
    public var name: String?
    public var from: Int
    /// The destination node (resolved from `to` relative to the source's super-state, as jBPM does).
    public var to: Int
    /// A decision transition's condition.
    public var condition: ExpressionSource?
    /// Actions of the transition (its `transition` event).
    public var actions: [ActionDefinition] = []
    public var span: Span

    public init(name: String? = nil, from: Int, to: Int, condition: ExpressionSource? = nil, actions: [ActionDefinition] = [],
                span: Span) {
        self.name = name
        self.from = from
        self.to = to
        self.condition = condition
        self.actions = actions
        self.span = span
    }
}

/// An `<event type="…">` with its actions.
public struct EventDefinition: Sendable {
    public var type: String
    public var actions: [ActionDefinition]

    public init(type: String, actions: [ActionDefinition]) {
        self.type = type
        self.actions = actions
    }
}

/// An `<action>` (or a decision `<handler>`): what the caller's ``ProcessActionHandler`` is asked to do.
public struct ActionDefinition: Sendable, Hashable {
    /// `name=`, if any.
    public var name: String?
    /// jBPM's `class=` (a Java class name in jBPM; an opaque handler name here).
    public var className: String?
    /// Our `function=`: a contract function to call.
    public var function: String?
    /// Our `rules=` on a decision handler: a rule set to ask.
    public var rules: String?
    public var span: Span

    public init(name: String? = nil, className: String? = nil, function: String? = nil, rules: String? = nil, span: Span) {
        self.name = name
        self.className = className
        self.function = function
        self.rules = rules
        self.span = span
    }
}

/// A `<timer>`: created when its node is entered, cancelled when the token leaves it.
public struct TimerDefinition: Sendable {
    public var name: String
    /// Seconds of block time after node-enter.
    public var dueSeconds: Int64
    /// Seconds between firings after the first, if it repeats.
    public var repeatSeconds: Int64?
    /// The leaving transition taken when it fires.
    public var transition: String?
    public var action: ActionDefinition?
    public var span: Span

    public init(name: String, dueSeconds: Int64, repeatSeconds: Int64? = nil, transition: String? = nil,
                action: ActionDefinition? = nil, span: Span) {
        self.name = name
        self.dueSeconds = dueSeconds
        self.repeatSeconds = repeatSeconds
        self.transition = transition
        self.action = action
        self.span = span
    }
}

/// A `<task>` of a task-node (or of the start-state). An unnamed task is named after its node, as
/// jBPM names it.
public struct TaskDefinition: Sendable {
    public var name: String
    public var events: [EventDefinition]
    /// `swimlane=`: the swimlane whose actor the task is assigned to.
    public var swimlane: String?
    /// A direct `<assignment>` (when the task has no swimlane).
    public var assignment: AssignmentDefinition?
    /// `blocking="true"`: the token cannot leave the node while the task is open.
    public var blocking = false
    /// `signalling="false"`: ending the task never moves the token.
    public var signalling = true
    /// Timers created with the task instance and cancelled when it ends.
    public var timers: [TimerDefinition] = []
    public var span: Span

    public init(name: String, events: [EventDefinition], swimlane: String? = nil, assignment: AssignmentDefinition? = nil,
                blocking: Bool = false, signalling: Bool = true, timers: [TimerDefinition] = [], span: Span) {
        self.name = name
        self.events = events
        self.swimlane = swimlane
        self.assignment = assignment
        self.blocking = blocking
        self.signalling = signalling
        self.timers = timers
        self.span = span
    }
}

/// A `<swimlane>`: a process role whose actor is fixed once and then assigned every task in it.
public struct SwimlaneDefinition: Sendable {
    public var name: String
    /// How the swimlane's actor is found when a task first needs it; nil: the start task's actor
    /// (the initiator), or unassigned.
    public var assignment: AssignmentDefinition?
    public var span: Span

    public init(name: String, assignment: AssignmentDefinition? = nil, span: Span) {
        self.name = name
        self.assignment = assignment
        self.span = span
    }
}

/// An `<assignment>`: who performs a task (or a swimlane's tasks). On a chain an actor is an address.
public struct AssignmentDefinition: Sendable {
    /// Where the actor comes from.
    public enum Actor: Sendable {
        /// `actor-id="cmt1…"`: an address written out.
        case literal(String)
        /// `actor-id="#{buyer}"` or `expression="buyer"`: a CMT expression over the process
        /// variables giving an `address` (or its text).
        case expression(ExpressionSource)
    }
    public var actor: Actor
    public var span: Span

    public init(actor: Actor, span: Span) {
        self.actor = actor
        self.span = span
    }
}

/// A declared process variable: `<variable name="budget" type="number"/>`.
public struct VariableDeclaration: Sendable {
    public var name: String
    /// A CMT type name: `number`, `string`, `boolean`, `address`, `bytes`, optionally with `?`.
    public var type: String
    public var span: Span

    public init(name: String, type: String, span: Span) {
        self.name = name
        self.type = type
        self.span = span
    }
}

/// A process-state's sub-process and how variables cross into and out of it.
///
/// The sub-process is named in the XML (`<sub-process name="…"/>`) and bound when the definition is
/// deployed (``ProcessCompiler/compile(_:variables:subProcesses:bindings:)``), or bound at deployment
/// by the process-state's name with no `<sub-process>` at all (jBPM's `setSubProcessDefinition`), or,
/// with `binding="late"`, looked up by name each time the process-state is entered.
public struct SubProcessBinding: Sendable {
    /// One `<variable name= access= mapped-name=>` of a process-state.
    public struct Mapping: Sendable {
        public var name: String
        public var mappedName: String
        public var read: Bool
        public var write: Bool

        public init(name: String, mappedName: String, read: Bool, write: Bool) {
            self.name = name
            self.mappedName = mappedName
            self.read = read
            self.write = write
        }
    }
    /// `<sub-process name=…>`; nil when the XML names none (the deployment binds it).
    public var processName: String?
    /// `binding="late"`: resolved when the node is entered, not at deployment.
    public var late = false
    /// For late binding, a name written as `#{…}`: a CMT expression giving the definition's name.
    public var nameExpression: ExpressionSource?
    public var mappings: [Mapping]

    public init(processName: String? = nil, late: Bool = false, nameExpression: ExpressionSource? = nil, mappings: [Mapping]) {
        self.processName = processName
        self.late = late
        self.nameExpression = nameExpression
        self.mappings = mappings
    }
}

/// The source of one CMT expression written in the XML, with where its text sits in the file.
public struct ExpressionSource: Sendable {
    /// The expression text, `#{…}` removed and entities decoded.
    public var text: String
    /// The span of the raw text in the `.bpm` file.
    public var span: Span
    /// For each byte of ``text``, the offset of the source byte it came from (entity references map
    /// every decoded byte to the `&` that began them).
    public var offsets: [Int]

    public init(text: String, span: Span, offsets: [Int]) {
        self.text = text
        self.span = span
        self.offsets = offsets
    }
}
