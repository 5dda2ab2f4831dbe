/// Whether a token of the lossless tree was read from the source, made up by recovery, or skipped.
public enum TokenPresence: UInt8, Sendable, Hashable {
    /// Written in the source and read where the grammar expects it.
    case present
    /// Expected by the grammar but absent: zero width, at the offset where it belongs.
    case missing
    /// Written in the source but skipped by error recovery; it sits in an ``SyntaxKind/unexpected`` node.
    case unexpected
}

/// One token as the parser consumed it (or found it missing), in reading order.
struct RecordedToken: Sendable {
    let kind: TokenKind
    let start: Int32
    let end: Int32
    let presence: TokenPresence
}

/// What the parser writes down while reading, when a lossless tree was asked for: every token it
/// consumes (marked unexpected while a recovery routine is skipping), and every token it expected
/// but did not find. ``SyntaxTreeBuilder`` turns this and the typed AST into a ``SyntaxTree``.
struct SyntaxRecording: Sendable {
    var tokens: [RecordedToken] = []
    /// Nesting of recovery routines that are skipping tokens; above zero, consumed tokens are unexpected.
    var skipping = 0

    init(capacity: Int) { tokens.reserveCapacity(capacity) }

    mutating func consume(_ token: Token) {
        tokens.append(RecordedToken(kind: token.kind, start: token.start, end: token.end,
                                    presence: skipping > 0 ? .unexpected : .present))
    }

    mutating func missing(_ kind: TokenKind, at offset: Int) {
        let offset = Int32(truncatingIfNeeded: offset)
        tokens.append(RecordedToken(kind: kind, start: offset, end: offset, presence: .missing))
    }
}
