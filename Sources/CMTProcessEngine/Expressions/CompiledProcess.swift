/// A process definition with every expression compiled: what the runtime executes. Immutable and
/// shareable; build it once per deployed definition.
public final class CompiledProcess: Sendable {
    public let definition: ProcessDefinition
    /// Variable name → CMT type name, declared and caller-given together.
    public let variableTypes: [String: String]
    /// Decision expressions by node index.
    public let decisionExpressions: [Int: CompiledExpression]
    /// Transition conditions by transition index.
    public let conditions: [Int: CompiledExpression]
    /// Sub-process definitions by the name `<sub-process name=…>` uses.
    public let subProcesses: [String: CompiledProcess]
    /// The sub-process each process-state (by node index) is bound to at deployment. A process-state
    /// naming its own definition has no entry: it starts the definition itself (recursion, as in
    /// jBPM); a late-bound one has none either: it is looked up when entered.
    public let boundSubProcesses: [Int: CompiledProcess]
    /// Assignment actors and late-bound sub-process names, by ``ProcessCompiler/expressionKeys(of:)`` key.
    public let expressions: [String: CompiledExpression]

    /// Assembles a compiled definition from its parts (a bundle reader rebuilds one without compiling).
    /// Without `boundSubProcesses`, each process-state is bound to the entry of `subProcesses` its
    /// `<sub-process name>` names.
    public init(definition: ProcessDefinition, variableTypes: [String: String], decisionExpressions: [Int: CompiledExpression],
                conditions: [Int: CompiledExpression], subProcesses: [String: CompiledProcess],
                expressions: [String: CompiledExpression] = [:], boundSubProcesses: [Int: CompiledProcess]? = nil) {
        self.definition = definition
        self.variableTypes = variableTypes
        self.decisionExpressions = decisionExpressions
        self.conditions = conditions
        self.subProcesses = subProcesses
        self.expressions = expressions
        var bound: [Int: CompiledProcess] = [:]
        for (index, node) in definition.nodes.enumerated() {
            guard let binding = node.subProcess, !binding.late, let name = binding.processName, let sub = subProcesses[name] else { continue }
            bound[index] = sub
        }
        self.boundSubProcesses = boundSubProcesses ?? bound
    }

    /// The same definition with every process-state bound anew (the deployment's linking step).
    public func rebound(_ bindings: [Int: CompiledProcess]) -> CompiledProcess {
        CompiledProcess(definition: definition, variableTypes: variableTypes, decisionExpressions: decisionExpressions,
                        conditions: conditions, subProcesses: subProcesses, expressions: expressions, boundSubProcesses: bindings)
    }
}


extension CompiledProcess {
    /// The ``expressions`` key of a swimlane's assignment actor.
    public static func swimlaneKey(_ name: String) -> String { "swimlane:" + name }
    /// The ``expressions`` key of the actor of task `index` of node `node` (its full name).
    public static func taskKey(_ node: String, _ index: Int) -> String { "task:\(node)#\(index)" }
    /// The ``expressions`` key of a late-bound process-state's sub-process name.
    public static func subProcessKey(_ node: String) -> String { "subprocess:" + node }
}
