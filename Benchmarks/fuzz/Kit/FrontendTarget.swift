import CMTCompiler
import CMTSource

/// What the front-end fuzzers run on each input: the lexer, parser and checker through
/// ``Frontend/check(_:sources:)``, both diagnostic renderers, the formatter, and the lossless syntax
/// tree, which must print the input back byte for byte.
public enum FrontendTarget {
    /// How many diagnostics of each input are rendered as text and as JSON.
    static let renderedDiagnostics = 32

    /// Runs every front-end phase on `bytes` as one file. Any crash, hang or stack overflow is a bug.
    /// - Returns: The number of diagnostics (kept so the optimizer keeps the work).
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> Int {
        let sources = SourceManager()
        let file = sources.add(path: "fuzz.cmt", bytes: bytes)
        let result = Frontend.check([file], sources: sources)
        // Rendered text grows with diagnostics × line length (each shows its whole source line), so a
        // long one-line input with thousands of errors is slow by output size alone: render a sample.
        let sample = Array(result.diagnostics.prefix(renderedDiagnostics))
        let text = DiagnosticRenderer(sources: sources).render(sample)
        let json = DiagnosticJSON(sources: sources).render(sample)
        var size = text.utf8.count + json.utf8.count
        size += Formatter.format(file).output.count
        let tree = SyntaxTree.parse(file).tree
        guard tree.sourceBytes == bytes else { preconditionFailure("the lossless syntax tree does not print the input back") }
        size += tree.tokenCount
        return result.diagnostics.count + (size > 0 ? 0 : 1)
    }
}
