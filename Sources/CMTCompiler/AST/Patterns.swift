import CMTSource

/// A destructuring pattern of a `let`/`const` declaration or a `for … of` loop:
/// `[a, , b = 1, ...rest]` or `{ price, owner: who, note = "" }`, nested as deep as needed.
public struct Pattern: Sendable {
    public let kind: Kind
    public let span: Span

    public indirect enum Kind: Sendable {
        /// A variable; the binding has no type and no initializer.
        case name(VarBinding)
        /// `[a, , b = 1, ...rest]`: nil for a hole.
        case array([PatternElement?], rest: Pattern?)
        /// `{ a, b: c, d = 1 }`
        case object([PatternElement])
        /// The parser could not read a pattern here and has reported it.
        case error
    }

    /// Every variable the pattern declares, in source order.
    public var bindings: [VarBinding] {
        switch kind {
        case .name(let binding): [binding]
        case .array(let elements, let rest): elements.compactMap { $0 }.flatMap(\.pattern.bindings) + (rest?.bindings ?? [])
        case .object(let elements): elements.flatMap(\.pattern.bindings)
        case .error: []
        }
    }

    /// Every default value in the pattern, in source order.
    public var defaultValues: [Expr] {
        switch kind {
        case .name, .error: []
        case .array(let elements, let rest):
            elements.compactMap { $0 }.flatMap { ($0.defaultValue.map { [$0] } ?? []) + $0.pattern.defaultValues } + (rest?.defaultValues ?? [])
        case .object(let elements):
            elements.flatMap { ($0.defaultValue.map { [$0] } ?? []) + $0.pattern.defaultValues }
        }
    }
}

/// One element of an array pattern, or one property of an object pattern.
public struct PatternElement: Sendable {
    public let id: NodeID
    /// The property read, in an object pattern; nil in an array pattern.
    public let key: Identifier?
    public let pattern: Pattern
    /// The value used when the element is missing (past the end of the array, a missing map key,
    /// a null field).
    public let defaultValue: Expr?
    public let span: Span
}
