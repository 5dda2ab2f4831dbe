/// Renders diagnostics as text in the style of rustc and swiftc:
///
/// ```
/// pricing.cmt:3:11: error[E0203]: cannot find 'foo' in scope
///   |
/// 3 |   let x = foo + 1;
///   |           ^^^
///   = help: did you mean 'for'?
/// ```
///
/// Caret columns count characters (Unicode scalars), tabs are shown as four spaces, and a span that
/// runs over several lines is underlined to the end of its first line.
public struct DiagnosticRenderer: Sendable {
    public let sources: SourceManager
    public let decorator: any DiagnosticDecorator

    public init(sources: SourceManager, decorator: any DiagnosticDecorator = PlainDecorator()) {
        self.sources = sources
        self.decorator = decorator
    }

    /// Renders each diagnostic followed by a blank line.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { render($0) + "\n" }.joined()
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        let label = diagnostic.severity == .note
            ? "note" : "\(diagnostic.severity.rawValue)[\(diagnostic.code)]"
        out += header(span: diagnostic.span, label: label, severity: diagnostic.severity, message: diagnostic.text)
        out += snippet(span: diagnostic.span, severity: diagnostic.severity)
        let gutterWidth = self.gutterWidth(for: diagnostic.span)
        let pad = String(repeating: " ", count: gutterWidth)
        for note in diagnostic.notes where note.span == nil {
            out += decorator.gutter("\(pad) = ") + decorator.emphasis("note:") + " \(note.message)\n"
        }
        for help in diagnostic.helps {
            out += decorator.gutter("\(pad) = ") + decorator.emphasis("help:") + " \(help)\n"
        }
        for fixIt in diagnostic.fixIts {
            out += decorator.gutter("\(pad) = ") + decorator.emphasis("fix:") + " \(fixIt.message)\n"
        }
        for note in diagnostic.notes {
            guard let span = note.span else { continue }
            out += header(span: span, label: "note", severity: .note, message: note.message)
            out += snippet(span: span, severity: .note)
        }
        return out
    }

    private func header(span: Span, label: String, severity: Severity, message: String) -> String {
        let position: String
        if let file = sources.file(span.file) {
            let location = file.location(of: span.start)
            position = "\(file.path):\(location.line):\(location.column): "
        } else {
            position = ""
        }
        return decorator.emphasis(position) + decorator.severity(severity, label + ":") + " " + decorator.emphasis(message) + "\n"
    }

    private func gutterWidth(for span: Span) -> Int {
        guard let file = sources.file(span.file) else { return 1 }
        return String(file.line(containing: span.start)).count
    }

    private func snippet(span: Span, severity: Severity) -> String {
        guard let file = sources.file(span.file) else { return "" }
        let start = file.location(of: span.start)
        let lineNumber = String(start.line)
        let pad = String(repeating: " ", count: lineNumber.count)
        // Only the bytes near the span are read, so a very long line costs what a short one does.
        let lineStart = file.lineStarts[start.line - 1]
        var lineEnd = start.line < file.lineStarts.count ? file.lineStarts[start.line] : file.bytes.count
        while lineEnd > lineStart, file.bytes[lineEnd - 1] == UInt8(ascii: "\n") || file.bytes[lineEnd - 1] == UInt8(ascii: "\r") {
            lineEnd -= 1
        }
        let caretOffset = max(lineStart, min(span.start, lineEnd))
        let reach = 4 * Self.maximumLineWidth
        var from = max(lineStart, caretOffset - reach)
        while from > lineStart, file.bytes[from] & 0xC0 == 0x80 { from -= 1 }
        var to = min(lineEnd, caretOffset + reach)
        while to < lineEnd, file.bytes[to] & 0xC0 == 0x80 { to += 1 }
        let shownLine = Self.expandTabs(String(decoding: file.bytes[from..<to], as: UTF8.self))

        // Width of the underline: characters of the span on its first line, at least one.
        let endOnLine = max(caretOffset, min(span.end, to))
        let prefix = Self.expandTabs(String(decoding: file.bytes[from..<caretOffset], as: UTF8.self))
        let spannedText = file.text(of: Span(file: span.file, start: caretOffset, end: endOnLine))
        let spanned = Self.expandTabs(spannedText.replacingLineBreaks())
        let shown = Self.window(
            of: shownLine, caretColumn: prefix.unicodeScalars.count, width: max(1, spanned.unicodeScalars.count),
            cutBefore: from > lineStart, cutAfter: to < lineEnd)
        let width = shown.width
        let caretPad = String(repeating: " ", count: shown.caretColumn)

        var out = decorator.gutter("\(pad) |") + "\n"
        out += decorator.gutter("\(lineNumber) |") + (shown.line.isEmpty ? "" : " " + shown.line) + "\n"
        out += decorator.gutter("\(pad) |") + " " + caretPad + decorator.highlight(severity, String(repeating: "^", count: width)) + "\n"
        return out
    }

    /// Source lines longer than this many characters are shown as a window around the caret, so
    /// the output of many errors on one very long line grows linearly, not with errors × length.
    static let maximumLineWidth = 200

    /// The part of `line` to show: all of it when it is short, otherwise `maximumLineWidth`
    /// characters around the caret with `...` where it was cut, and the caret column and underline
    /// width adjusted to match.
    static func window(
        of line: String, caretColumn: Int, width: Int, cutBefore: Bool = false, cutAfter: Bool = false
    ) -> (line: String, caretColumn: Int, width: Int) {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > maximumLineWidth || cutBefore || cutAfter else { return (line, caretColumn, width) }
        let start = max(0, min(caretColumn - maximumLineWidth / 4, scalars.count - maximumLineWidth))
        let end = min(scalars.count, start + maximumLineWidth)
        let dotsBefore = start > 0 || cutBefore
        var shown = dotsBefore ? "..." : ""
        shown.unicodeScalars.append(contentsOf: scalars[start..<end])
        if end < scalars.count || cutAfter { shown += "..." }
        let column = caretColumn - start + (dotsBefore ? 3 : 0)
        return (shown, column, max(1, min(width, end - caretColumn)))
    }

    static func expandTabs(_ text: String) -> String {
        text.contains("\t") ? text.replacing("\t", with: "    ") : text
    }
}

extension String {
    fileprivate func replacingLineBreaks() -> String {
        var result = ""
        for scalar in unicodeScalars where scalar != "\n" && scalar != "\r" {
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
