import CMTCompiler
import CMTSource

/// What the front-end fuzzers run on each input: the lexer, parser and checker through
/// ``Frontend/check(_:sources:resolver:)``, both diagnostic renderers, the formatter, and the lossless
/// syntax tree, which must print each file back byte for byte.
///
/// One input may hold several files, written as the diagnostic goldens write them: the bytes before
/// the first line `//--- name` are `fuzz.cmt`, and each such line starts a file called `name`, so
/// `import { a } from "./name"` between the files, `export`, cycles and unknown or unused imports
/// are all reachable by mutation.
public enum FrontendTarget {
    /// How many diagnostics of each input are rendered as text and as JSON.
    static let renderedDiagnostics = 32
    /// The most files one input is split into (later markers stay in the last file as comments).
    static let maximumFiles = 16
    /// The file marker, at the start of a line.
    static let marker: [UInt8] = Array("//--- ".utf8)
    /// A dependency name the resolver knows, so that `import { X } from "token"` reaches the
    /// declared-contract path as well as the unknown-package one.
    public static let resolver = ModuleResolver(libraryRoot: nil, dependencies: ["token"])

    /// Runs every front-end phase on `bytes`. Any crash, hang or stack overflow is a bug.
    /// - Returns: The number of diagnostics (kept so the optimizer keeps the work).
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> Int {
        let sources = SourceManager()
        let parts = split(bytes)
        let files = parts.map { sources.add(path: $0.path, bytes: $0.bytes) }
        let result = Frontend.check(files, sources: sources, resolver: resolver)
        // Rendered text grows with diagnostics × line length (each shows its whole source line), so a
        // long one-line input with thousands of errors is slow by output size alone: render a sample.
        let sample = Array(result.diagnostics.prefix(renderedDiagnostics))
        let text = DiagnosticRenderer(sources: sources).render(sample)
        let json = DiagnosticJSON(sources: sources).render(sample)
        var size = text.utf8.count + json.utf8.count
        for (file, part) in zip(files, parts) {
            size += Formatter.format(file).output.count
            let tree = SyntaxTree.parse(file).tree
            guard tree.sourceBytes == part.bytes else { preconditionFailure("the lossless syntax tree does not print the input back") }
            size += tree.tokenCount
        }
        return result.diagnostics.count + (size > 0 ? 0 : 1)
    }

    /// The files of one input: `fuzz.cmt`, then one per `//--- name` line (at most
    /// ``maximumFiles``), each without its marker line. A name is the rest of the marker line as
    /// written (an empty one becomes `fuzzN.cmt`).
    public static func split(_ bytes: [UInt8]) -> [(path: String, bytes: [UInt8])] {
        var files: [(path: String, bytes: [UInt8])] = []
        var path = "fuzz.cmt"
        var start = 0
        var lineStart = 0
        while lineStart < bytes.count, files.count < maximumFiles - 1 {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if bytes[lineStart..<lineEnd].starts(with: marker) {
                files.append((path, Array(bytes[start..<lineStart])))
                let name = String(decoding: bytes[(lineStart + marker.count)..<lineEnd], as: UTF8.self)
                path = name.isEmpty ? "fuzz\(files.count).cmt" : name
                start = min(lineEnd + 1, bytes.count)
            }
            lineStart = lineEnd + 1
        }
        files.append((path, Array(bytes[start...])))
        return files
    }
}
