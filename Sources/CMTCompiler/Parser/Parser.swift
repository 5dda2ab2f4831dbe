import CMTSource

/// The CMT parser: recursive descent over the lexer's tokens, with operator precedence for binary
/// expressions. Parsing never fails: a missing piece becomes an error node and a diagnostic, stray
/// tokens are skipped up to the next statement or member, and one run reports every independent
/// syntax error. The grammar each function reads is written above it in the notation of
/// `Grammar/cmt.ebnf`.
///
/// The parser is split by grammar category: `Parser+Declarations`, `+Statements`, `+Expressions`,
/// `+Types`.
public struct Parser {
    let file: SourceFile
    var tokens: [Token]
    var position = 0
    var diagnostics = DiagnosticBag()
    var nextID: Int32 = 0
    let comments: [Comment]
    /// Current nesting of statements, expressions and types; bounded by ``maximumNesting``.
    var nesting = 0
    /// Offset of the token the last error was reported at, so one bad token gives one message.
    var lastErrorOffset = -1
    /// Set once the nesting limit is hit, so it is reported once per file.
    var reportedNestingLimit = false
    /// Whether the file is the built-in prelude (signatures without bodies are allowed).
    let isPrelude: Bool
    /// The `export` keywords read so far, by the index of the item they precede.
    var exports: [ExportMark] = []
    /// Inside `declare contract { … }`, whose functions have no bodies.
    var inDeclaredContract = false
    /// Whether an `interface` body is being read (its methods have no bodies).
    var inInterface = false
    /// What the lossless tree is built from (``SyntaxTree``); nil unless the caller asked for one,
    /// so a plain parse pays one branch per token for it.
    var recording: SyntaxRecording?

    /// Deeper input gets a diagnostic instead of overflowing the stack of this or a later phase.
    public static let maximumNesting = 200

    /// Parses one file. Lexical and syntax diagnostics come back together with the tree.
    /// For the lossless tree as well, see ``SyntaxTree/parse(_:isPrelude:)``.
    public static func parse(_ file: SourceFile, isPrelude: Bool = false) -> (SourceFileSyntax, [Diagnostic]) {
        let lexer = Lexer.tokenize(file)
        var parser = Parser(file: file, tokens: lexer.tokens, comments: lexer.comments, isPrelude: isPrelude)
        return parser.parseFile(lexerDiagnostics: lexer.diagnostics.diagnostics)
    }

    /// Reads the whole file: its items, then the diagnostics of lexer and parser together.
    mutating func parseFile(lexerDiagnostics: [Diagnostic]) -> (SourceFileSyntax, [Diagnostic]) {
        diagnostics.append(contentsOf: lexerDiagnostics)
        let items = parseItems()
        var syntax = SourceFileSyntax(file: file.id, items: items, comments: comments, nodeCount: nextID)
        syntax.exports = exports
        return (syntax, diagnostics.sorted)
    }

    init(file: SourceFile, tokens: [Token], comments: [Comment], isPrelude: Bool) {
        self.file = file
        self.tokens = tokens
        self.comments = comments
        self.isPrelude = isPrelude
    }

    // MARK: Token access

    var current: Token { tokens[position] }
    var kind: TokenKind { tokens[position].kind }

    /// The kind of the token `ahead` positions after the current one (`.eof` past the end).
    public func peekKind(_ ahead: Int) -> TokenKind {
        let index = position + ahead
        return index < tokens.count ? tokens[index].kind : .eof
    }

    func at(_ kind: TokenKind) -> Bool { self.kind == kind }

    var currentSpan: Span { span(of: current) }

    func span(of token: Token) -> Span { Span(file: file.id, start: Int(token.start), end: Int(token.end)) }

    /// The span from `start` to the end of the last consumed token.
    func span(from start: Int) -> Span {
        let end = position > 0 ? Int(tokens[position - 1].end) : start
        return Span(file: file.id, start: start, end: max(start, end))
    }

    /// A point just after the previous token, where a missing token belongs.
    var afterPrevious: Span {
        let offset = position > 0 ? Int(tokens[position - 1].end) : 0
        return Span.point(file.id, offset)
    }

    func text(of token: Token) -> String {
        String(decoding: file.bytes[Int(token.start)..<Int(token.end)], as: UTF8.self)
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[position]
        if token.kind != .eof {
            position += 1
            recording?.consume(token)
        }
        return token
    }

    /// Consumes the current token as stray text the grammar has no place for (it has been reported):
    /// the lossless tree keeps it in an "unexpected" node.
    mutating func advanceUnexpected() {
        recording?.skipping += 1
        advance()
        recording?.skipping -= 1
    }

    mutating func consume(_ kind: TokenKind) -> Token? {
        guard self.kind == kind else { return nil }
        return advance()
    }

    mutating func makeID() -> NodeID {
        defer { nextID += 1 }
        return NodeID(nextID)
    }

    // MARK: Errors and recovery

    mutating func report(_ message: DiagnosticMessage, at span: Span, notes: [Note] = [], fixIts: [FixIt] = [], helps: [String] = []) {
        // A second error at the same place is almost always a consequence of the first.
        guard span.start != lastErrorOffset else { return }
        // The lexer has already reported a character that starts no token.
        guard !(kind == .unknown && span.start == Int(current.start)) else { return }
        lastErrorOffset = span.start
        diagnostics.add(message, at: span, notes: notes, fixIts: fixIts, helps: helps)
    }

    /// Consumes `kind`, or reports it as missing just after the previous token and consumes nothing.
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ context: String, opening: Token? = nil) -> Bool {
        if consume(kind) != nil { return true }
        let missingOffset = afterPrevious.start
        recording?.missing(kind, at: missingOffset)
        var notes: [Note] = []
        if let opening { notes.append(Note("to match this '\(opening.kind.spelling)'", at: span(of: opening))) }
        let found = self.kind == .eof ? "end of file" : "'\(text(of: current))'"
        report(CompilerMessages.expectedToken(kind.spelling, context: context, found: found),
               at: atLineEnd ? afterPrevious : currentSpan, notes: notes,
               fixIts: [.insert(kind.spelling, at: afterPrevious)])
        return false
    }

    /// Whether the current token starts a new line or ends the file (errors then point just after
    /// the previous token, where the user stopped typing).
    var atLineEnd: Bool { current.newlineBefore || kind == .eof }

    /// Reads an identifier, or reports one as missing and returns an empty one.
    mutating func expectIdentifier(_ context: String) -> Identifier {
        if kind == .identifier {
            let token = advance()
            return Identifier(text(of: token), span: span(of: token))
        }
        if kind.isKeyword && !current.newlineBefore {
            let token = advance()
            report(CompilerMessages.keywordAsIdentifier(text(of: token), context: context), at: span(of: token))
            return Identifier(text(of: token), span: span(of: token))
        }
        let found = kind == .eof ? "end of file" : "'\(text(of: current))'"
        report(CompilerMessages.expectedIdentifier(context: context, found: found), at: atLineEnd ? afterPrevious : currentSpan)
        let missingOffset = afterPrevious.start
        recording?.missing(.identifier, at: missingOffset)
        return Identifier("", span: afterPrevious)
    }

    /// Enters one level of nesting; false (after reporting once) when the limit is reached.
    mutating func enterNesting() -> Bool {
        nesting += 1
        if nesting > Parser.maximumNesting {
            if !reportedNestingLimit {
                reportedNestingLimit = true
                diagnostics.add(CompilerMessages.nestingTooDeep(Parser.maximumNesting), at: currentSpan)
            }
            return false
        }
        return true
    }

    mutating func leaveNesting() { nesting -= 1 }

    /// Skips tokens up to a likely statement start: after a `;`, before a `}`, or before a keyword
    /// that begins a statement on a new line. Brace pairs are skipped whole.
    mutating func recoverToStatementBoundary() {
        recording?.skipping += 1
        defer { recording?.skipping -= 1 }
        let start = position
        while kind != .eof {
            if kind == .semicolon {
                advance()
                return
            }
            if kind == .rBrace { return }
            if position > start, current.newlineBefore, startsStatement(kind) { return }
            if kind == .lBrace {
                skipBalanced()
                continue
            }
            advance()
        }
    }

    /// Skips a `{ … }` group including nested groups.
    mutating func skipBalanced() {
        recording?.skipping += 1
        defer { recording?.skipping -= 1 }
        var depth = 0
        while kind != .eof {
            if kind == .lBrace { depth += 1 }
            if kind == .rBrace {
                depth -= 1
                if depth <= 0 {
                    advance()
                    return
                }
            }
            advance()
        }
    }

    func startsStatement(_ kind: TokenKind) -> Bool {
        switch kind {
        case .kwLet, .kwConst, .kwIf, .kwWhile, .kwFor, .kwReturn, .kwBreak, .kwContinue, .kwFunction,
             .kwClass, .kwContract, .kwEmit, .kwDeclare, .kwPublic, .kwPrivate, .kwStatic, .kwConstructor,
             .kwEvent, .kwWebhook, .kwSwitch, .kwDo, .kwCase, .kwDefault:
            true
        default:
            false
        }
    }

    /// The text of the doc comments (`///` or `/** */`) directly above `offset`.
    func docComment(before offset: Int) -> String? {
        // Binary search for the last comment that starts before the declaration.
        var low = 0
        var high = comments.count
        while low < high {
            let mid = (low + high) / 2
            if comments[mid].span.start < offset { low = mid + 1 } else { high = mid }
        }
        var index = low - 1
        var lines: [String] = []
        var boundary = offset
        while index >= 0 {
            let comment = comments[index]
            guard comment.kind == .docLine || comment.kind == .docBlock else { break }
            // Only whitespace with at most one line break may separate the comment from what it
            // documents. Scanned backwards from the declaration, stopping at the first other byte:
            // the bytes just before a declaration are read once, not everything since the comment
            // (which made a doc comment followed by n declarations cost n² in the file's length).
            var position = boundary
            var newlines = 0
            var adjacent = true
            while position > comment.span.end {
                position -= 1
                let byte = file.bytes[position]
                if byte == 10 {
                    newlines += 1
                    if newlines > 1 { break }
                } else if byte != 32, byte != 9, byte != 13 {
                    adjacent = false
                    break
                }
            }
            guard adjacent, newlines <= 1 else { break }
            lines.insert(Parser.docText(file.text(of: comment.span)), at: 0)
            boundary = comment.span.start
            index -= 1
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    static func docText(_ raw: String) -> String {
        if raw.hasPrefix("///") {
            let body = raw.dropFirst(3)
            return String(body.hasPrefix(" ") ? body.dropFirst() : body)
        }
        var body = raw.dropFirst(3)
        if body.hasSuffix("*/") { body = body.dropLast(2) }
        return body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var text = line.drop { $0 == " " || $0 == "\t" }
            if text.hasPrefix("*") { text = text.dropFirst() }
            if text.hasPrefix(" ") { text = text.dropFirst() }
            return String(text)
        }.joined(separator: "\n").trimmingBlankLines()
    }
}

extension String {
    fileprivate func trimmingBlankLines() -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy({ $0 == " " }) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy({ $0 == " " }) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
