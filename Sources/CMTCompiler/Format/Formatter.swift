import CMTSource

/// The outcome of formatting one file: the canonical text, or the syntax diagnostics that stopped
/// the formatter (a file that does not parse is never rewritten).
public enum FormatResult: Sendable {
    /// The file in canonical style. Reading it back gives the same tree as the input.
    case formatted(String)
    /// The file has syntax errors; these are every diagnostic the parser reported, sorted.
    case syntaxErrors([Diagnostic])

    /// The formatted text, or nil when the file has syntax errors.
    public var text: String? {
        if case .formatted(let text) = self { text } else { nil }
    }

    /// The diagnostics that stopped formatting (empty when the file was formatted).
    public var diagnostics: [Diagnostic] {
        if case .syntaxErrors(let diagnostics) = self { diagnostics } else { [] }
    }
}

/// The CMT formatter behind `cmtc fmt` and the language server's formatting request: prints a file
/// in the one canonical style and keeps every comment where it was.
///
/// ### The style
/// Four-space indentation, `{` on the line that opens it, one statement per line, every simple
/// statement ending in `;`, spaces around binary and assignment operators, double-quoted strings,
/// number literals as written, no trailing commas, short map literals on one line
/// (`{ a: 1, "b c": 2 }`), modifiers in the order `declare public private protected abstract static
/// readonly reentrant`, methods written with `function` (interface members without it). One blank line separates declarations; elsewhere at most one blank line
/// of the source is kept. Parentheses stay exactly where the source had them; lone `;` statements
/// are dropped.
///
/// ### Guarantees
/// Formatting is idempotent, and parsing the output gives the same tree as the input (see
/// ``ASTDump``) up to the dropped empty statements. Comments are attached by byte position: a
/// comment on its own line stays before the code that follows it, a comment after code stays at the
/// end of that line, and a comment before a closing `}` stays inside the block.
///
/// - Note: Foundation also declares a `Formatter` class; a file importing both writes
///   `CMTCompiler.Formatter`.
public enum Formatter {
    /// Formats one CMT file.
    /// - Returns: The formatted text, or the file's diagnostics when it has any syntax error.
    public static func format(_ file: SourceFile) -> FormatResult {
        let (syntax, diagnostics) = Parser.parse(file)
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            return .syntaxErrors(diagnostics)
        }
        return .formatted(print(syntax, of: file))
    }

    /// Prints an already parsed, error-free file in canonical style.
    /// - Precondition: `syntax` was parsed from `file` without syntax errors (error nodes print as nothing).
    public static func print(_ syntax: SourceFileSyntax, of file: SourceFile) -> String {
        var printer = Printer(file: file, comments: syntax.comments)
        return printer.print(syntax)
    }
}
