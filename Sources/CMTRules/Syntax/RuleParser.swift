import CMTCompiler
import CMTSource

/// The DRL parser: reads the file structure (package, import, declare, global, function, query,
/// rule) itself and hands each embedded section (a left-hand side, a consequence, an attribute
/// value, a declare body) to a ``SectionParser`` over that section's tokens, which uses the CMT
/// parser for every CMT expression and statement. Keywords are case-insensitive (`Rule … End`).
/// Parsing never fails: one run reports every independent syntax error.
///
/// Split by grammar category: `RuleParser+Items` (declare, global, function, query, import) and
/// `RuleParser+Rules` (rules and attributes).
public struct RuleParser {
    let file: SourceFile
    let tokens: [Token]
    var index = 0
    var diagnostics = DiagnosticBag()
    var nextNodeID: Int32 = 0
    var lastErrorOffset = -1

    /// Words that start a top-level item.
    static let itemWords: Set<String> = ["package", "import", "declare", "global", "function", "query", "rule", "dialect"]

    /// Parses one `.drl` / `.rl` file. Lexical and syntax diagnostics come back with the tree.
    public static func parse(_ file: SourceFile) -> (RuleFileSyntax, [Diagnostic]) {
        let lexer = Lexer.tokenize(file)
        var parser = RuleParser(file: file, tokens: lexer.tokens)
        // An '@' is a DRL annotation: the parser reads it (or reports it where it cannot be).
        parser.diagnostics.append(contentsOf: lexer.diagnostics.diagnostics.filter { file.text(of: $0.span) != "@" })
        let syntax = parser.parseFile()
        return (syntax, deduplicated(parser.diagnostics.sorted))
    }

    init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens.isEmpty ? [Token(kind: .eof, start: 0, end: 0, newlineBefore: true)] : tokens
    }

    static func deduplicated(_ list: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Int>()
        return list.filter { seen.insert($0.span.start).inserted || $0.severity != .error }
    }

    // MARK: Cursor

    var current: Token { tokens[index] }
    var kind: TokenKind { tokens[index].kind }
    var currentSpan: Span { span(of: current) }

    func span(of token: Token) -> Span { Span(file: file.id, start: Int(token.start), end: Int(token.end)) }

    func text(of token: Token) -> String {
        String(decoding: file.bytes[Int(token.start)..<Int(token.end)], as: UTF8.self)
    }

    func word(at position: Int) -> String? {
        guard position < tokens.count else { return nil }
        let token = tokens[position]
        guard token.kind == .identifier || token.kind.isKeyword else { return nil }
        return text(of: token).lowercased()
    }

    var word: String? { word(at: index) }

    func peekKind(_ ahead: Int) -> TokenKind {
        index + ahead < tokens.count ? tokens[index + ahead].kind : .eof
    }

    mutating func advance() {
        if kind != .eof { index += 1 }
    }

    var previousEnd: Int { index > 0 ? Int(tokens[index - 1].end) : 0 }
    var pointAfterPrevious: Span { Span.point(file.id, previousEnd) }
    func span(from start: Int) -> Span { Span(file: file.id, start: start, end: max(start, previousEnd)) }

    var found: String { kind == .eof ? "end of file" : "'\(text(of: current))'" }

    mutating func report(_ message: DiagnosticMessage, at span: Span, fixIts: [FixIt] = []) {
        guard span.start != lastErrorOffset else { return }
        lastErrorOffset = span.start
        diagnostics.add(message, at: span, fixIts: fixIts)
    }

    // MARK: Sections

    /// Runs `read` over the tokens from the current one up to and including `boundary`, then
    /// continues after what it consumed.
    mutating func section<T>(to boundary: Int, _ read: (inout SectionParser) -> T) -> T {
        let end = min(boundary, tokens.count - 1)
        let slice = Array(tokens[index...max(index, end)])
        var parser = SectionParser(file: file, tokens: slice, boundary: end - index, firstNodeID: nextNodeID)
        let result = read(&parser)
        nextNodeID = parser.cmt.nextNodeID
        diagnostics.append(contentsOf: parser.allDiagnostics)
        index = min(index + parser.cmt.tokenIndex, end)
        if parser.diagnostics.hasErrors || parser.cmt.reportedDiagnostics.contains(where: { $0.severity == .error }) {
            lastErrorOffset = -1
        }
        return result
    }

    /// Whether the token at `position` is the keyword `end` (not a variable named `end`).
    func isEnd(at position: Int) -> Bool {
        guard word(at: position) == "end" else { return false }
        switch position + 1 < tokens.count ? tokens[position + 1].kind : .eof {
        case .assign, .dot, .lParen, .lBracket, .plusAssign, .minusAssign, .starAssign, .slashAssign, .plusPlus,
             .minusMinus, .questionDot:
            return false
        default:
            return true
        }
    }

    /// Whether the token at `position` starts a new top-level item (`rule "x"` at the start of a
    /// line, `declare Name`, …), which ends an item whose `end` is missing.
    func startsItem(at position: Int) -> Bool {
        guard position < tokens.count, tokens[position].newlineBefore, let word = word(at: position) else { return false }
        let next = position + 1 < tokens.count ? tokens[position + 1].kind : .eof
        switch word {
        case "rule", "query": return next == .string || next == .identifier
        case "declare", "global", "package", "import": return next == .identifier
        default: return false
        }
    }

    /// The index of the first token at bracket depth 0 from the current one that is one of `words`
    /// (`end` only as a keyword), or that starts a new item, or the end of the file.
    func find(_ words: Set<String>) -> Int {
        var depth = 0
        var position = index
        while position < tokens.count - 1 {
            let token = tokens[position]
            switch token.kind {
            case .lParen, .lBrace, .lBracket: depth += 1
            case .rParen, .rBrace, .rBracket: depth = max(0, depth - 1)
            default:
                if position > index, startsItem(at: position) { return position }
                // A `then` or `end` starting a line ends the section even after an unclosed '('.
                if depth == 0 || tokens[position].newlineBefore, let word = word(at: position), words.contains(word), word != "end" || isEnd(at: position) {
                    return position
                }
            }
            position += 1
        }
        return tokens.count - 1
    }

    // MARK: File

    /// file := ('package' qualifiedName ';'?)? item*
    mutating func parseFile() -> RuleFileSyntax {
        var syntax = RuleFileSyntax(file: file.id, packageName: nil, imports: [], items: [])
        var sawItem = false
        while kind != .eof {
            let before = index
            let isPackage = word == "package"
            switch word {
            case "package":
                let keyword = currentSpan
                advance()
                let name = parseQualifiedName("as the package name")
                if sawItem || syntax.packageName != nil { report(RuleMessages.misplacedPackage(), at: keyword) }
                syntax.packageName = syntax.packageName ?? name
                skipSemicolon()
            case "import":
                advance()
                if word == "function" || word == "static" { advance() }
                syntax.imports.append(parseQualifiedName("as the imported name", allowStar: true))
                skipSemicolon()
            case "dialect":
                // A file-level attribute: `dialect "mvel"`.
                _ = parseAttribute()
            case "declare":
                syntax.items.append(.declare(parseDeclare()))
            case "global":
                if let global = parseGlobal() { syntax.items.append(.global(global)) }
            case "function":
                if let function = parseFunction() { syntax.items.append(.function(function)) }
            case "query":
                syntax.items.append(.query(parseQuery()))
            case "rule":
                syntax.items.append(.rule(parseRule()))
            default:
                report(RuleMessages.expectedItem(found: found), at: currentSpan)
                skipToNextItem()
            }
            if !isPackage { sawItem = true }
            if index == before { advance() }
        }
        return syntax
    }

    mutating func skipSemicolon() {
        if kind == .semicolon { advance() }
    }

    /// Skips to the next token that starts a line with an item keyword.
    mutating func skipToNextItem() {
        advance()
        while kind != .eof {
            if current.newlineBefore, let word, RuleParser.itemWords.contains(word) { return }
            advance()
        }
    }

    /// qualifiedName := NAME ('.' NAME)* ('.' '*')?
    mutating func parseQualifiedName(_ context: String, allowStar: Bool = false) -> QualifiedName {
        let start = Int(current.start)
        var parts: [Identifier] = []
        repeat {
            if kind == .identifier || (kind.isKeyword && !parts.isEmpty) {
                parts.append(Identifier(text(of: current), span: currentSpan))
                advance()
            } else if allowStar, kind == .star, !parts.isEmpty {
                parts.append(Identifier("*", span: currentSpan))
                advance()
                break
            } else {
                report(RuleMessages.expectedName(context: context, found: found),
                       at: current.newlineBefore ? pointAfterPrevious : currentSpan)
                break
            }
        } while kind == .dot && { advance(); return true }()
        return QualifiedName(parts: parts, span: span(from: start))
    }

    /// Reads a name at file level, or reports it.
    mutating func expectName(_ context: String) -> Identifier? {
        if kind == .identifier {
            let name = Identifier(text(of: current), span: currentSpan)
            advance()
            return name
        }
        report(RuleMessages.expectedName(context: context, found: found),
               at: current.newlineBefore || kind == .eof ? pointAfterPrevious : currentSpan)
        return nil
    }

    /// Consumes `end` at `boundary` or reports that `what` has none.
    mutating func finishItem(_ what: String, keyword: Span) {
        if isEnd(at: index) {
            advance()
            skipSemicolon()
        } else {
            report(RuleMessages.missingEnd(what), at: keyword, fixIts: [.insert("\nend", at: pointAfterPrevious)])
        }
    }

    /// The value of a string token without its quotes (escapes `\"`, `\\`, `\n` decoded).
    func stringValue(_ token: Token) -> String {
        var raw = Substring(text(of: token))
        if raw.count >= 2 { raw = raw.dropFirst().dropLast() } else { raw = raw.dropFirst() }
        var result = ""
        var escaping = false
        for character in raw {
            if escaping {
                result.append(character == "n" ? "\n" : character == "t" ? "\t" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
