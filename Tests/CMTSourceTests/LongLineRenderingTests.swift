import CMTSource
import Testing

/// A very long source line is shown as a window around the caret, so many errors on one long line
/// (as fuzzed or minified input has) render in time and space linear in the number of errors.
@Suite struct LongLineRenderingTests {
    let message = DiagnosticMessage(id: MessageID(domain: "Test", name: "sample", code: "E9999"), severity: .error, text: "bad")

    @Test("a long line is cut to a window around the caret, which still points at the span")
    func longLineIsWindowed() {
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 50_000)
        bytes[30_000] = UInt8(ascii: "Z")
        let sources = SourceManager()
        let file = sources.add(path: "long.cmt", bytes: bytes)
        let text = DiagnosticRenderer(sources: sources).render(Diagnostic(message, at: Span(file: file.id, start: 30_000, end: 30_001)))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(text.utf8.count < 600)
        #expect(lines[2].hasPrefix("1 | ...") && lines[2].hasSuffix("..."))
        // The caret line's '^' is under the 'Z' of the shown line.
        let caret = lines[3].unicodeScalars.firstIndex(of: "^").map { lines[3].unicodeScalars.distance(from: lines[3].unicodeScalars.startIndex, to: $0) }
        let z = lines[2].unicodeScalars.firstIndex(of: "Z").map { lines[2].unicodeScalars.distance(from: lines[2].unicodeScalars.startIndex, to: $0) }
        #expect(caret != nil && caret == z)
    }

    @Test("a long line of multi-byte characters is cut at character boundaries around the caret")
    func multiByteLineIsWindowed() {
        let text = String(repeating: "é", count: 30_000) + "Z" + String(repeating: "€", count: 30_000)
        let sources = SourceManager()
        let file = sources.add(path: "long.cmt", text: text)
        let text2 = DiagnosticRenderer(sources: sources).render(Diagnostic(message, at: Span(file: file.id, start: 60_000, end: 60_001)))
        let lines = text2.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        #expect(!lines[2].contains("\u{FFFD}"))
        let caret = lines[3].firstIndex(of: "^")
        #expect(caret != nil && caret == lines[2].firstIndex(of: "Z"))
        #expect(lines[2].count < 220)
    }

    @Test("a thousand errors on one 20,000-character line render in linear size")
    func manyErrorsOnALongLine() {
        let sources = SourceManager()
        let file = sources.add(path: "long.cmt", bytes: [UInt8](repeating: UInt8(ascii: "`"), count: 20_000))
        let diagnostics = stride(from: 0, to: 20_000, by: 20).map { Diagnostic(message, at: Span(file: file.id, start: $0, end: $0 + 1)) }
        let text = DiagnosticRenderer(sources: sources).render(diagnostics)
        #expect(text.utf8.count < diagnostics.count * 400)
    }
}
