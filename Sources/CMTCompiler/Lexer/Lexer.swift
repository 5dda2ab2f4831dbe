import CMTSource

/// Turns CMT source bytes into tokens and comments. It never fails: a bad character or literal
/// becomes a diagnostic and a token, and lexing goes on.
public struct Lexer {
    public private(set) var tokens: [Token] = []
    public private(set) var comments: [Comment] = []
    public private(set) var diagnostics = DiagnosticBag()

    private let file: SourceFile
    private let bytes: [UInt8]
    private var index = 0
    private var newlineBefore = true
    /// One entry per open `{`: for a template literal's `${`, whose `}` resumes the template's
    /// text, the offset of the template's opening '`'; nil for any other `{`.
    private var braces: [Int?] = []

    /// Lexes the whole file.
    public static func tokenize(_ file: SourceFile) -> Lexer {
        var lexer = Lexer(file: file)
        lexer.run()
        return lexer
    }

    private init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
        tokens.reserveCapacity(bytes.count / 4)
    }

    private func peek(_ ahead: Int = 0) -> UInt8 {
        let i = index + ahead
        return i < bytes.count ? bytes[i] : 0
    }

    private func span(_ start: Int, _ end: Int) -> Span { Span(file: file.id, start: start, end: end) }

    private mutating func run() {
        while true {
            skipTrivia()
            let start = index
            guard index < bytes.count else {
                tokens.append(Token(kind: .eof, start: index, end: index, newlineBefore: true))
                return
            }
            let kind = lexToken()
            tokens.append(Token(kind: kind, start: start, end: index, newlineBefore: newlineBefore))
            newlineBefore = false
        }
    }

    // MARK: Trivia

    private mutating func skipTrivia() {
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                index += 1
            case UInt8(ascii: "\n"):
                newlineBefore = true
                index += 1
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
                lexLineComment()
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                lexBlockComment()
            case 0xEF where peek(1) == 0xBB && peek(2) == 0xBF && index == 0:
                index += 3  // byte-order mark
            default:
                return
            }
        }
    }

    private func startsOwnLine(_ start: Int) -> Bool {
        var i = start - 1
        while i >= 0 {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\n") { return true }
            if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\r") { return false }
            i -= 1
        }
        return true
    }

    private mutating func lexLineComment() {
        let start = index
        let isDoc = peek(2) == UInt8(ascii: "/") && peek(3) != UInt8(ascii: "/")
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
        var end = index
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        comments.append(Comment(kind: isDoc ? .docLine : .line, span: span(start, end), ownLine: startsOwnLine(start)))
    }

    private mutating func lexBlockComment() {
        let start = index
        let isDoc = peek(2) == UInt8(ascii: "*") && peek(3) != UInt8(ascii: "/")
        index += 2
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                index += 2
                comments.append(Comment(kind: isDoc ? .docBlock : .block, span: span(start, index), ownLine: startsOwnLine(start)))
                return
            }
            if bytes[index] == UInt8(ascii: "\n") { newlineBefore = true }
            index += 1
        }
        diagnostics.add(CompilerMessages.unterminatedBlockComment, at: span(start, start + 2),
                        notes: [Note("the comment runs to the end of the file")])
        comments.append(Comment(kind: .block, span: span(start, index), ownLine: startsOwnLine(start)))
    }

    // MARK: Tokens

    private mutating func lexToken() -> TokenKind {
        let byte = bytes[index]
        if Lexer.isIdentifierStart(byte) { return lexIdentifier() }
        if Lexer.isDigit(byte) { return lexNumber() }
        if byte == UInt8(ascii: ".") && Lexer.isDigit(peek(1)) { return lexNumber() }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { return lexString(quote: byte) }
        if byte >= 0x80 { return lexNonASCII() }
        return lexPunctuation(byte)
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
    }

    static func isIdentifierContinue(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    private mutating func lexIdentifier() -> TokenKind {
        let start = index
        index += 1
        while index < bytes.count, Lexer.isIdentifierContinue(bytes[index]) { index += 1 }
        let length = index - start
        // Keywords are 2 to 11 ASCII letters long; skip the lookup for anything else. The bytes are
        // compared with the keywords of the same length (no String is built, nothing is hashed).
        if length >= 2 && length < Lexer.keywordsByLength.count && bytes[start] >= UInt8(ascii: "a") {
            for keyword in Lexer.keywordsByLength[length] where keyword.bytes[0] == bytes[start] {
                if bytes[start..<index].elementsEqual(keyword.bytes) { return keyword.kind }
            }
        }
        return .identifier
    }

    /// ``TokenKind/keywords`` as bytes, by length (index = length in bytes).
    private static let keywordsByLength: [[(bytes: [UInt8], kind: TokenKind)]] = {
        let longest = TokenKind.keywords.keys.map(\.utf8.count).max() ?? 0
        var table = Array(repeating: [(bytes: [UInt8], kind: TokenKind)](), count: longest + 1)
        for (text, kind) in TokenKind.keywords { table[text.utf8.count].append((Array(text.utf8), kind)) }
        return table
    }()

    /// number := digits ('.' digits)? exponent? | '.' digits exponent? | '0x' hexdigits
    /// digits may contain single underscores between digits.
    private mutating func lexNumber() -> TokenKind {
        let start = index
        if bytes[index] == UInt8(ascii: "0"), peek(1) == UInt8(ascii: "x") || peek(1) == UInt8(ascii: "X") {
            index += 2
            let digitsStart = index
            while index < bytes.count, Lexer.isHexDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_") { index += 1 }
            if index == digitsStart {
                diagnostics.add(CompilerMessages.malformedNumber("hexadecimal literal has no digits"), at: span(start, index))
            }
            checkNumberSuffix(start: start)
            return .number
        }
        scanDigits(start: start)
        if peek() == UInt8(ascii: "."), Lexer.isDigit(peek(1)) {
            index += 1
            scanDigits(start: start)
        } else if peek() == UInt8(ascii: "."), !Lexer.isIdentifierStart(peek(1)), peek(1) != UInt8(ascii: ".") {
            // `1.` with nothing after the point.
            index += 1
            diagnostics.add(CompilerMessages.malformedNumber("expected digits after the decimal point"), at: span(start, index),
                            fixIts: [.insert("0", at: Span.point(file.id, index))])
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let exponentStart = index
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            if Lexer.isDigit(peek()) {
                scanDigits(start: start)
            } else {
                diagnostics.add(CompilerMessages.malformedNumber("expected digits in the exponent"), at: span(exponentStart, index))
            }
        }
        checkNumberSuffix(start: start)
        return .number
    }

    private mutating func scanDigits(start: Int) {
        var lastWasUnderscore = false
        while index < bytes.count {
            let byte = bytes[index]
            if Lexer.isDigit(byte) {
                lastWasUnderscore = false
            } else if byte == UInt8(ascii: "_") {
                // A run of underscores is one mistake: report it at its first '_' only.
                if !lastWasUnderscore && !Lexer.isDigit(peek(1)) {
                    diagnostics.add(CompilerMessages.malformedNumber("'_' must stand between two digits"), at: span(index, index + 1))
                }
                lastWasUnderscore = true
            } else {
                break
            }
            index += 1
        }
    }

    private mutating func checkNumberSuffix(start: Int) {
        guard index < bytes.count, Lexer.isIdentifierContinue(bytes[index]) else { return }
        let suffixStart = index
        while index < bytes.count, Lexer.isIdentifierContinue(bytes[index]) { index += 1 }
        diagnostics.add(CompilerMessages.malformedNumber("a number cannot be followed directly by a letter"), at: span(suffixStart, index))
    }

    private mutating func lexString(quote: UInt8) -> TokenKind {
        let start = index
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                index += 1
                return .string
            }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: "\\") {
                lexEscape()
                continue
            }
            index += 1
        }
        diagnostics.add(CompilerMessages.unterminatedString, at: span(start, start + 1),
                        fixIts: [.insert(String(UnicodeScalar(quote)), at: Span.point(file.id, index))])
        return .string
    }

    /// The text of a template literal after its opening '`' or after the `}` that closes a
    /// substitution, up to the closing '`' (`closing`) or the next `${` (`opening`, which opens a
    /// substitution). Line breaks are part of the text. `start` is where the template literal begins.
    private mutating func lexTemplateText(start: Int, opening: TokenKind, closing: TokenKind) -> TokenKind {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "`") {
                index += 1
                return closing
            }
            if byte == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "{") {
                index += 2
                braces.append(start)
                return opening
            }
            if byte == UInt8(ascii: "\\") {
                lexEscape(inTemplate: true)
                continue
            }
            index += 1
        }
        diagnostics.add(CompilerMessages.unterminatedTemplate, at: span(start, start + 1),
                        fixIts: [.insert("`", at: Span.point(file.id, index))])
        return closing
    }

    private mutating func lexEscape(inTemplate: Bool = false) {
        let start = index
        index += 1  // backslash
        guard index < bytes.count else { return }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "0"), UInt8(ascii: "\\"),
             UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "v"),
             UInt8(ascii: "\n"):
            return
        case UInt8(ascii: "`") where inTemplate, UInt8(ascii: "$") where inTemplate:
            return
        case UInt8(ascii: "x"):
            if Lexer.isHexDigit(peek()) && Lexer.isHexDigit(peek(1)) {
                index += 2
            } else {
                diagnostics.add(CompilerMessages.invalidEscape("'\\x' must be followed by two hexadecimal digits"), at: span(start, index))
            }
        case UInt8(ascii: "u"):
            lexUnicodeEscape(start: start)
        default:
            if byte == UInt8(ascii: "\r") && peek() == UInt8(ascii: "\n") {
                index += 1
                return
            }
            index = start + 1 + SourceFile.scalarLength(leadByte: byte)
            diagnostics.add(CompilerMessages.invalidEscape("unknown escape sequence '\\\(file.text(of: span(start + 1, index)))'"),
                            at: span(start, index), helps: ["write '\\\\' for a backslash"])
        }
    }

    private mutating func lexUnicodeEscape(start: Int) {
        if peek() == UInt8(ascii: "{") {
            index += 1
            let digitsStart = index
            while Lexer.isHexDigit(peek()) { index += 1 }
            let digits = String(decoding: bytes[digitsStart..<index], as: UTF8.self)
            if peek() == UInt8(ascii: "}"), !digits.isEmpty, digits.count <= 6,
               let value = UInt32(digits, radix: 16), UnicodeScalar(value) != nil {
                index += 1
            } else {
                if peek() == UInt8(ascii: "}") { index += 1 }
                diagnostics.add(CompilerMessages.invalidEscape("'\\u{…}' must hold the hexadecimal code of a Unicode scalar"), at: span(start, index))
            }
            return
        }
        var count = 0
        while count < 4, Lexer.isHexDigit(peek()) {
            index += 1
            count += 1
        }
        let digits = String(decoding: bytes[(start + 2)..<index], as: UTF8.self)
        if count != 4 || UInt32(digits, radix: 16).flatMap(UnicodeScalar.init) == nil {
            diagnostics.add(CompilerMessages.invalidEscape("'\\u' must be followed by four hexadecimal digits of a Unicode scalar"), at: span(start, index))
        }
    }

    private mutating func lexNonASCII() -> TokenKind {
        let start = index
        index += SourceFile.scalarLength(leadByte: bytes[index])
        index = min(index, bytes.count)
        let text = file.text(of: span(start, index))
        var helps: [String] = []
        var fixIts: [FixIt] = []
        switch text {
        case "\u{201C}", "\u{201D}":
            helps = ["typographic quotes are not string delimiters"]
            fixIts = [.replace(span(start, index), with: "\"")]
        case "\u{2018}", "\u{2019}":
            helps = ["typographic quotes are not string delimiters"]
            fixIts = [.replace(span(start, index), with: "'")]
        case "\u{2026}":
            helps = ["'…' is an ellipsis character, not code"]
        default:
            break
        }
        diagnostics.add(CompilerMessages.unexpectedCharacter(text), at: span(start, index), fixIts: fixIts, helps: helps)
        switch text {
        case "\u{201C}": skipQuoted(to: ["\u{201D}", "\u{201C}"])
        case "\u{2018}": skipQuoted(to: ["\u{2019}", "\u{2018}"])
        default: break
        }
        return .unknown
    }

    /// After an opening quote the language does not know (typographic quotes, '`'), takes the rest of
    /// the quoted text up to `closers` on the same line into the same unknown token, so that the text
    /// between the quotes does not cause further errors. Without a closer, takes nothing more.
    private mutating func skipQuoted(to closers: [String]) {
        var i = index
        while i < bytes.count, bytes[i] != UInt8(ascii: "\n") {
            let length = min(SourceFile.scalarLength(leadByte: bytes[i]), bytes.count - i)
            if closers.contains(String(decoding: bytes[i..<(i + length)], as: UTF8.self)) {
                index = i + length
                return
            }
            i += length
        }
    }

    private mutating func lexPunctuation(_ byte: UInt8) -> TokenKind {
        let start = index
        index += 1
        let next = peek()
        func take(_ kind: TokenKind, _ extra: Int = 1) -> TokenKind {
            index += extra
            return kind
        }
        switch byte {
        case UInt8(ascii: "("): return .lParen
        case UInt8(ascii: ")"): return .rParen
        case UInt8(ascii: "{"):
            braces.append(nil)
            return .lBrace
        case UInt8(ascii: "}"):
            if case let opening?? = braces.popLast() {
                return lexTemplateText(start: opening, opening: .templateMiddle, closing: .templateTail)
            }
            return .rBrace
        case UInt8(ascii: "`"):
            return lexTemplateText(start: start, opening: .templateHead, closing: .templateString)
        case UInt8(ascii: "["): return .lBracket
        case UInt8(ascii: "]"): return .rBracket
        case UInt8(ascii: ";"): return .semicolon
        case UInt8(ascii: ","): return .comma
        case UInt8(ascii: ":"): return .colon
        case UInt8(ascii: "~"): return .tilde
        case UInt8(ascii: "^"): return .caret
        case UInt8(ascii: "."):
            return next == UInt8(ascii: ".") && peek(1) == UInt8(ascii: ".") ? take(.ellipsis, 2) : .dot
        case UInt8(ascii: "?"):
            if next == UInt8(ascii: "."), !Lexer.isDigit(peek(1)) { return take(.questionDot) }
            if next == UInt8(ascii: "?") { return peek(1) == UInt8(ascii: "=") ? take(.questionQuestionAssign, 2) : take(.questionQuestion) }
            return .question
        case UInt8(ascii: "+"):
            if next == UInt8(ascii: "+") { return take(.plusPlus) }
            if next == UInt8(ascii: "=") { return take(.plusAssign) }
            return .plus
        case UInt8(ascii: "-"):
            if next == UInt8(ascii: "-") { return take(.minusMinus) }
            if next == UInt8(ascii: "=") { return take(.minusAssign) }
            return .minus
        case UInt8(ascii: "*"):
            if next == UInt8(ascii: "*") { return take(.starStar) }
            if next == UInt8(ascii: "=") { return take(.starAssign) }
            return .star
        case UInt8(ascii: "/"):
            return next == UInt8(ascii: "=") ? take(.slashAssign) : .slash
        case UInt8(ascii: "%"):
            return next == UInt8(ascii: "=") ? take(.percentAssign) : .percent
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { return peek(1) == UInt8(ascii: "=") ? take(.equalEqualEqual, 2) : take(.equalEqual) }
            if next == UInt8(ascii: ">") { return take(.arrow) }
            return .assign
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") { return peek(1) == UInt8(ascii: "=") ? take(.bangEqualEqual, 2) : take(.bangEqual) }
            return .bang
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { return take(.lessEqual) }
            if next == UInt8(ascii: "<") { return take(.lessLess) }
            return .less
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { return take(.greaterEqual) }
            if next == UInt8(ascii: ">") { return take(.greaterGreater) }
            return .greater
        case UInt8(ascii: "&"):
            return next == UInt8(ascii: "&") ? take(.ampAmp) : .amp
        case UInt8(ascii: "|"):
            return next == UInt8(ascii: "|") ? take(.pipePipe) : .pipe
        default:
            let text = file.text(of: span(start, index))
            var helps: [String] = []
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "@") { helps = ["'\(text)' has no meaning in CMT"] }
            let shown = byte < 0x20 || byte == 0x7F ? "\\u{\(String(byte, radix: 16))}" : text
            diagnostics.add(CompilerMessages.unexpectedCharacter(shown), at: span(start, index), helps: helps)
            return .unknown
        }
    }
}

extension Lexer {
    /// The value of a string token's text (quotes included), with escapes decoded. The lexer has
    /// already reported malformed escapes; here they decode to U+FFFD.
    public static func decodeString<C: Collection>(_ raw: C) -> String where C.Element == UInt8, C.Index == Int {
        guard let first = raw.first else { return "" }
        var end = raw.endIndex
        if end - 1 > raw.startIndex, raw[end - 1] == first { end -= 1 }
        return decodeEscapes(raw, from: raw.startIndex + 1, to: end)
    }

    /// The text of one piece of a template literal token (`` `a${ ``, `` }b${ ``, `` }c` `` or
    /// `` `d` ``), without its delimiters, with escapes decoded and each CR LF read as LF.
    public static func decodeTemplate<C: Collection>(_ raw: C) -> String where C.Element == UInt8, C.Index == Int {
        guard raw.count >= 1 else { return "" }
        var end = raw.endIndex
        if end - 2 > raw.startIndex, raw[end - 2] == UInt8(ascii: "$"), raw[end - 1] == UInt8(ascii: "{") {
            end -= 2
        } else if end - 1 > raw.startIndex, raw[end - 1] == UInt8(ascii: "`") {
            end -= 1
        }
        return decodeEscapes(raw, from: raw.startIndex + 1, to: end, normalizingLineBreaks: true)
    }

    /// Decodes the escapes of `raw[from..<end]`.
    static func decodeEscapes<C: Collection>(_ raw: C, from start: Int, to end: Int, normalizingLineBreaks: Bool = false) -> String
    where C.Element == UInt8, C.Index == Int {
        var result = [UInt8]()
        result.reserveCapacity(max(0, end - start))
        var i = start
        func hexValue(_ from: Int, _ count: Int) -> UInt32? {
            guard from + count <= end else { return nil }
            var value: UInt32 = 0
            for k in from..<(from + count) {
                let b = raw[k]
                guard isHexDigit(b) else { return nil }
                let digit: UInt8 = isDigit(b) ? b - 48 : (b | 0x20) - 87
                value = value * 16 + UInt32(digit)
            }
            return value
        }
        func appendScalar(_ value: UInt32?) {
            let scalar = value.flatMap(UnicodeScalar.init) ?? "\u{FFFD}"
            result.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        while i < end {
            let byte = raw[i]
            if normalizingLineBreaks, byte == 13, i + 1 < end, raw[i + 1] == 10 {
                i += 1
                continue
            }
            guard byte == UInt8(ascii: "\\"), i + 1 < end else {
                result.append(byte)
                i += 1
                continue
            }
            let escape = raw[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "n"): result.append(10)
            case UInt8(ascii: "t"): result.append(9)
            case UInt8(ascii: "r"): result.append(13)
            case UInt8(ascii: "0"): result.append(0)
            case UInt8(ascii: "b"): result.append(8)
            case UInt8(ascii: "f"): result.append(12)
            case UInt8(ascii: "v"): result.append(11)
            case UInt8(ascii: "\n"): break
            case UInt8(ascii: "\r"):
                if i < end, raw[i] == 10 { i += 1 }
            case UInt8(ascii: "x"):
                appendScalar(hexValue(i, 2))
                i = min(i + 2, end)
            case UInt8(ascii: "u"):
                if i < end, raw[i] == UInt8(ascii: "{") {
                    var j = i + 1
                    while j < end, raw[j] != UInt8(ascii: "}") { j += 1 }
                    appendScalar(j - i - 1 <= 6 ? hexValue(i + 1, j - i - 1) : nil)
                    i = min(j + 1, end)
                } else {
                    appendScalar(hexValue(i, 4))
                    i = min(i + 4, end)
                }
            default: result.append(escape)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
