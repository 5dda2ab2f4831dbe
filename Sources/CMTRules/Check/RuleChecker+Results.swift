import CMTCompiler
import CMTSource

extension RuleChecker {
    /// Checks the inferred result types of the synthesized functions against what the DRL needs.
    func checkExpectations(_ checked: CheckedModule, file: SourceFile) {
        var results: [String: TypeID] = [:]
        for function in checked.functions where function.file == file.id { results[function.name] = function.result }
        let types = checked.types
        for expectation in expectations {
            guard let result = results[expectation.function], result != .error, result != .never else { continue }
            let found = types.describe(result)
            switch expectation.kind {
            case .boolean(let what):
                if result != .boolean { report(RuleMessages.notBoolean(what, found: found), at: expectation.span) }
            case .number(let what):
                if result != .number { report(RuleMessages.notNumber(what, found: found), at: expectation.span) }
            case .facts(let type):
                let ok: Bool = switch types[result] {
                case .instance, .array: found == type || found == type + "[]" || found == type + "?"
                case .optional: found == type + "?"
                default: false
                }
                if !ok { report(RuleMessages.badFromSource(type, found: found), at: expectation.span) }
            }
        }
    }

    /// Maps diagnostics of the generated file into the DRL files; drops those of other files (the
    /// module's own diagnostics are reported by its own check) and those about poisoned names.
    func mapDiagnostics(_ list: [Diagnostic], generated: GeneratedSource, file: SourceFile) -> [Diagnostic] {
        var result: [Diagnostic] = []
        for diagnostic in list where diagnostic.span.file == file.id {
            guard let span = generated.originalSpan(start: diagnostic.span.start, end: diagnostic.span.end) else { continue }
            let text = sources.file(span.file)?.text(of: span) ?? ""
            if isAboutPoisonedName(span, text: text) { continue }
            var message = diagnostic.message
            if diagnostic.message.id.name == "unknownName", text.hasPrefix("$") {
                message = RuleMessages.unknownBinding(text)
            }
            // A global's unknown type is reported once, at the global.
            if diagnostic.message.id.code == "E0201", unknownGlobalTypes.contains(where: { diagnostic.message.text.contains("'\($0)'") }) { continue }
            if diagnostic.message.id.code == "E0202", diagnostic.message.text.contains("'\(RuleChecker.ruleContextClass)'") {
                message = RuleMessages.unknownContextMember(text)
            }
            var fixIts: [FixIt] = []
            for fixIt in diagnostic.fixIts {
                let changes = fixIt.changes.compactMap { change -> FixIt.Change? in
                    guard change.span.file == file.id else { return change }
                    return generated.originalSpan(start: change.span.start, end: change.span.end).map {
                        FixIt.Change(span: $0, replacement: change.replacement)
                    }
                }
                if changes.count == fixIt.changes.count, let first = changes.first {
                    fixIts.append(FixIt(fixIt.message, first: first, rest: Array(changes.dropFirst())))
                }
            }
            let notes = diagnostic.notes.compactMap { note -> Note? in
                guard let noteSpan = note.span, noteSpan.file == file.id else { return note }
                return generated.originalSpan(start: noteSpan.start, end: noteSpan.end).map { Note(note.message, at: $0) }
            }
            result.append(Diagnostic(message, at: span, notes: notes, fixIts: fixIts, helps: diagnostic.helps))
        }
        return result
    }

    /// Whether a mapped diagnostic points at a binding whose type is unknown, or at a member of one.
    func isAboutPoisonedName(_ span: Span, text: String) -> Bool {
        if poisoned.contains(text) { return true }
        guard let source = sources.file(span.file) else { return false }
        let before = source.text(of: Span(file: span.file, start: max(0, span.start - 64), end: span.start))
        return poisoned.contains { before.hasSuffix($0 + ".") || before.hasSuffix($0 + "?.") }
    }

    /// One message per place: the DRL checker's own message wins over a mapped CMT one.
    func deduplicated(_ list: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<String>()
        var result: [Diagnostic] = []
        for diagnostic in list {
            let key = "\(diagnostic.span.file.rawValue):\(diagnostic.span.start):\(diagnostic.severity)"
            if seen.insert(key).inserted { result.append(diagnostic) }
        }
        return Diagnostic.sorted(result)
    }
}
