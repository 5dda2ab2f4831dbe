public import CMTBytecode
public import CMTVM
import Synchronization

/// Where the fields of the program's `Decision` fact class sit: what a decision
/// `<handler rules="x.drl"/>` inserts. The class is a CMT class or a DRL `declare` with the fields
/// `node: string`, `variables: Map<string, T>` and `transition: string` (or `string?`); other
/// fields must be optional and start as null.
public struct DecisionFactLayout: Hashable, Sendable {
    public var classIndex: Int
    public var fieldCount: Int
    /// Slots of the three fields.
    public var node: Int
    public var variables: Int
    public var transition: Int
    /// The map's value type (`number`, `string`, `boolean`, `address`, `bytes`, maybe with `?`):
    /// process variables of another type are left out of the map ("": the type is not known, as
    /// for a bundle, and every variable goes in).
    public var valueType: String
    /// Whether `transition` starts as null (else "", which a `string` and a `string?` both hold).
    public var transitionOptional: Bool

    public init(classIndex: Int, fieldCount: Int, node: Int, variables: Int, transition: Int, valueType: String, transitionOptional: Bool) {
        self.classIndex = classIndex
        self.fieldCount = fieldCount
        self.node = node
        self.variables = variables
        self.transition = transition
        self.valueType = valueType
        self.transitionOptional = transitionOptional
    }
}

/// A decision that consults a rule set (`<handler rules="route.drl"/>`): one `Decision` fact (the
/// node's name, the process variables as a map, an empty `transition`) is inserted into a new
/// session of the rule set and the rules fire (the engine's `send`); the decision takes the
/// transition the rules wrote into `transition`, and fails when they wrote none.
public enum RuleDecision {
    /// Serials for the sessions decisions open, apart from the VM's (which are positive).
    static let serials = Atomic<Int>(0)

    /// The layout of a module's `Decision` class from its field names alone (a bundle carries no
    /// field types: the variables map is not filtered by type).
    public static func layout(classes: [(name: String, fields: [String])]) -> DecisionFactLayout? {
        guard let classIndex = classes.firstIndex(where: { $0.name == "Decision" }) else { return nil }
        let fields = classes[classIndex].fields
        guard let node = fields.firstIndex(of: "node"), let variables = fields.firstIndex(of: "variables"),
            let transition = fields.firstIndex(of: "transition")
        else { return nil }
        return DecisionFactLayout(classIndex: classIndex, fieldCount: fields.count, node: node, variables: variables, transition: transition,
                                  valueType: "", transitionOptional: false)
    }

    /// Runs the rules through `host`'s rules engine as contract `contract`.
    public static func decide(rules: String, node: String, instance: ProcessInstance, layout: DecisionFactLayout?, contract: Address,
                              host: any Host, gasLimit: Int64) throws(ProcessError) -> (transition: String, gasUsed: Int64) {
        guard let service = host.ruleService else {
            throw ProcessError(.action, "decision '\(node)' asks the rules in '\(rules)', but there is no rules engine here")
        }
        guard let layout else {
            throw ProcessError(.action, "decision '\(node)' asks the rules in '\(rules)', but the program declares no Decision class "
                               + "(node: string, variables: Map<string, T>, transition: string)")
        }
        var fields = [ContractValue](repeating: .null, count: layout.fieldCount)
        fields[layout.node] = .string(node)
        fields[layout.variables] = .map(instance.variables.filter { layout.valueType.isEmpty || VariableType.conforms($0.value, to: layout.valueType) }
            .map { ContractValue.MapEntry(key: .string($0.name), value: $0.value) })
        fields[layout.transition] = layout.transitionOptional ? .null : .string("")
        let fact = ContractValue.object(classIndex: UInt16(truncatingIfNeeded: layout.classIndex), fields: fields)
        let execution = -serials.add(1, ordering: .relaxed).newValue
        defer { service.executionEnded(execution) }
        let opened = service.perform(.open, session: .null, fact: nil, argument: .string(rules), contract: contract, host: host,
                                     gasLimit: gasLimit, execution: execution)
        var gasUsed = max(0, opened.gasUsed)
        if let failure = opened.failure { throw ProcessError(.action, "decision '\(node)': \(failure)") }
        let sent = service.perform(.send, session: opened.value, fact: RuleFact(value: fact, record: -1, argumentPosition: nil, execution: execution),
                                   argument: .null, contract: contract, host: host, gasLimit: gasLimit - gasUsed, execution: execution)
        gasUsed += max(0, sent.gasUsed)
        if gasUsed > gasLimit { throw ProcessError(.outOfGas, "out of gas in the rules of decision '\(node)'") }
        if let failure = sent.failure { throw ProcessError(.action, "decision '\(node)': the rules in '\(rules)' failed: \(failure)") }
        guard case .object(_, let after)? = sent.updatedFact, after.count == layout.fieldCount,
            case .string(let transition) = after[layout.transition], !transition.isEmpty
        else {
            throw ProcessError(.noTransition, "decision '\(node)': no rule in '\(rules)' chose a transition (set the Decision fact's transition)")
        }
        return (transition, gasUsed)
    }
}
