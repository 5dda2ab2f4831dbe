import CMTCompiler
import CMTSource

/// Drools annotations in a `declare` (`@propertyChangeSupport`, `@key`, `@role(event)` …).
/// Those that mean nothing on a chain are accepted with a warning; those that would change how
/// facts match or compare, which the engine does not implement, are errors. Never ignored silently.
extension SectionParser {
    /// Annotations that change nothing a chain computes (Java bean plumbing, documentation).
    static let inertAnnotations: Set<String> = [
        "propertychangesupport", "typesafe", "author", "dateofcreation", "dateofmodification", "version",
        "serialversionuid", "description", "label", "role",
    ]

    /// Whether the current token is an annotation's `@`.
    var atAnnotation: Bool { kind == .unknown && !atEnd && text(of: current) == "@" }

    /// Reads annotations here, if any, reporting each as its kind requires.
    mutating func skipAnnotations() {
        while atAnnotation {
            let start = Int(current.start)
            advance()
            guard let name = expectName("after '@' (an annotation)") else { return }
            var argument = ""
            if kind == .lParen, !atEnd {
                let open = Int(current.end)
                var depth = 0
                var close = open
                repeat {
                    if kind == .lParen { depth += 1 }
                    if kind == .rParen { depth -= 1 }
                    close = Int(current.start)
                    advance()
                } while depth > 0 && !atEnd
                argument = String(decoding: file.bytes[open..<max(open, close)], as: UTF8.self).filter { !$0.isWhitespace }
            }
            let span = Span(file: file.id, start: start, end: cmt.previousTokenEnd)
            let lowered = name.name.lowercased()
            if lowered == "role", argument.lowercased() == "event" {
                diagnostics.add(RuleMessages.unsupportedAnnotation(name.name, why: "events and temporal reasoning are not built"), at: span)
            } else if Self.inertAnnotations.contains(lowered) {
                diagnostics.add(RuleMessages.inertAnnotation(name.name), at: span)
            } else if lowered == "key" {
                diagnostics.add(RuleMessages.unsupportedAnnotation(name.name, why: "facts compare by identity; equality by key fields is not built"), at: span)
            } else if lowered == "position" {
                diagnostics.add(RuleMessages.unsupportedAnnotation(name.name, why: "positional constraints are not built; name the fields"), at: span)
            } else {
                diagnostics.add(RuleMessages.unsupportedAnnotation(name.name, why: "the engine does not know it"), at: span)
            }
        }
    }
}
