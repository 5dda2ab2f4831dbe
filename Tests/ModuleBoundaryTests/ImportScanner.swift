import Foundation

/// Finds the modules a Swift source file imports: `import M`, `public import M`, `@testable import M`,
/// `import struct M.T`, also inside `#if canImport(M)` blocks.
enum ImportScanner {
    static let declarationKinds: Set<String> = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func"]
    static let modifiers: Set<String> = ["public", "package", "internal", "fileprivate", "private"]

    /// Each imported module with its 1-based line.
    static func imports(in text: String) -> [(module: String, line: Int)] {
        var result: [(module: String, line: Int)] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            while let first = words.first, first.hasPrefix("@") || modifiers.contains(first) { words.removeFirst() }
            guard words.first == "import", words.count >= 2 else { continue }
            var name = words[1]
            if declarationKinds.contains(name), words.count >= 3 { name = words[2] }
            let module = name.split(separator: ".").first.map(String.init) ?? name
            result.append((module, index + 1))
        }
        return result
    }
}
