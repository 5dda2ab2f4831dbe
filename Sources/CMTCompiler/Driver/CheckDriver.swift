import CMTSource

/// Front-end entry point shared by `cmtc check`, the language server and tests: parses and checks a
/// set of CMT files as one module.
public enum Frontend {
    /// The outcome of checking one module.
    public struct Result {
        public let module: CheckedModule
        public let syntax: [SourceFileSyntax]
        /// Every diagnostic (lexical, syntax, semantic), sorted by file and position.
        public let diagnostics: [Diagnostic]
    }

    /// Parses and checks `files` together: they share one namespace, like the files of a Swift module.
    /// `resolver` says what an `import` names (library modules and dependencies included).
    public static func check(_ files: [SourceFile], sources: SourceManager, resolver: ModuleResolver = ModuleResolver()) -> Result {
        var diagnostics: [Diagnostic] = []
        var syntax: [SourceFileSyntax] = []
        for file in files {
            let (tree, parseDiagnostics) = Parser.parse(file)
            syntax.append(tree)
            diagnostics.append(contentsOf: parseDiagnostics)
        }
        let module = Checker.check(syntax, sources: sources, resolver: resolver)
        diagnostics.append(contentsOf: module.diagnostics)
        return Result(module: module, syntax: syntax, diagnostics: Diagnostic.sorted(deduplicated(diagnostics)))
    }

    /// Convenience for tests and tools: checks one source text.
    public static func check(text: String, path: String = "input.cmt") -> (Result, SourceManager) {
        let sources = SourceManager()
        let file = sources.add(path: path, text: text)
        return (check([file], sources: sources), sources)
    }

    private static func deduplicated(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.filter { seen.insert($0).inserted }
    }
}
