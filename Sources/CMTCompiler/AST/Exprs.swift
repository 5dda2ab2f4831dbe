import CMTSource

/// Prefix operators.
public enum UnaryOperator: String, Sendable, Hashable {
    case negate = "-"
    case plus = "+"
    case not = "!"
    case bitNot = "~"
}

/// Binary operators, including the short-circuit ones.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "**"
    case equal = "==", notEqual = "!=", strictEqual = "===", strictNotEqual = "!=="
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "&&", or = "||", coalesce = "??"
    case bitAnd = "&", bitOr = "|", bitXor = "^", shiftLeft = "<<", shiftRight = ">>"

    /// JavaScript precedence: higher binds tighter.
    public var precedence: Int {
        switch self {
        case .coalesce: 1
        case .or: 2
        case .and: 3
        case .bitOr: 4
        case .bitXor: 5
        case .bitAnd: 6
        case .equal, .notEqual, .strictEqual, .strictNotEqual: 7
        case .less, .lessEqual, .greater, .greaterEqual: 8
        case .shiftLeft, .shiftRight: 9
        case .add, .subtract: 10
        case .multiply, .divide, .remainder: 11
        case .power: 12
        }
    }

    public var isRightAssociative: Bool { self == .power }
    public var isComparison: Bool { precedence == 7 || precedence == 8 }
    public var isEquality: Bool { precedence == 7 }
}

/// Assignment operators: `=` and the compound forms.
public enum AssignOperator: String, Sendable, Hashable {
    case assign = "=", add = "+=", subtract = "-=", multiply = "*=", divide = "/=", remainder = "%="
    case coalesce = "??="

    /// The binary operator a compound assignment applies.
    public var binary: BinaryOperator? {
        switch self {
        case .assign: nil
        case .add: .add
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide: .divide
        case .remainder: .remainder
        case .coalesce: .coalesce
        }
    }
}

/// A key of a map literal: `name:`, `"text":`, `1:` or `[expr]:`.
public enum MapKey: Sendable {
    case identifier(Identifier)
    case string(String, Span)
    case number(String, Span)
    case computed(Expr)
    /// `...map`: the entries of another map (the entry's value is the spread map).
    case spread
}

/// One `key: value` of a map literal.
public struct MapEntry: Sendable {
    public let key: MapKey
    public let value: Expr
    public let span: Span
}

/// The body of an arrow function.
public enum ArrowBody: Sendable {
    case expression(Expr)
    case block(Block)
}

/// An expression.
public struct Expr: Sendable {
    public let id: NodeID
    public let kind: Kind
    public let span: Span

    public indirect enum Kind: Sendable {
        /// The literal as written (`1_000.50`, `0x1F`, `2e3`).
        case number(String)
        /// The decoded value.
        case string(String)
        case boolean(Bool)
        case null
        case this
        /// `super`, only as `super(args)` in a constructor or `super.name` in a method.
        case superRef
        case identifier(String)
        /// `` `text${value}text` ``: the decoded texts around the substitutions (one more than
        /// `values`).
        case template(texts: [String], values: [Expr])
        case array([Expr])
        case map([MapEntry])
        case paren(Expr)
        /// `...xs` as an element of an array literal (or, reported, an argument).
        case spread(Expr)
        case unary(UnaryOperator, Expr)
        /// `++x`, `x--`
        case update(increment: Bool, prefix: Bool, Expr)
        case binary(BinaryOperator, Expr, Expr, operatorSpan: Span)
        case assign(AssignOperator, target: Expr, value: Expr, operatorSpan: Span)
        case conditional(Expr, then: Expr, otherwise: Expr)
        /// `base.name` or `base?.name`
        case member(Expr, Identifier, optional: Bool)
        /// `base[index]` or `base?.[index]`
        case index(Expr, Expr, optional: Bool)
        /// `callee(args)` or `callee?.(args)`
        case call(Expr, [Expr], optional: Bool)
        /// `handle.f{ value: amount }`: the callee of a contract call that sends `amount` CMT with it
        /// (only as a callee: `handle.f{ value: amount }(args)`).
        case callValue(Expr, value: Expr)
        /// `new Name(args)`
        case new(Identifier, typeArguments: [TypeRepr], [Expr])
        /// `expr!`: the value, or a revert if it is null.
        case forceUnwrap(Expr)
        /// `(params): Type => body`
        case arrow(params: [Param], returnType: TypeRepr?, body: ArrowBody)
        /// The parser could not read an expression here and has reported it.
        case error
    }
}
