import CMTProcessEngine
public import CMTSource

/// The front door of the process front end: reads a `.bpm` file into a checked ``ProcessDefinition``.
///
/// Every problem is a ``Diagnostic`` with a span in the file (code E06xx, domain `CMTWorkflow`);
/// the definition is returned only when there are no errors. Expressions are compiled separately
/// by ``ProcessCompiler`` because their types depend on the caller's variables.
public enum ProcessParser {
    /// What parsing produced.
    public struct Output: Sendable {
        public var definition: ProcessDefinition?
        /// Sorted by position.
        public var diagnostics: [Diagnostic]
        /// Every element of the document with its exact spans, parents before children (empty
        /// when the XML itself is malformed).
        public var elements: [ProcessElementSyntax] = []
    }

    /// Parses and checks one file (XML, elements, attributes, names, transitions, graph).
    public static func parse(_ file: SourceFile) -> Output {
        let root: XMLElement
        switch XMLTreeReader.read(file) {
        case .success(let tree): root = tree
        case .failure(let error): return Output(definition: nil, diagnostics: error.diagnostics)
        }
        var reader = DefinitionReader(file: file)
        let definition = reader.read(root)
        var diagnostics = reader.diagnostics.diagnostics
        if let definition, !reader.diagnostics.hasErrors {
            var checker = GraphChecker(definition)
            checker.check()
            diagnostics += checker.diagnostics.diagnostics
        }
        let sorted = Diagnostic.sorted(diagnostics)
        let ok = !sorted.contains { $0.severity == .error }
        return Output(definition: ok ? definition : nil, diagnostics: sorted, elements: ProcessElementSyntax.flatten(root))
    }
}
