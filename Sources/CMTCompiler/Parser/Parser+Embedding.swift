import CMTSource

/// Entry points for front ends that embed CMT code in another language (DRL constraints and
/// consequences, process conditions): they lex the whole file with ``Lexer``, cut out the tokens of
/// one embedded piece, and read it with a parser over those tokens. Recovery and the nesting bound
/// are the same as for a `.cmt` file; diagnostics point into the host file.
extension Parser {
    /// A parser over `tokens` of `file` (a piece of a host-language file). The last token must be
    /// `.eof`; one is appended if it is not.
    /// - Parameters:
    ///   - firstNodeID: the first ``NodeID`` to hand out, so several embedded pieces of one host file
    ///     can number their nodes without overlap (read ``nextNodeID`` after parsing one piece).
    public init(embeddedIn file: SourceFile, tokens: [Token], firstNodeID: Int32 = 0) {
        var tokens = tokens
        if tokens.last?.kind != .eof {
            let end = Int(tokens.last?.end ?? 0)
            tokens.append(Token(kind: .eof, start: end, end: end, newlineBefore: true))
        }
        self.init(file: file, tokens: tokens, comments: [], isPrelude: false)
        self.nextID = firstNodeID
    }

    /// The token the parser is at (`.eof` at the end of the piece).
    public var currentToken: Token { current }

    /// The index of ``currentToken`` in the token array the parser was made with.
    public var tokenIndex: Int { position }

    /// The token `ahead` positions after the current one, if there is one.
    public func peekToken(_ ahead: Int) -> Token? {
        let index = position + ahead
        return index >= 0 && index < tokens.count ? tokens[index] : nil
    }

    /// The end offset of the last consumed token (the start of the current one if none was).
    public var previousTokenEnd: Int { position > 0 ? Int(tokens[position - 1].end) : Int(current.start) }

    /// The next ``NodeID`` the parser would hand out.
    public var nextNodeID: Int32 { nextID }

    /// The lexical and syntax diagnostics reported so far, sorted by position.
    public var reportedDiagnostics: [Diagnostic] { diagnostics.sorted }

    /// Consumes the current token (never moves past `.eof`).
    public mutating func skipToken() { advance() }

    /// Reads one expression, including assignments and arrow functions: `expr` of `Grammar/cmt.ebnf`.
    public mutating func parseEmbeddedExpression() -> Expr { parseExpression() }

    /// Reads a binary expression whose operators all bind tighter than `precedence` (see
    /// ``BinaryOperator/precedence``): with 8, `a + b * c` is read whole and parsing stops before
    /// `<`, `==`, `&&` or `||`, so a host language can give those its own meaning.
    public mutating func parseEmbeddedOperand(tighterThan precedence: Int) -> Expr {
        let start = Int(current.start)
        guard enterNesting() else {
            leaveNesting()
            skipExpression()
            return errorExpr(at: start)
        }
        defer { leaveNesting() }
        return parseBinary(minimumPrecedence: precedence)
    }

    /// Reads one statement, with automatic semicolons as in a `.cmt` file.
    public mutating func parseEmbeddedStatement() -> Stmt { parseStatement() }

    /// Reads one type annotation (`number`, `Message[]`, `Map<string, number>`, `T?`).
    public mutating func parseEmbeddedType() -> TypeRepr { parseType() }

    /// Reads a top-level item (a function, class, contract or statement) as in a `.cmt` file.
    public mutating func parseEmbeddedItem() -> Item? { parseItem() }
}
