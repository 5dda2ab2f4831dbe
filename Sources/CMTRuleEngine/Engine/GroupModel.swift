import CMTVM

/// One element of a conjunction the engine evaluates as a whole at a group node: the inside of a
/// `not`/`exists` over several patterns, of a `forall`, or the source of an `accumulate`. Patterns
/// inside take pattern positions like any other (counted in order, nested ones included), so
/// constraints and predicates refer to them the same way.
public indirect enum GroupElement: Sendable, Hashable {
    case pattern(Pattern)
    /// No match of the conjunction extends the facts matched so far.
    case not([GroupElement])
    /// Some match of the conjunction extends the facts matched so far (binds nothing).
    case exists([GroupElement])
    /// The fact already matched at `position` passes `pattern`'s constraints (and has its type);
    /// takes a position of its own, bound to the same fact. `forall(P)` uses it: no `P`-typed
    /// fact fails `P`'s constraints.
    case same(position: Int, Pattern)
    /// A predicate over the facts matched so far.
    case eval(Int)
    /// Each element of the value of function `source` that passes the pattern (see ``Condition/from(_:source:)``).
    case from(Pattern, source: Int)

    /// How many pattern positions the element takes.
    public var positionCount: Int {
        switch self {
        case .pattern, .same, .from: 1
        case .not(let inner), .exists(let inner): inner.reduce(0) { $0 + $1.positionCount }
        case .eval: 0
        }
    }

    /// Whether adding facts can only add matches (no negation inside).
    var isMonotonic: Bool {
        switch self {
        case .pattern, .same, .eval, .from: true
        case .not, .exists: false
        }
    }
}

/// The accumulate functions the engine computes (exact decimals: see docs/rules.md).
public enum AccumulateKind: String, Sendable, Hashable {
    case count, sum, min, max, average, collectList, collectSet
}

/// What an accumulate function reads from each match of its source.
public enum AccumulateArgument: Sendable, Hashable {
    /// Nothing (`count()`).
    case none
    /// The fact at a pattern position (collected as the fact, so the owner sees its current object).
    case fact(position: Int)
    /// A field of the fact at a pattern position.
    case field(position: Int, field: Int)
    /// The value of a function of the match (``RuleCallbacks/value(of:facts:session:)``).
    case value(Int)
}

/// `$total : sum($o.amount)`: a function and its argument.
public struct AccumulateCall: Sendable, Hashable {
    public var kind: AccumulateKind
    public var argument: AccumulateArgument
    public init(_ kind: AccumulateKind, _ argument: AccumulateArgument = .none) {
        self.kind = kind
        self.argument = argument
    }
}

/// `accumulate(source; functions; constraints)`: the functions over every match of `source`, as
/// one ``BoundValue/tuple(_:)`` at the position after the source's patterns; `constraints` are
/// tested on it (predicates see the result as the current fact).
public struct Accumulate: Sendable, Hashable {
    public var source: [GroupElement]
    public var functions: [AccumulateCall]
    public var constraints: [Constraint]
    public init(source: [GroupElement], functions: [AccumulateCall], constraints: [Constraint] = []) {
        self.source = source
        self.functions = functions
        self.constraints = constraints
    }
    /// A custom accumulate (`init`/`action`/`reverse`/`result`): the value function (id for
    /// ``RuleCallbacks/value(of:facts:session:)``) that computes the one result from the functions'
    /// results (`count()` and the collected bindings), which it reads at the result position.
    public var finish: Int?
}

/// A value a condition binds that is not a fact of working memory: an accumulate result, or an
/// element produced by `from`. Predicates and consequences receive it as a ``FactHandle`` with a
/// negative id, which ``RuleSession/boundValue(of:)`` resolves while the match lives.
public enum BoundValue: Sendable, Hashable {
    case value(ContractValue)
    /// Facts of working memory (`collect`, `collectList` of facts), in match order: the owner
    /// gives each one's current object.
    case facts([FactHandle])
    /// The results of an accumulate, one per function.
    case tuple([BoundValue])
}
