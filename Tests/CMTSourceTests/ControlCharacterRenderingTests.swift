import CMTSource
import Testing

/// Rendered diagnostics never carry raw control characters to the terminal, and a file's flood of
/// diagnostics is cut to a bounded number with a count of the rest (issue 10).
@Suite struct ControlCharacterRenderingTests {
    func message(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: MessageID(domain: "Test", name: "sample", code: "E9999"), severity: .error, text: text)
    }

    static func hasRawControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) }
    }

    @Test("control characters in the source line, the message and the path are escaped; the caret stays under the span")
    func escaped() {
        let sources = SourceManager()
        let file = sources.add(path: "bad\u{1B}[2J.cmt", bytes: Array("a\u{0}\u{1B}[31mZ\u{7}\u{202E}b\n".utf8))
        let start = Array("a\u{0}\u{1B}[31m".utf8).count
        let diagnostic = Diagnostic(message("unexpected '\u{7}'"), at: Span(file: file.id, start: start, end: start + 1), helps: ["try \u{8}x"])
        let text = DiagnosticRenderer(sources: sources).render(diagnostic)
        #expect(!Self.hasRawControl(text), "\(text.unicodeScalars.map(\.value))")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "bad\\u{1B}[2J.cmt:1:8: error[E9999]: unexpected '\\u{7}'")
        #expect(lines[2] == "1 | a\\u{0}\\u{1B}[31mZ\\u{7}\\u{202E}b")
        let caret = lines[3].firstIndex(of: "^").map { lines[3].distance(from: lines[3].startIndex, to: $0) }
        let z = lines[2].firstIndex(of: "Z").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        #expect(caret != nil && caret == z)
        #expect(lines.contains("  = help: try \\u{8}x"))
    }

    @Test("tabs and line feeds are not escaped; printable text is unchanged")
    func printableUnchanged() {
        #expect(DiagnosticRenderer.visible("a\tb\nc é €") == "a\tb\nc é €")
        #expect(DiagnosticRenderer.visible("\u{9B}\u{2066}") == "\\u{9B}\\u{2066}")
    }

    @Test("at most N diagnostics of each file are shown, then a count of the rest per file")
    func limitedPerFile() {
        let sources = SourceManager()
        let first = sources.add(path: "a.cmt", text: String(repeating: "x\n", count: 100))
        let second = sources.add(path: "b.cmt", text: "y\n")
        var all: [Diagnostic] = []
        for line in 0..<100 { all.append(Diagnostic(message("bad \(line)"), at: Span(file: first.id, start: 2 * line, end: 2 * line + 1))) }
        all.append(Diagnostic(message("other"), at: Span(file: second.id, start: 0, end: 1)))
        let warning = DiagnosticMessage(id: MessageID(domain: "Test", name: "w", code: "W9999"), severity: .warning, text: "meh")
        all.append(Diagnostic(warning, at: Span(file: first.id, start: 0, end: 1)))
        let text = DiagnosticRenderer(sources: sources).render(all, perFile: 5)
        #expect(text.split(separator: "error[E9999]", omittingEmptySubsequences: false).count - 1 == 6)
        #expect(text.contains("bad 4") && !text.contains("bad 5"))
        #expect(text.contains("other"))
        #expect(text.hasSuffix("a.cmt: 95 more errors and 1 more warning not shown\n\n"))
    }
}
