import CMTSource

/// `{ statements }`.
public struct Block: Sendable {
    public let statements: [Stmt]
    public let span: Span
    /// Whether the closing `}` is missing (the parser has reported it): the block's end is then not
    /// where the user meant it, so checks that read the end (a missing return) stay silent.
    public var isUnterminated = false
}

/// One `name: Type = value` of a `let` or `const` declaration.
public struct VarBinding: Sendable {
    public let id: NodeID
    public let name: Identifier
    public let type: TypeRepr?
    public let initializer: Expr?
    public let span: Span
}

/// One `case value:` or `default:` clause of a `switch`, with the statements up to the next clause.
public struct SwitchCase: Sendable {
    /// The value compared with the `switch` value; nil for `default`.
    public let test: Expr?
    public let body: [Stmt]
    /// The `case` or `default` keyword up to the `:`.
    public let labelSpan: Span
    public let span: Span
}

/// A statement.
public struct Stmt: Sendable {
    public let id: NodeID
    public let kind: Kind
    public let span: Span

    public indirect enum Kind: Sendable {
        case expression(Expr)
        /// `let a = 1, b: T;` or `const c = 2;`
        case variables(isConst: Bool, bindings: [VarBinding])
        /// `let [a, b] = xs;` or `const { x, y }: Point = p;`
        case destructure(isConst: Bool, pattern: Pattern, type: TypeRepr?, initializer: Expr)
        case block(Block)
        case ifStmt(condition: Expr, then: Stmt, otherwise: Stmt?)
        case whileStmt(condition: Expr, body: Stmt)
        /// `for (init; condition; step) body`
        case forStmt(initializer: Stmt?, condition: Expr?, step: Expr?, body: Stmt)
        /// `for (const x of xs) body`; `binding.initializer` is nil.
        case forOf(isConst: Bool, binding: VarBinding, iterable: Expr, body: Stmt)
        /// `for (const [key, value] of pairs) body`
        case forOfPattern(isConst: Bool, pattern: Pattern, iterable: Expr, body: Stmt)
        /// `do body while (condition);`
        case doWhile(body: Stmt, condition: Expr)
        /// `switch (value) { case a: … default: … }`
        case switchStmt(value: Expr, cases: [SwitchCase])
        /// `name: statement`
        case labeled(Identifier, Stmt)
        case returnStmt(Expr?)
        /// `break;` or `break label;`
        case breakStmt(label: Identifier?)
        /// `continue;` or `continue label;`
        case continueStmt(label: Identifier?)
        /// `emit Name(args);`
        case emit(event: Identifier, arguments: [Expr])
        /// A function declared inside a block.
        case function(FunctionDecl)
        /// `try { … } catch (e) { … }` around calls to other contracts.
        case tryStmt(TryStatement)
        /// A lone `;`.
        case empty
        /// The parser could not read a statement here and has reported it.
        case error
    }
}
