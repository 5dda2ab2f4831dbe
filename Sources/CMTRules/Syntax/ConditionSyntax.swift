import CMTCompiler
import CMTSource

/// A conditional element of a rule's left-hand side (or a query's body).
public indirect enum ConditionSyntax: Sendable {
    case pattern(PatternSyntax)
    /// `A and B`, `A && B`, or the implicit and of a list of elements.
    case and([ConditionSyntax], Span)
    /// `A or B`, `A || B`.
    case or([ConditionSyntax], Span)
    /// `not A`, `not (A and B)`.
    case not(ConditionSyntax, Span)
    /// `exists A`.
    case exists(ConditionSyntax, Span)
    /// `forall(A B …)`: every match of A also matches B ….
    case forall([ConditionSyntax], Span)
    /// `eval(expression)`.
    case eval(Expr, Span)
    /// `accumulate(source; $b : fn(arg), …; constraint?)` as an element of its own.
    case accumulate(AccumulateSyntax)

    /// Where the element is written.
    public var span: Span {
        switch self {
        case .pattern(let pattern): pattern.span
        case .and(_, let span), .or(_, let span), .not(_, let span), .exists(_, let span), .forall(_, let span),
             .eval(_, let span):
            span
        case .accumulate(let accumulate): accumulate.span
        }
    }
}

/// `binding : Type(constraints) from source`.
public struct PatternSyntax: Sendable {
    /// `$m` or `m` in `$m : Message(…)`.
    public let binding: Identifier?
    public let type: QualifiedName
    public let constraints: [ConstraintItemSyntax]
    public let source: PatternSourceSyntax?
    public let span: Span
}

/// Where a pattern's facts come from, when not from working memory.
public indirect enum PatternSourceSyntax: Sendable {
    /// `from expression`: an element or an array of elements.
    case expression(Expr)
    /// `from collect(condition)`: the matches as an array.
    case collect(ConditionSyntax, Span)
    /// `from accumulate(condition, fn(arg))`.
    case accumulate(AccumulateSyntax)
}

/// An accumulate: the source condition, the functions with their result bindings, and an optional
/// constraint on the results.
public struct AccumulateSyntax: Sendable {
    public let source: ConditionSyntax
    public let functions: [AccumulateFunctionSyntax]
    public let constraints: [ConstraintItemSyntax]
    public let span: Span
    /// A custom accumulate's code (then ``functions`` is empty).
    public var custom: CustomAccumulateSyntax?
}

/// `init(…), action(…), reverse(…), result(…)`: statements run once, for each match, for each
/// match that leaves (the engine recomputes instead), and the result expression.
public struct CustomAccumulateSyntax: Sendable {
    public let initial: [ActionSyntax]
    public let action: [ActionSyntax]
    public let reverse: [ActionSyntax]?
    public let result: Expr
    public let span: Span
}

/// `$total : sum($p)`.
public struct AccumulateFunctionSyntax: Sendable {
    public let binding: Identifier?
    public let function: Identifier
    public let argument: Expr?
    public let span: Span
}

/// One comma-separated item of a pattern: an optional binding and a constraint (`$p : price > 10`,
/// `$p : price`, `status == Message.GET_PRICE`).
public struct ConstraintItemSyntax: Sendable {
    public let binding: Identifier?
    public let constraint: ConstraintSyntax
    public let span: Span
}

/// A constraint inside a pattern; field names are written bare and refer to the pattern's fact.
public indirect enum ConstraintSyntax: Sendable {
    /// A boolean CMT expression (or, with a binding, the bound value: `$p : price`).
    case test(Expr)
    /// `left op right` for `==`, `!=`, `<`, `<=`, `>`, `>=`, `contains`, `memberOf` (maybe negated).
    case compare(Expr, ConstraintOperator, Expr, operatorSpan: Span)
    /// `left in (a, b)` or `left not in (a, b)`.
    case inList(Expr, [Expr], negated: Bool, operatorSpan: Span)
    case and(ConstraintSyntax, ConstraintSyntax)
    case or(ConstraintSyntax, ConstraintSyntax)

    /// Where the constraint is written.
    public var span: Span {
        switch self {
        case .test(let expr): expr.span
        // A right side the parser could not read is a point where it stopped (past any white
        // space): the constraint then ends at its operator.
        case .compare(let left, _, let right, let op): left.span.merged(with: right.span.start == right.span.end ? op : right.span)
        case .inList(let left, let values, _, let op): left.span.merged(with: values.last?.span ?? op)
        case .and(let a, let b), .or(let a, let b): a.span.merged(with: b.span)
        }
    }
}

/// The operators of a DRL comparison.
public enum ConstraintOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case contains = "contains", notContains = "not contains", memberOf = "memberOf", notMemberOf = "not memberOf"
}

/// A statement of a consequence.
public indirect enum ActionSyntax: Sendable {
    /// A CMT statement; `insert(…)`, `update(…)`, `delete(…)`, `halt()`, `setFocus(…)` are calls.
    case statement(Stmt)
    /// The white paper's nested `when condition then actions`: an if without else.
    case when(Expr, [ActionSyntax], Span)
    /// `if (condition) action else action`, read by the DRL parser so that `modify` may appear inside.
    case ifAction(Expr, [ActionSyntax], [ActionSyntax]?, Span)
    case block([ActionSyntax], Span)
    /// `modify (target) { field = value, method(args) }`.
    case modify(target: Expr, edits: [Expr], Span)

    /// Where the action is written.
    public var span: Span {
        switch self {
        case .statement(let stmt): stmt.span
        case .when(_, _, let span), .ifAction(_, _, _, let span), .block(_, let span), .modify(_, _, let span): span
        }
    }
}
