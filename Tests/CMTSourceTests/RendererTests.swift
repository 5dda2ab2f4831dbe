import Testing
@testable import CMTSource

@Suite("Diagnostic rendering")
struct RendererTests {
    let message = DiagnosticMessage(id: MessageID(domain: "Test", name: "sample", code: "E9999"), severity: .error, text: "cannot find 'foo' in scope")

    func setUp(_ text: String) -> (SourceManager, SourceFile) {
        let sources = SourceManager()
        return (sources, sources.add(path: "p.cmt", text: text))
    }

    @Test("text form shows file:line:col, the code, the line and carets under the span")
    func rendersCaret() {
        let (sources, file) = setUp("let x = 1;\nlet y = foo + 1;\n")
        let diagnostic = Diagnostic(message, at: Span(file: file.id, start: 19, end: 22), helps: ["did you mean 'for'?"])
        let text = DiagnosticRenderer(sources: sources).render(diagnostic)
        #expect(text == """
            p.cmt:2:9: error[E9999]: cannot find 'foo' in scope
              |
            2 | let y = foo + 1;
              |         ^^^
              = help: did you mean 'for'?

            """)
    }

    @Test("notes with a location are rendered with their own snippet")
    func rendersNotes() {
        let (sources, file) = setUp("let a = 1;\na = 2;\n")
        let diagnostic = Diagnostic(message, at: Span(file: file.id, start: 11, end: 12),
                                    notes: [Note("declared here", at: Span(file: file.id, start: 4, end: 5)), Note("plain note")],
                                    fixIts: [.insert(";", at: Span.point(file.id, 12))])
        let text = DiagnosticRenderer(sources: sources).render(diagnostic)
        #expect(text.contains("  = note: plain note\n"))
        #expect(text.contains("  = fix: insert ';'\n"))
        #expect(text.contains("p.cmt:1:5: note: declared here\n  |\n1 | let a = 1;\n  |     ^\n"))
    }

    @Test("an empty span gets one caret and tabs are shown as four spaces")
    func emptySpanAndTabs() {
        let (sources, file) = setUp("\tx = (1\n")
        let diagnostic = Diagnostic(message, at: Span.point(file.id, 7))
        let text = DiagnosticRenderer(sources: sources).render(diagnostic)
        #expect(text.contains("1 |     x = (1\n  |           ^\n"))
    }

    @Test("a span over several lines is underlined to the end of its first line")
    func multiLineSpan() {
        let (sources, file) = setUp("f(a,\n  b)\n")
        let diagnostic = Diagnostic(message, at: Span(file: file.id, start: 0, end: 9))
        let text = DiagnosticRenderer(sources: sources).render(diagnostic)
        #expect(text.contains("1 | f(a,\n  | ^^^^\n"))
    }

    @Test("JSON form carries the same fields with stable order and escaping")
    func rendersJSON() {
        let (sources, file) = setUp("x = \"a\"\n")
        let diagnostic = Diagnostic(message, at: Span(file: file.id, start: 4, end: 7), helps: ["say \"hi\""])
        let json = DiagnosticJSON(sources: sources).render([diagnostic])
        #expect(json == #"[{"file":"p.cmt","severity":"error","code":"E9999","id":"Test.sample","message":"cannot find 'foo' in scope","range":{"start":{"line":1,"column":5,"offset":4},"end":{"line":1,"column":8,"offset":7}},"notes":[],"helps":["say \"hi\""],"fixIts":[]}]"#)
    }

    @Test("diagnostics sort by file and position, keeping order for ties")
    func sortsDiagnostics() {
        let (_, file) = setUp("abcdef")
        let late = Diagnostic(message, at: Span(file: file.id, start: 4, end: 5))
        let early = Diagnostic(message, at: Span(file: file.id, start: 1, end: 2))
        #expect(Diagnostic.sorted([late, early]).map(\.span.start) == [1, 4])
    }
}
