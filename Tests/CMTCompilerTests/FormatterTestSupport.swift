import CMTCompiler
import CMTSource

/// Parsing and formatting helpers shared by the formatter tests.
enum FormatterTestSupport {
    static func sourceFile(_ text: String) -> SourceFile {
        SourceFile(id: FileID(0), path: "test.cmt", text: text)
    }

    /// The formatted text, or a description of the diagnostics that stopped the formatter.
    static func format(_ text: String) -> Result<String, FormatFailure> {
        switch Formatter.format(sourceFile(text)) {
        case .formatted(let output): .success(output)
        case .partial(let partial): .failure(FormatFailure(messages: partial.diagnostics.map(\.text)))
        }
    }

    /// The tree's dump, ignoring the empty statements the formatter drops.
    static func dump(_ text: String) -> String {
        ASTDump.dump(Parser.parse(sourceFile(text)).0, includeEmptyStatements: false)
    }

    /// Every comment's text (line comments without trailing blanks), sorted, so that two lists are
    /// equal exactly when the comment multisets are.
    static func commentTexts(_ text: String) -> [String] {
        let file = sourceFile(text)
        return Parser.parse(file).0.comments.map { comment in
            var body = file.text(of: comment.span)
            if comment.kind == .line || comment.kind == .docLine {
                while body.last == " " || body.last == "\t" { body.removeLast() }
            }
            return body
        }.sorted()
    }

    static func diagnostics(_ text: String) -> [Diagnostic] { Parser.parse(sourceFile(text)).1 }
}

/// The formatter refused a test input.
struct FormatFailure: Error, CustomStringConvertible {
    let messages: [String]
    var description: String { messages.joined(separator: "; ") }
}
