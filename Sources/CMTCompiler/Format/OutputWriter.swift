/// Collects the formatter's output line by line: it indents each line when its first text arrives,
/// never leaves trailing white space, keeps at most one blank line in a row, and guarantees that no
/// code is ever written after a `//` comment on the same line.
struct OutputWriter {
    /// One indentation level.
    static let indentUnit = "    "

    private var lines: [String] = []
    private var current = ""
    private var currentIndent = 0
    /// Indentation level for the lines that follow.
    var indent = 0
    /// The next line continues an expression and gets one extra level.
    private var continuation = false
    /// A space is due before the next text unless that text is closing punctuation.
    private var pendingSpace = false
    /// A blank line is due before the next line that gets text.
    private var pendingBlankLine = false
    /// The current line ends in a line comment: the next text must go on a new line.
    private var mustBreak = false

    /// Whether the current line has no text yet.
    var atLineStart: Bool { current.isEmpty }

    /// Appends text to the current line, starting (and indenting) a line if needed.
    mutating func write(_ text: String) {
        guard !text.isEmpty else { return }
        if mustBreak {
            breakLine(continuing: true)
        }
        if current.isEmpty {
            if pendingBlankLine, let last = lines.last, !last.isEmpty { lines.append("") }
            pendingBlankLine = false
            currentIndent = indent + (continuation ? 1 : 0)
            pendingSpace = false
        } else if pendingSpace, let first = text.first, !",;)]".contains(first) {
            current += " "
        }
        pendingSpace = false
        current += text
    }

    /// Writes text separated from what the line already holds by one space.
    mutating func writeSpaced(_ text: String) {
        if !current.isEmpty && !mustBreak, let last = current.last, last != " " && last != "(" && last != "[" {
            pendingSpace = true
        }
        write(text)
    }

    /// Writes a comment's text; after a line comment the line is closed to code.
    mutating func writeComment(_ text: String, isLineComment: Bool) {
        writeSpaced(text)
        if isLineComment {
            mustBreak = true
        } else {
            pendingSpace = true
        }
    }

    /// Asks for a space before the next text (dropped before `,`, `;`, `)` and `]`).
    mutating func space() {
        if !current.isEmpty { pendingSpace = true }
    }

    /// Ends the current line (if it has text); the next line is indented as a statement.
    mutating func startLine() {
        breakLine(continuing: false)
    }

    /// Ends the current line; with `continuing`, the next line is a continuation of an expression.
    mutating func breakLine(continuing: Bool) {
        while current.last == " " { current.removeLast() }
        if !current.isEmpty {
            lines.append(String(repeating: OutputWriter.indentUnit, count: currentIndent) + current)
            current = ""
        }
        mustBreak = false
        pendingSpace = false
        continuation = continuing
    }

    /// Asks for one blank line before the next line that gets text (never at the start of the output).
    mutating func blankLine() {
        if !lines.isEmpty || !current.isEmpty { pendingBlankLine = true }
    }

    /// The finished text: the lines joined, ending in exactly one newline (or empty).
    mutating func finish() -> String {
        startLine()
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
