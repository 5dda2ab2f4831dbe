/// The tokens and nesting openers a ``SourceMutator`` inserts: one per input language.
public struct MutationGrammar: Sendable {
    /// Tokens inserted whole (keywords, operators, awkward literals).
    public let dictionary: [String]
    /// Openers, and the closer that balances each, repeated by nesting bursts.
    public let openers: [(open: String, close: String)]

    public init(dictionary: [String], openers: [(open: String, close: String)]) {
        self.dictionary = dictionary
        self.openers = openers
    }

    /// CMT source (docs/language.md).
    public static let cmt = MutationGrammar(dictionary: SourceMutator.dictionary, openers: SourceMutator.openers)
}

/// Mutates source text for the front-end and reader fuzzers (CMT by default; see ``MutationGrammar``).
///
/// Each call applies one to four edits: byte edits (replace, bit flip, delete a range, duplicate a
/// range, truncate), insertion of a CMT token from ``dictionary``, crossover with a second input, and
/// nesting bursts that repeat an opener such as `(`, `[`, `{`, `-`, `a.` or `if (x)` hundreds or
/// thousands of times, so the parser's nesting bound and every later phase's recursion are tested.
public enum SourceMutator {
    /// Keywords, type names, operators and awkward literals of CMT (docs/language.md).
    public static let dictionary: [String] = [
        "contract", "class", "function", "let", "const", "if", "else", "while", "for", "of", "in", "return",
        "break", "continue", "emit", "event", "declare", "public", "private", "static", "constructor", "webhook",
        "readonly", "new", "this", "null", "true", "false", "number", "string", "boolean", "bytes", "address",
        "Map", "void", "any", "=>", "(", ")", "[", "]", "{", "}", "<", ">", ";", ",", ".", "?.", "?", ":", "=",
        "==", "===", "!=", "!==", "+", "-", "*", "/", "%", "**", "&&", "||", "??", "!", "~", "&", "|", "^",
        "<<", ">>", "++", "--", "+=", "??=", "\"", "'", "`", "//", "/*", "*/", "0x", "0x1g", "1e999", "0.1",
        "1_000", "123456789012345678901234567890.123456789012345678901", "\"\\u{110000}\"", "\"\\x\"", "\\",
        "\n", " ", "\t", "\r\n", "@", "#", "$", "\u{0}", "é", "\u{1F600}", "\u{FEFF}", "${", "x", "a.b", "f()",
        "require(", "msg.sender", "this.x", "x: number", "(x) => x", "[1, 2]", "{ a: 1 }", "string[]",
        "Map<string, number>", "number?", "x!", "x?.y", "new Point()",
        "switch", "case", "default", "do", "switch (x) {", "case 1:", "default:", "do {", "} while (x);", "`", "`a${x}b`",
        "}`", "\\`", "\\${", "outer:", "break outer;", "continue outer;",
        // Modules, classes, declared contracts and try/catch (issue 16).
        "import", "export", "from", "as", "import { a } from \"./b\";", "import { a as b, C } from \"./c\";",
        "\"./b\"", "\"../b\"", "\"std/money\"", "\"token\"", "export function", "export class", "export const",
        "\n//--- b.cmt\n", "\n//--- c.cmt\n", "\n//--- <dependency token>\n", "extends", "implements", "interface",
        "abstract", "protected", "super", "super(", "super.m()", "constructor(private x: number) {}", "...", "[...a]",
        "declare contract", "reentrant", "try", "catch", "finally", "throw", "try {", "} catch (e) {", "} catch {",
        "} catch (e: string) {", "revert(\"no\")",
    ]

    /// Openers (and the closer that balances each) used by nesting bursts.
    static let openers: [(open: String, close: String)] = [
        ("(", ")"), ("[", "]"), ("{", "}"), ("-", ""), ("!", ""), ("a.", "b"), ("f(", ")"), ("x[", "]"),
        ("{ a: ", " }"), ("if (x) ", ""), ("if (x) {", "}"), ("while (x) {", "}"), ("Map<string, ", ">"),
        ("Array<", ">"), ("() => ", ""), ("x ? ", " : y"), ("1 + ", "1"), ("x = ", "1"), ("++", ""),
        ("function f() {", "}"), ("class C {", "}"), ("`${", "}`"), ("switch (x) { case 1: ", "}"),
        ("do {", "} while (x);"), ("l: ", ""), ("`a${ {b: ", "} }`"),
        ("try {", "} catch {}"), ("[...", "]"), ("f(...", ")"), ("super.", "m()"), ("{ a: { b = ", "} }"),
    ]

    /// One mutation of `input`, at most `maxSize` bytes long.
    /// - Parameters:
    ///   - other: a second input to splice from (crossover), if any.
    public static func mutate(
        _ input: [UInt8], other: [UInt8]?, maxSize: Int, grammar: MutationGrammar = .cmt, using random: inout FuzzRandom
    ) -> [UInt8] {
        var bytes = input
        for _ in 0...random.below(4) { edit(&bytes, other: other, grammar: grammar, using: &random) }
        if bytes.count > maxSize { bytes.removeLast(bytes.count - maxSize) }
        return bytes
    }

    static func edit(_ bytes: inout [UInt8], other: [UInt8]?, grammar: MutationGrammar, using random: inout FuzzRandom) {
        let position = random.below(bytes.count + 1)
        switch random.below(10) {
        case 0 where !bytes.isEmpty:
            bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
        case 1 where !bytes.isEmpty:
            bytes[random.below(bytes.count)] ^= 1 << UInt8(random.below(8))
        case 2 where !bytes.isEmpty:
            let start = random.below(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + random.below(24)))
        case 3 where !bytes.isEmpty:
            let start = random.below(bytes.count)
            let slice = bytes[start..<min(bytes.count, start + 1 + random.below(64))]
            bytes.insert(contentsOf: slice, at: position)
        case 4:
            if let other, !other.isEmpty {
                let start = random.below(other.count)
                bytes.insert(contentsOf: other[start..<min(other.count, start + 1 + random.below(256))], at: position)
            }
        case 5:
            nestingBurst(&bytes, at: position, openers: grammar.openers, using: &random)
        case 6 where random.oneIn(8):
            bytes.removeSubrange(position...)
        default:
            let token = random.pick(grammar.dictionary) ?? " "
            bytes.insert(contentsOf: Array((random.oneIn(2) ? " " + token + " " : token).utf8), at: position)
        }
    }

    /// Inserts `count` copies of an opener, then an operand and (usually) as many closers.
    static func nestingBurst(
        _ bytes: inout [UInt8], at position: Int, openers: [(open: String, close: String)], using random: inout FuzzRandom
    ) {
        guard let pair = random.pick(openers) else { return }
        let count = random.oneIn(8) ? 1_000 + random.below(20_000) : 1 + random.below(400)
        var burst = String(repeating: pair.open, count: count) + "x"
        if !random.oneIn(4) { burst += String(repeating: pair.close, count: count) }
        bytes.insert(contentsOf: Array(burst.utf8), at: position)
    }
}
