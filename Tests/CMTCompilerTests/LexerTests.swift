import Testing
@testable import CMTCompiler
import CMTSource

@Suite("Lexer")
struct LexerTests {
    func lex(_ text: String) -> Lexer {
        Lexer.tokenize(SourceFile(id: FileID(0), path: "t.cmt", text: text))
    }

    @Test("keywords, identifiers, numbers and operators become the right tokens")
    func tokenKinds() {
        let lexer = lex("let x = a ?? 1_000.5 >= y?.z ** 2;")
        #expect(lexer.tokens.map(\.kind) == [.kwLet, .identifier, .assign, .identifier, .questionQuestion, .number, .greaterEqual,
                                              .identifier, .questionDot, .identifier, .starStar, .number, .semicolon, .eof])
        #expect(lexer.diagnostics.diagnostics.isEmpty)
    }

    @Test("a template literal is read in pieces around its substitutions, braces inside them included")
    func templatePieces() {
        let lexer = lex("`a${ {k: 1}[\"k\"] }b${`c${d}`}e` `plain`")
        #expect(lexer.tokens.map(\.kind) == [.templateHead, .lBrace, .identifier, .colon, .number, .rBrace, .lBracket, .string, .rBracket,
                                              .templateMiddle, .templateHead, .identifier, .templateTail, .templateTail,
                                              .templateString, .eof])
        #expect(lexer.diagnostics.diagnostics.isEmpty)
        let raw = Array("}x\\`\\${\r\ny\\n`".utf8)
        #expect(Lexer.decodeTemplate(raw) == "x`${\ny\n")
    }

    @Test("an unterminated template literal is reported at its opening backquote")
    func unterminatedTemplate() {
        let lexer = lex("x = `a ${b} c")
        #expect(lexer.diagnostics.diagnostics.map(\.code) == ["E0006"])
        #expect(lexer.diagnostics.diagnostics.first?.span.start == 4)
    }

    @Test("a token records whether a line break precedes it")
    func newlineFlag() {
        let lexer = lex("a\n  b c")
        #expect(lexer.tokens.map(\.newlineBefore) == [true, true, false, true])
    }

    @Test("comments are kept with their kind, and doc comments are told apart")
    func comments() {
        let lexer = lex("/// doc\n// line\nx /* block */ /** docblock */")
        #expect(lexer.comments.map(\.kind) == [.docLine, .line, .block, .docBlock])
        #expect(lexer.comments[2].ownLine == false)
        #expect(lexer.comments[1].ownLine == true)
    }

    @Test("string escapes decode to their characters")
    func decodesEscapes() {
        let raw = Array(#""a\n\t\"\\\x41\u00e9\u{1F600}""#.utf8)
        #expect(Lexer.decodeString(raw[...]) == "a\n\t\"\\A\u{e9}\u{1F600}")
        #expect(Lexer.decodeString(Array("'it\\'s'".utf8)[...]) == "it's")
    }

    @Test("malformed literals are reported and lexing goes on")
    func malformedLiterals() {
        let lexer = lex("x = 1e; y = \"abc\nz = 0x; w = 1__0;")
        let codes = lexer.diagnostics.diagnostics.map(\.code)
        #expect(codes == ["E0005", "E0002", "E0005", "E0005"])
        #expect(lexer.tokens.last?.kind == .eof)
    }

    @Test("typographic quotes are reported with a fix-it to straight quotes")
    func typographicQuotes() {
        let lexer = lex("x = \u{201C}hi\u{201D}")
        let first = lexer.diagnostics.diagnostics.first
        #expect(first?.code == "E0001")
        #expect(first?.fixIts.first?.changes.first?.replacement == "\"")
    }
}
