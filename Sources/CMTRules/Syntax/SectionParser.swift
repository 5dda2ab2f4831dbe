import CMTCompiler
import CMTSource

/// Reads one embedded section of a DRL file (a left-hand side, a consequence, a declare body, an
/// attribute value) over a slice of the file's tokens. The CMT ``Parser`` is the cursor: DRL
/// grammar (patterns, conditional elements, `modify`, nested `when`) is read here, and every CMT
/// expression or statement inside is read by the CMT parser itself, with its recovery and nesting
/// bound. The slice ends with a boundary token (`then`, `end`, `)`), kept so that errors can name it.
struct SectionParser {
    var cmt: Parser
    let file: SourceFile
    /// Index (in the slice) of the boundary token; reading stops there.
    let boundary: Int
    var diagnostics = DiagnosticBag()
    var nesting = 0
    var reportedNesting = false
    var lastErrorOffset = -1

    init(file: SourceFile, tokens: [Token], boundary: Int, firstNodeID: Int32) {
        self.file = file
        self.boundary = boundary
        self.cmt = Parser(embeddedIn: file, tokens: tokens, firstNodeID: firstNodeID)
    }

    // MARK: Cursor

    var current: Token { cmt.currentToken }
    var kind: TokenKind { cmt.currentToken.kind }
    var atEnd: Bool { kind == .eof || cmt.tokenIndex >= boundary }
    var currentSpan: Span { span(of: current) }

    func span(of token: Token) -> Span { Span(file: file.id, start: Int(token.start), end: Int(token.end)) }

    func text(of token: Token) -> String {
        String(decoding: file.bytes[Int(token.start)..<Int(token.end)], as: UTF8.self)
    }

    /// The current token's text in lower case when it is a name or a keyword (DRL keywords are
    /// case-insensitive), else nil.
    var word: String? {
        guard kind == .identifier || kind.isKeyword, !atEnd else { return nil }
        return text(of: current).lowercased()
    }

    func isWord(_ name: String) -> Bool { word == name }

    mutating func advance() { cmt.skipToken() }

    var found: String {
        atEnd && kind == .eof ? "end of file" : "'\(text(of: current))'"
    }

    // MARK: Errors

    mutating func report(_ message: DiagnosticMessage, at span: Span, fixIts: [FixIt] = []) {
        guard span.start != lastErrorOffset else { return }
        lastErrorOffset = span.start
        diagnostics.add(message, at: span, fixIts: fixIts)
    }

    /// Consumes `kind` or reports it missing.
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ context: String) -> Bool {
        if self.kind == kind, !atEnd {
            advance()
            return true
        }
        let at = current.newlineBefore || atEnd ? pointAfterPrevious : currentSpan
        report(RuleMessages.expectedDRLToken(kind.spelling, context: context, found: found), at: at,
               fixIts: [.insert(kind.spelling, at: pointAfterPrevious)])
        return false
    }

    /// Consumes the keyword `name` (any case) or reports it missing.
    @discardableResult
    mutating func expectWord(_ name: String, _ context: String) -> Bool {
        if isWord(name) {
            advance()
            return true
        }
        report(RuleMessages.expectedKeyword(name, context: context, found: found),
               at: current.newlineBefore || atEnd ? pointAfterPrevious : currentSpan)
        return false
    }

    /// Reads a name, or reports one missing.
    mutating func expectName(_ context: String) -> Identifier? {
        if kind == .identifier, !atEnd {
            let token = current
            advance()
            return Identifier(text(of: token), span: span(of: token))
        }
        report(RuleMessages.expectedName(context: context, found: found),
               at: current.newlineBefore || atEnd ? pointAfterPrevious : currentSpan)
        return nil
    }

    /// A point just after the last consumed token, where a missing token belongs.
    var pointAfterPrevious: Span { Span.point(file.id, cmt.previousTokenEnd) }

    /// Enters a level of nesting; false (reported once) past ``Parser/maximumNesting``.
    mutating func enterNesting() -> Bool {
        nesting += 1
        if nesting > Parser.maximumNesting {
            if !reportedNesting {
                reportedNesting = true
                diagnostics.add(RuleMessages.nestingTooDeep(Parser.maximumNesting), at: currentSpan)
            }
            return false
        }
        return true
    }

    mutating func leaveNesting() { nesting -= 1 }

    /// Skips to the end of the section (after a nesting overflow).
    mutating func skipToEnd() {
        while !atEnd { advance() }
    }

    /// All diagnostics: this parser's and the embedded CMT parser's.
    var allDiagnostics: [Diagnostic] { diagnostics.diagnostics + cmt.reportedDiagnostics }
}
