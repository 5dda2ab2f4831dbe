import CMTSource

/// The kinds of CMT tokens. Keywords are reserved words; type names such as `number` are ordinary
/// identifiers that the type checker resolves.
public enum TokenKind: UInt8, Sendable, Hashable {
    case eof
    case identifier
    case number
    case string
    /// A template literal without substitutions: `` `text` ``.
    case templateString
    /// The start of a template literal up to its first substitution: `` `text${ ``.
    case templateHead
    /// The text between two substitutions: `` }text${ ``.
    case templateMiddle
    /// The text after the last substitution: `` }text` ``.
    case templateTail

    // Keywords (ORDER KEYWORD: keep in step with `TokenKind.keywords`).
    case kwLet, kwConst, kwFunction, kwClass, kwContract, kwConstructor, kwPublic, kwPrivate
    case kwStatic, kwReturn, kwIf, kwElse, kwWhile, kwFor, kwOf, kwBreak, kwContinue, kwNew
    case kwTrue, kwFalse, kwNull, kwThis, kwEmit, kwEvent, kwWebhook, kwDeclare, kwReadonly
    case kwSwitch, kwCase, kwDefault, kwDo

    // Punctuation.
    case lParen, rParen, lBrace, rBrace, lBracket, rBracket
    case semicolon, comma, dot, ellipsis, questionDot, question, colon, arrow
    case plus, minus, star, slash, percent, starStar, plusPlus, minusMinus
    case assign, plusAssign, minusAssign, starAssign, slashAssign, percentAssign, questionQuestionAssign
    case equalEqual, bangEqual, equalEqualEqual, bangEqualEqual
    case less, greater, lessEqual, greaterEqual
    case ampAmp, pipePipe, questionQuestion, bang, tilde, amp, pipe, caret, lessLess, greaterGreater
    /// A character that starts no token; the lexer has reported it.
    case unknown

    /// Reserved words and their kinds.
    static let keywords: [String: TokenKind] = [
        "let": .kwLet, "const": .kwConst, "function": .kwFunction, "class": .kwClass,
        "contract": .kwContract, "constructor": .kwConstructor, "public": .kwPublic,
        "private": .kwPrivate, "static": .kwStatic, "return": .kwReturn, "if": .kwIf,
        "else": .kwElse, "while": .kwWhile, "for": .kwFor, "of": .kwOf, "break": .kwBreak,
        "continue": .kwContinue, "new": .kwNew, "true": .kwTrue, "false": .kwFalse,
        "null": .kwNull, "this": .kwThis, "emit": .kwEmit, "event": .kwEvent,
        "webhook": .kwWebhook, "declare": .kwDeclare, "readonly": .kwReadonly,
        "switch": .kwSwitch, "case": .kwCase, "default": .kwDefault, "do": .kwDo,
    ]

    public var isKeyword: Bool { rawValue >= TokenKind.kwLet.rawValue && rawValue <= TokenKind.kwDo.rawValue }

    /// Keywords that may still be used as member names after `.` (`process.new`, `x.of`).
    public var canBeMemberName: Bool { isKeyword }

    /// How the token is written, for messages ("expected ')'").
    public var spelling: String {
        switch self {
        case .eof: "end of file"
        case .identifier: "identifier"
        case .number: "number"
        case .string: "string"
        case .templateString, .templateHead, .templateMiddle, .templateTail: "template literal"
        case .unknown: "unknown character"
        case .lParen: "("
        case .rParen: ")"
        case .lBrace: "{"
        case .rBrace: "}"
        case .lBracket: "["
        case .rBracket: "]"
        case .semicolon: ";"
        case .comma: ","
        case .dot: "."
        case .ellipsis: "..."
        case .questionDot: "?."
        case .question: "?"
        case .colon: ":"
        case .arrow: "=>"
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .slash: "/"
        case .percent: "%"
        case .starStar: "**"
        case .plusPlus: "++"
        case .minusMinus: "--"
        case .assign: "="
        case .plusAssign: "+="
        case .minusAssign: "-="
        case .starAssign: "*="
        case .slashAssign: "/="
        case .percentAssign: "%="
        case .questionQuestionAssign: "??="
        case .equalEqual: "=="
        case .bangEqual: "!="
        case .equalEqualEqual: "==="
        case .bangEqualEqual: "!=="
        case .less: "<"
        case .greater: ">"
        case .lessEqual: "<="
        case .greaterEqual: ">="
        case .ampAmp: "&&"
        case .pipePipe: "||"
        case .questionQuestion: "??"
        case .bang: "!"
        case .tilde: "~"
        case .amp: "&"
        case .pipe: "|"
        case .caret: "^"
        case .lessLess: "<<"
        case .greaterGreater: ">>"
        default: TokenKind.keywords.first { $0.value == self }?.key ?? "token"
        }
    }
}

/// One token: its kind, its byte range in the file, and whether a line break precedes it (the
/// parser's automatic-semicolon rule reads this).
public struct Token: Sendable, Hashable {
    public let kind: TokenKind
    public let start: Int32
    public let end: Int32
    public let newlineBefore: Bool

    public init(kind: TokenKind, start: Int, end: Int, newlineBefore: Bool) {
        self.kind = kind
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
        self.newlineBefore = newlineBefore
    }
}

/// A comment kept for the formatter and for documentation (`///` and `/** */` are doc comments).
public struct Comment: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case line, block, docLine, docBlock }
    public let kind: Kind
    public let span: Span
    /// Whether the comment starts a line (only white space before it on its line).
    public let ownLine: Bool
}
