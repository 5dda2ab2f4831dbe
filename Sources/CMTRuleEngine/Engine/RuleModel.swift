import CMTVM

/// How a constraint compares a fact's field with an operand.
public enum Comparison: Sendable, Hashable {
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    /// The field (an array or a string) contains the operand.
    case contains, notContains
    /// The field is an element of the operand (an array).
    case memberOf, notMemberOf
}

/// What a field is compared with: a constant, or a field of the fact an earlier pattern matched.
public enum Operand: Sendable, Hashable {
    case constant(ContractValue)
    /// Field `field` of the fact at pattern position `pattern` (an earlier pattern of the rule).
    case factField(pattern: Int, field: Int)
}

/// A test on the fact a pattern matches.
public indirect enum Constraint: Sendable, Hashable {
    case compare(field: Int, Comparison, Operand)
    case all([Constraint])
    case any([Constraint])
    /// An arbitrary condition (a compiled CMT expression), evaluated by the session's
    /// ``RuleCallbacks`` with the facts matched so far.
    case predicate(Int)
    /// The candidate is (`negated`: is not) the very fact matched at pattern position `pattern`
    /// (DRL's `this == $m`, `this != $m`: identity, not equal contents).
    case same(pattern: Int, negated: Bool)

    /// Whether the constraint only looks at the fact itself (so an alpha node can test it).
    var isAlpha: Bool {
        switch self {
        case .compare(_, _, .constant): true
        case .compare(_, _, .factField): false
        case .all(let parts), .any(let parts): parts.allSatisfy(\.isAlpha)
        case .predicate, .same: false
        }
    }
}

/// One pattern of a rule's left-hand side: a fact type and constraints. Its position (counted over
/// all the rule's patterns in order, those inside `not` and `exists` included) is how later
/// constraints and the consequence refer to the fact it matched.
public struct Pattern: Sendable, Hashable {
    public var type: Int
    public var constraints: [Constraint]
    public init(type: Int, constraints: [Constraint] = []) {
        self.type = type
        self.constraints = constraints
    }
}

/// A conditional element of a left-hand side (a conjunction of these).
public enum Condition: Sendable, Hashable {
    case pattern(Pattern)
    /// No fact matches the pattern.
    case not(Pattern)
    /// At least one fact matches the pattern (the match binds nothing).
    case exists(Pattern)
    /// A predicate over the facts matched so far.
    case eval(Int)
    /// No match of the conjunction (`not (A() and B())`, `forall`).
    case notAll([GroupElement])
    /// Some match of the conjunction (binds nothing).
    case existsAll([GroupElement])
    /// The accumulate's result, at the position after its source's patterns.
    case accumulate(Accumulate)
    /// Each element of the value of function `source` (an array, or one value) that passes the
    /// pattern's constraints (`Item(price > 10) from $order.items`). Field tests read the
    /// element's object fields; the element is bound as a ``BoundValue``.
    case from(Pattern, source: Int)

    /// How many pattern positions the condition takes.
    public var positionCount: Int {
        switch self {
        case .pattern, .not, .exists, .from: 1
        case .eval: 0
        case .notAll(let inner), .existsAll(let inner): inner.reduce(0) { $0 + $1.positionCount }
        case .accumulate(let accumulate): accumulate.source.reduce(0) { $0 + $1.positionCount } + 1
        }
    }
}

/// A rule as the engine runs it.
public struct RuleDefinition: Sendable, Hashable {
    public var name: String
    public var salience: Int
    public var noLoop: Bool
    public var agendaGroup: String
    public var activationGroup: String?
    public var enabled: Bool
    public var conditions: [Condition]
    /// `lock-on-active`: while the rule's agenda group is active (see ``RuleSession``), changes
    /// to working memory make no new activations of the rule.
    public var lockOnActive = false
    /// A salience computed for each activation when it is made
    /// (``RuleCallbacks/salience(_:facts:session:)`` with this id), instead of ``salience``.
    public var salienceExpression: Int?
    /// A query rather than a rule: its matches are collected by ``RuleSession/query(_:arguments:)``
    /// and never put on the agenda. Its first pattern matches the query's call fact.
    public var isQuery = false
    /// The consequence may call `insertLogical`: after the consequence updates a fact of its own
    /// match, the engine follows the match as it comes back, so that it justifies what the
    /// consequence inserts logically next (a little work per activation of the rule meanwhile).
    public var insertsLogically = false
    /// `auto-focus`: an activation of the rule gives its agenda group the focus when the group is
    /// not the one in focus (Drools' `DefaultAgenda`: `if rule.isAutoFocus() && !group.isActive()
    /// setFocus(group)`).
    public var autoFocus = false

    public init(name: String, salience: Int = 0, noLoop: Bool = false, agendaGroup: String = "MAIN",
                activationGroup: String? = nil, enabled: Bool = true, conditions: [Condition]) {
        self.name = name
        self.salience = salience
        self.noLoop = noLoop
        self.agendaGroup = agendaGroup
        self.activationGroup = activationGroup
        self.enabled = enabled
        self.conditions = conditions
    }

    /// How many pattern positions the rule has.
    public var patternCount: Int { conditions.reduce(0) { $0 + $1.positionCount } }
}

/// A fact type: its name and field names (slot order).
public struct FactLayout: Sendable, Hashable {
    public var name: String
    public var fields: [String]
    /// The type this one extends (its fields start with that type's): a pattern on the base type
    /// matches facts of this type too, as in Drools. Taken from the module's classes, not stored.
    public var superclass: Int?
    public init(name: String, fields: [String], superclass: Int? = nil) {
        self.name = name
        self.fields = fields
        self.superclass = superclass
    }
}

/// Everything a network is built from: fact types and rules in declaration order.
public struct RuleBase: Sendable {
    public var types: [FactLayout]
    public var rules: [RuleDefinition]
    /// The fact type of query calls (fields: the query's name, then its arguments), when the rule
    /// base has queries.
    public var queryCallType: Int?
    public init(types: [FactLayout], rules: [RuleDefinition], queryCallType: Int? = nil) {
        self.types = types
        self.rules = rules
        self.queryCallType = queryCallType
    }
}
