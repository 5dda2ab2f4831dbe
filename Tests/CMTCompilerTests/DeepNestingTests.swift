import CMTCompiler
import CMTSource
import Testing

/// Inputs nested or chained far past ``Parser/maximumNesting`` get the E0106 diagnostic from the
/// parser; the checker and the formatter then finish normally instead of overflowing the stack.
@Suite struct DeepNestingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var source: String
        var testDescription: String { name }
    }

    static let depth = 100_000

    static let cases: [Case] = [
        Case(name: "array type suffixes number[][]…", source: "let x: number" + String(repeating: "[]", count: depth) + " = null;\n"),
        Case(name: "optional type suffixes number??…", source: "let x: number" + String(repeating: "?", count: depth) + " = null;\n"),
        Case(name: "mixed type suffixes number[]?[]?…", source: "let x: number" + String(repeating: "[]?", count: depth) + " = null;\n"),
        Case(name: "generic type arguments", source: "let x: " + String(repeating: "Map<string, ", count: depth) + "number" + String(repeating: ">", count: depth) + " = null;\n"),
        Case(name: "parentheses", source: "let x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + ";\n"),
        Case(name: "array literals", source: "let x = " + String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth) + ";\n"),
        Case(name: "map literals", source: "let x = " + String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth) + ";\n"),
        Case(name: "blocks", source: "function f() {" + String(repeating: "{", count: depth) + String(repeating: "}", count: depth) + "}\n"),
        Case(name: "member chain a.b.c…", source: "let x = a" + String(repeating: ".b", count: depth) + ";\n"),
        Case(name: "sum 1+1+… of 200k terms", source: "let x = 1" + String(repeating: "+1", count: 2 * depth) + ";\n"),
        Case(name: "unary minus chain", source: "let x = " + String(repeating: "- ", count: depth) + "1;\n"),
        Case(name: "call chain f()()…", source: "let x = f" + String(repeating: "()", count: depth) + ";\n"),
        Case(name: "postfix decrement chain a----…", source: "function f() { a" + String(repeating: "--", count: depth) + "; }\n"),
        Case(name: "postfix increment chain a++++…", source: "let x = a" + String(repeating: "++", count: depth) + ";\n"),
        Case(name: "if chain", source: "function f() {" + String(repeating: "if (x) ", count: depth) + "return; }\n"),
        Case(name: "template literals in substitutions", source: "let x = " + String(repeating: "`${", count: depth) + "1" + String(repeating: "}`", count: depth) + ";\n"),
        Case(name: "label chain", source: "function f() {" + String(repeating: "a: ", count: depth) + "return; }\n"),
        Case(name: "switch in switch", source: "function f() {" + String(repeating: "switch (x) { case 1: ", count: depth) + String(repeating: "}", count: depth) + "}\n"),
        Case(name: "do in do", source: "function f() {" + String(repeating: "do ", count: depth) + ";" + String(repeating: " while (x)", count: depth) + "}\n"),
    ]

    @Test("deep input gets a nesting diagnostic, and the checker and formatter survive it", arguments: cases)
    func deepInputIsDiagnosed(_ testCase: Case) {
        let (result, _) = Frontend.check(text: testCase.source)
        #expect(result.diagnostics.contains { $0.code == "E0106" })
        let sources = SourceManager()
        let formatted = Formatter.format(sources.add(path: "deep.cmt", text: testCase.source))
        #expect(formatted.text == nil)
    }
}
