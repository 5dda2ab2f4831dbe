import CMTBytecode

/// How to build one argument of a generated function (a constraint, eval or consequence) from a
/// match: the fact at a pattern position, one of its fields, the fact being tested, or the rule
/// context object.
public enum ArgumentSource: Sendable, Hashable {
    case fact(position: Int)
    case field(position: Int, slot: Int)
    case currentFact
    case currentField(slot: Int)
    /// A field of a field … of the fact at `position` (`$p : product.price`); null when a step is null.
    case fieldPath(position: Int, slots: [Int])
    /// The same path on the fact being tested.
    case currentFieldPath(slots: [Int])
    case context
    /// Result `index` of the accumulate (or `collect`) whose result is at pattern position `position`.
    case result(position: Int, index: Int)
    /// The value of global `index` (``CompiledRuleSet/globals``).
    case global(Int)
    /// Argument `index` of the query being run.
    case queryArgument(Int)
}

/// A compiled function of the module with how to fill its parameters.
public struct RuleFunction: Sendable, Hashable {
    public var function: FunctionIndex
    public var arguments: [ArgumentSource]
    public init(function: FunctionIndex, arguments: [ArgumentSource]) {
        self.function = function
        self.arguments = arguments
    }
}

/// A rule set ready to run: the engine's rule base (fact types are the module's classes, by class
/// index), and the module functions its predicates and consequences call.
public struct CompiledRuleSet: Sendable {
    public var ruleBase: RuleBase
    /// By predicate id (the `Int` of ``Constraint/predicate(_:)`` and ``Condition/eval(_:)``).
    public var predicates: [RuleFunction]
    /// By rule index.
    public var consequences: [RuleFunction]
    /// The class index of the consequences' rule context (`drools`), if the module has one.
    public var contextClass: UInt16?
    /// Block-time windows of rules with `date-effective`/`date-expires`: an `eval` whose predicate id
    /// is `predicates.count + i` holds while `windows[i]` contains the block time.
    public var windows: [BlockTimeWindow] = []
    /// Salience expressions, by ``RuleDefinition/salienceExpression``; each returns a number.
    public var saliences: [RuleFunction] = []
    /// The globals the rules may read (set by `engine.setGlobal`), in declaration order.
    public var globals: [CompiledGlobal] = []
    /// The queries of the rule set, in declaration order.
    public var queries: [CompiledQuery] = []

    public init(ruleBase: RuleBase, predicates: [RuleFunction], consequences: [RuleFunction], contextClass: UInt16?,
                windows: [BlockTimeWindow] = [], saliences: [RuleFunction] = [], globals: [CompiledGlobal] = [],
                queries: [CompiledQuery] = []) {
        self.ruleBase = ruleBase
        self.predicates = predicates
        self.consequences = consequences
        self.contextClass = contextClass
        self.windows = windows
        self.saliences = saliences
        self.globals = globals
        self.queries = queries
    }
}

/// `date-effective` (inclusive) and `date-expires` (exclusive) in block time, seconds since 1970.
public struct BlockTimeWindow: Sendable, Hashable {
    public var from: Int64?
    public var until: Int64?
    public init(from: Int64?, until: Int64?) {
        self.from = from
        self.until = until
    }

    public func contains(_ time: Int64) -> Bool {
        (from.map { time >= $0 } ?? true) && (until.map { time < $0 } ?? true)
    }
}

/// A DRL `global`: its name and CMT type (checked when a contract sets it).
public struct CompiledGlobal: Sendable, Hashable {
    public var name: String
    public var type: String
    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}

/// A DRL `query`: its name and parameters (name and CMT type, in order). Its network is one engine
/// rule per `or` alternative, marked ``RuleDefinition/isQuery``, after the rules.
extension CompiledRuleSet {
    /// Whether code run while matching (constraints, `eval`, salience expressions, queries) reads
    /// a global.
    public var globalsReadWhileMatching: Bool {
        (predicates + saliences).contains { function in
            function.arguments.contains { if case .global = $0 { true } else { false } }
        }
    }
}

public struct CompiledQuery: Sendable, Hashable {
    public var name: String
    public var parameters: [CompiledGlobal]
    public init(name: String, parameters: [CompiledGlobal]) {
        self.name = name
        self.parameters = parameters
    }
}
