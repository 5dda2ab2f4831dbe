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
/// runs over several lines is underlined to the end of its first line. Control characters and
/// bidirectional overrides in messages, paths and source lines are shown escaped (`\u{1B}`), so a
/// binary or hostile file cannot drive the terminal.
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

    /// Renders at most `perFile` diagnostics of each file (in the given order), then one line per
    /// file that had more: `x.cmt: 1098 more errors and 2 more warnings not shown`.
    public func render(_ diagnostics: [Diagnostic], perFile: Int) -> String {
        let limited = DiagnosticLimit.apply(diagnostics, perFile: perFile)
        var out = render(limited.shown)
        for hidden in limited.hidden {
            let path = sources.file(hidden.file).map { Self.visible($0.path) } ?? "<unknown>"
            var parts: [String] = []
            if hidden.errors > 0 { parts.append("\(hidden.errors) more error\(hidden.errors == 1 ? "" : "s")") }
            if hidden.warnings > 0 { parts.append("\(hidden.warnings) more warning\(hidden.warnings == 1 ? "" : "s")") }
            if hidden.notes > 0 { parts.append("\(hidden.notes) more note\(hidden.notes == 1 ? "" : "s")") }
            out += decorator.emphasis("\(path): ") + parts.joined(separator: " and ") + " not shown\n\n"
        }
        return out
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        let label = diagnostic.severity == .note
            ? "note" : "\(diagnostic.severity.rawValue)[\(diagnostic.code)]"
        out += header(span: diagnostic.span, label: label, severity: diagnostic.severity, message: Self.visible(diagnostic.text))
        out += snippet(span: diagnostic.span, severity: diagnostic.severity)
        let gutterWidth = self.gutterWidth(for: diagnostic.span)
        let pad = String(repeating: " ", count: gutterWidth)
        for note in diagnostic.notes where note.span == nil {
            out += decorator.gutter("\(pad) = ") + decorator.emphasis("note:") + " \(Self.visible(note.message))\n"
        }
        for help in diagnostic.helps {
            out += decorator.gutter("\(pad) = ") + decorator.emphasis("help:") + " \(Self.visible(help))\n"
        }
        for fixIt in diagnostic.fixIts {
            out += decorator.gutter("\(pad) = ") + decorator.emphasis("fix:") + " \(Self.visible(fixIt.message))\n"
        }
        for note in diagnostic.notes {
            guard let span = note.span else { continue }
            out += header(span: span, label: "note", severity: .note, message: Self.visible(note.message))
            out += snippet(span: span, severity: .note)
        }
        return out
    }

    private func header(span: Span, label: String, severity: Severity, message: String) -> String {
        let position: String
        if let file = sources.file(span.file) {
            let location = file.location(of: span.start)
            position = "\(Self.visible(file.path)):\(location.line):\(location.column): "
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
        let shownLine = Self.visible(Self.expandTabs(String(decoding: file.bytes[from..<to], as: UTF8.self)))

        // Width of the underline: characters of the span on its first line, at least one.
        let endOnLine = max(caretOffset, min(span.end, to))
        let prefix = Self.visible(Self.expandTabs(String(decoding: file.bytes[from..<caretOffset], as: UTF8.self)))
        let spannedText = file.text(of: Span(file: span.file, start: caretOffset, end: endOnLine))
        let spanned = Self.visible(Self.expandTabs(spannedText.replacingLineBreaks()))
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

    /// `text` with every control character (C0 but tab and line feed, DEL, C1) and every
    /// bidirectional override or isolate written as `\u{…}`: what reaches the terminal is printable.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
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
