import CMTSource

/// A type as written in the source (`number`, `Message[]`, `Map<string, number>`, `T?`,
/// `(a: number) => string`); the checker resolves it to a ``TypeID``.
public struct TypeRepr: Sendable {
    public let id: NodeID
    public let kind: Kind
    public let span: Span

    public indirect enum Kind: Sendable {
        case named(Identifier, arguments: [TypeRepr])
        case array(TypeRepr)
        case optional(TypeRepr)
        case function(params: [TypeRepr], result: TypeRepr)
        /// The parser could not read a type here and has reported it.
        case error
    }
}
