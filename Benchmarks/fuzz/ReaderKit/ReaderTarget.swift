import CMTBuild
import CMTFuzzKit
import CMTRules
import CMTSource
import CMTWorkflow

/// What the `fuzz-readers` harness runs on each input: one of the readers of the files beside the
/// contract code, then both diagnostic renderers on the first diagnostics.
public enum ReaderTarget: String, CaseIterable, Sendable {
    /// The process XML reader, the definition and graph checks, and the expression compiler.
    case process
    /// The DRL parser and checker (with the embedded CMT pieces).
    case rules
    /// The `cmt.toml` reader (TOMLKit and the shape checks).
    case manifest

    /// How many diagnostics of each input are rendered as text and as JSON.
    static let renderedDiagnostics = 32

    /// The file name each input is read under.
    public var path: String {
        switch self {
        case .process: "fuzz.bpm"
        case .rules: "fuzz.drl"
        case .manifest: "cmt.toml"
        }
    }

    /// The tokens and nesting openers ``SourceMutator`` uses for this reader.
    public var grammar: MutationGrammar {
        switch self {
        case .process: ReaderGrammars.xml
        case .rules: ReaderGrammars.drl
        case .manifest: ReaderGrammars.toml
        }
    }

    /// Reads `bytes` as one file. Any crash, hang or stack overflow is a bug.
    /// - Returns: The number of diagnostics (the rendered size is used so the optimizer keeps the work).
    @discardableResult
    public func run(_ bytes: [UInt8]) -> Int {
        let sources = SourceManager()
        let file = sources.add(path: path, bytes: bytes)
        var diagnostics: [Diagnostic]
        switch self {
        case .process:
            let parsed = ProcessParser.parse(file)
            diagnostics = parsed.diagnostics
            if let definition = parsed.definition {
                diagnostics += ProcessCompiler.compile(definition, variables: ["amount": "number", "owner": "address"]).diagnostics
            }
        case .rules:
            diagnostics = RuleFrontend.check(cmt: [], rules: [file], sources: sources).diagnostics
        case .manifest:
            diagnostics = ManifestLoader.load(file).diagnostics
        }
        let sample = Array(diagnostics.prefix(Self.renderedDiagnostics))
        let size = DiagnosticRenderer(sources: sources).render(sample).utf8.count + DiagnosticJSON(sources: sources).render(sample).utf8.count
        return size >= 0 ? diagnostics.count : -1
    }
}
