import CMTCompiler
import CMTSource

/// The DRL front end's entry points, for `cmtc check`, the build and the language server.
///
/// A module is the `.cmt` and `.drl` / `.rl` files of one directory. The classes of the `declare`s
/// are CMT classes of the module (``declaredClassesSource(_:files:)``), so contract code can
/// `new` them; the rules are checked against every class of the module.
public enum RuleFrontend {
    /// The outcome of checking one module with rules.
    public struct Result {
        /// The CMT check of the `.cmt` files together with the declared classes.
        public let cmt: Frontend.Result
        /// The checked rules, or nil when there were no DRL files.
        public let ruleBase: CheckedRuleBase?
        public let syntax: [RuleFileSyntax]
        /// Every diagnostic of the module (CMT and DRL), sorted by file and position.
        public let diagnostics: [Diagnostic]
    }

    /// The path under which the declared classes are added to a ``SourceManager``.
    public static let declaredClassesPath = "<declared fact types>"

    /// Parses one DRL file.
    public static func parse(_ file: SourceFile) -> (RuleFileSyntax, [Diagnostic]) { RuleParser.parse(file) }

    /// The CMT classes for the `declare`s of parsed DRL files, with the map back to the DRL spans.
    /// Check them together with the contract's files so both see the same classes; map their
    /// diagnostics with ``mapDeclaredClassDiagnostics(_:generated:file:)``.
    public static func declaredClassesSource(_ syntax: [RuleFileSyntax], files: [SourceFile]) -> GeneratedSource {
        DeclaredClasses.generate(Array(zip(files, syntax)))
    }

    /// Diagnostics of the declared-classes file mapped into the DRL files; others pass unchanged.
    public static func mapDeclaredClassDiagnostics(_ list: [Diagnostic], generated: GeneratedSource, file: FileID) -> [Diagnostic] {
        list.compactMap { diagnostic in
            guard diagnostic.span.file == file else { return diagnostic }
            guard let span = generated.originalSpan(start: diagnostic.span.start, end: diagnostic.span.end) else { return nil }
            return Diagnostic(diagnostic.message, at: span, notes: diagnostic.notes.filter { $0.span?.file != file }, helps: diagnostic.helps)
        }
    }

    /// Checks the `.cmt` files and the DRL files of one module together.
    public static func check(cmt cmtFiles: [SourceFile], rules ruleFiles: [SourceFile], sources: SourceManager,
                             resolver: ModuleResolver = ModuleResolver()) -> Result {
        var diagnostics: [Diagnostic] = []
        var parsed: [RuleFileSyntax] = []
        for file in ruleFiles {
            let (syntax, parseDiagnostics) = RuleParser.parse(file)
            parsed.append(syntax)
            diagnostics.append(contentsOf: parseDiagnostics)
        }
        let declared = declaredClassesSource(parsed, files: ruleFiles)
        var moduleFiles = cmtFiles
        var declaredFile: SourceFile?
        if !declared.text.isEmpty {
            let file = sources.add(path: declaredClassesPath, text: declared.text)
            declaredFile = file
            moduleFiles.append(file)
        }
        let cmt = Frontend.check(moduleFiles, sources: sources, resolver: resolver)
        if let declaredFile {
            diagnostics.append(contentsOf: mapDeclaredClassDiagnostics(cmt.diagnostics, generated: declared, file: declaredFile.id))
        } else {
            diagnostics.append(contentsOf: cmt.diagnostics)
        }
        var ruleBase: CheckedRuleBase?
        if !ruleFiles.isEmpty {
            let checker = RuleChecker(sources: sources, files: Array(zip(ruleFiles, parsed)), module: cmt.module, declaredClasses: declared)
            let (base, ruleDiagnostics) = checker.run()
            ruleBase = base
            // A line with a syntax error gets no further messages: they would follow from it.
            func line(_ span: Span) -> String { "\(span.file.rawValue):\(sources.file(span.file)?.line(containing: span.start) ?? 0)" }
            let syntaxErrorLines = Set(diagnostics.filter { $0.severity == .error }.map { line($0.span) })
            diagnostics.append(contentsOf: ruleDiagnostics.filter { !syntaxErrorLines.contains(line($0.span)) })
        }
        return Result(cmt: cmt, ruleBase: ruleBase, syntax: parsed, diagnostics: Diagnostic.sorted(diagnostics))
    }

    /// What only lowering the rules to the engine's network finds (a combination the engine cannot
    /// run yet), as diagnostics of the rules' own catalog (E0769) at the construct: `cmtc check`
    /// reports them, so a module it passes is one `cmtc run` and `cmtc build` accept. Empty when
    /// `result` has errors (lowering needs a checked module).
    public static func loweringDiagnostics(_ result: Result, rules ruleFiles: [SourceFile], sources: SourceManager) -> [Diagnostic] {
        guard let base = result.ruleBase, !result.diagnostics.contains(where: { $0.severity == .error }) else { return [] }
        let output = Compiler.compile(checked: base.module ?? result.cmt.module, diagnostics: [], sources: sources,
                                      options: Compiler.Options(optimize: false))
        guard let module = output.module else { return [] }
        var diagnostics: [Diagnostic] = []
        for file in ruleFiles {
            do {
                _ = try RuleSetCompiler.compile(base, module: module, file: file.id)
            } catch {
                diagnostics.append(Diagnostic(RuleMessages.unsupportedConstruct(error.description), at: error.span ?? Span.point(file.id, 0)))
            }
        }
        return diagnostics
    }

    /// Convenience for tests and tools: one DRL text checked with one CMT text.
    public static func check(rules text: String, path: String = "rules.drl", cmt: String = "", cmtPath: String = "module.cmt")
        -> (Result, SourceManager) {
        let sources = SourceManager()
        let cmtFiles = cmt.isEmpty ? [] : [sources.add(path: cmtPath, text: cmt)]
        let ruleFile = sources.add(path: path, text: text)
        return (check(cmt: cmtFiles, rules: [ruleFile], sources: sources), sources)
    }
}
