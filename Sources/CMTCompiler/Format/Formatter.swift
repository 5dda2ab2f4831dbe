import CMTSource

/// The outcome of formatting one file.
public enum FormatResult: Sendable {
    /// The file in canonical style. Reading it back gives the same tree as the input.
    case formatted(String)
    /// The file has syntax errors: what parses is formatted, and every top-level declaration or
    /// statement that holds an error is kept byte for byte as written.
    case partial(PartialFormat)

    /// The formatted text, or nil when the file has syntax errors.
    public var text: String? {
        if case .formatted(let text) = self { text } else { nil }
    }

    /// The bytes to write back: fully formatted, or formatted around the regions kept verbatim.
    public var output: [UInt8] {
        switch self {
        case .formatted(let text): Array(text.utf8)
        case .partial(let partial): partial.bytes
        }
    }

    /// The syntax diagnostics of the file (empty when it was formatted fully).
    public var diagnostics: [Diagnostic] {
        if case .partial(let partial) = self { partial.diagnostics } else { [] }
    }
}

/// A file with syntax errors, formatted where it parses.
public struct PartialFormat: Sendable {
    /// The output: clean top-level items in canonical style, the others exactly as written (byte
    /// for byte, even where the source is not valid UTF-8).
    public let bytes: [UInt8]
    /// Every diagnostic the parser reported, sorted.
    public let diagnostics: [Diagnostic]
    /// The regions of the input kept verbatim, in order (each one or more whole top-level items,
    /// or text the parser skipped).
    public let verbatimRegions: [Span]

    /// The output as text (bytes that are not UTF-8 read as U+FFFD).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
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
    /// - Returns: The formatted text; for a file with syntax errors, the text formatted around the
    ///   top-level items that hold errors (kept verbatim), with the diagnostics.
    public static func format(_ file: SourceFile) -> FormatResult {
        let (syntax, diagnostics) = Parser.parse(file)
        guard diagnostics.contains(where: { $0.severity == .error }) else {
            return .formatted(print(syntax, of: file))
        }
        return .partial(formatPartially(SyntaxTree.parse(file)))
    }

    /// Formats the clean top-level items of a file with syntax errors and keeps the rest verbatim.
    static func formatPartially(_ parse: SyntaxTree.Parse) -> PartialFormat {
        let regions = PartialFormatRegions.verbatimRegions(of: parse.tree, diagnostics: parse.diagnostics, syntax: parse.syntax)
        let file = parse.tree.file
        var printer = Printer(file: file, comments: parse.syntax.comments)
        let printed = Array(printer.print(parse.syntax, keepingVerbatim: regions).utf8)
        let marker = Array(Printer.verbatimMarker.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(printed.count + file.bytes.count)
        var index = 0
        var region = 0
        var markers = 0
        while index < printed.count {
            if printed[index] == marker[0], printed[index...].starts(with: marker) {
                markers += 1
                index += marker.count
            } else {
                index += 1
            }
        }
        index = 0
        while index < printed.count {
            if markers == regions.count, printed[index] == marker[0], printed[index...].starts(with: marker) {
                bytes.append(contentsOf: file.bytes[regions[region].start..<regions[region].end])
                region += 1
                index += marker.count
            } else {
                bytes.append(printed[index])
                index += 1
            }
        }
        guard markers == regions.count, region == regions.count else {
            // The source itself held the marker: keep the whole file as written.
            let whole = Span(file: file.id, start: 0, end: file.bytes.count)
            return PartialFormat(bytes: file.bytes, diagnostics: parse.diagnostics, verbatimRegions: [whole])
        }
        return PartialFormat(bytes: bytes, diagnostics: parse.diagnostics, verbatimRegions: regions)
    }

    /// Prints an already parsed, error-free file in canonical style.
    /// - Precondition: `syntax` was parsed from `file` without syntax errors (error nodes print as nothing).
    public static func print(_ syntax: SourceFileSyntax, of file: SourceFile) -> String {
        var printer = Printer(file: file, comments: syntax.comments)
        return printer.print(syntax)
    }
}
