import Foundation

/// The `.cmt` sources the lossless-tree tests read: every `.cmt` file of Examples/, Stdlib/ and the
/// diagnostic goldens, and every ```cmt block of docs/language.md — the seeds `make-corpus.sh`
/// gives the front-end fuzzer — plus the formatter's corpus.
enum SyntaxTreeCorpus {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// (name, bytes) of every corpus file, in a fixed order.
    static let files: [(name: String, bytes: [UInt8])] = {
        var result: [(String, [UInt8])] = []
        for folder in ["Examples", "Stdlib", "Tests/CMTCompilerTests/Goldens"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            var paths: [String] = []
            for case let url as URL in walker where url.pathExtension == "cmt" { paths.append(url.path) }
            for path in paths.sorted() {
                if let data = FileManager.default.contents(atPath: path) { result.append((path, [UInt8](data))) }
            }
        }
        if let data = FileManager.default.contents(atPath: root.appendingPathComponent("docs/language.md").path) {
            var block: [String]?
            var count = 0
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
                if block == nil, line == "```cmt" || line.hasPrefix("```cmt ") {
                    block = []
                } else if var lines = block {
                    if line.hasPrefix("```") {
                        count += 1
                        result.append(("docs/language.md block \(count)", Array((lines.joined(separator: "\n") + "\n").utf8)))
                        block = nil
                    } else {
                        lines.append(String(line))
                        block = lines
                    }
                }
            }
        }
        for input in FormatterCorpus.inputs { result.append(("formatter corpus: \(input.name)", Array(input.source.utf8))) }
        return result
    }()
}
