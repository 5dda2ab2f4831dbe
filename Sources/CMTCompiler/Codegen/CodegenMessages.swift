import CMTSource

// Messages of code generation (E05xx): programs that type-check but that this compiler cannot yet
// turn into bytecode, and limits of the bytecode format. Codes are stable, like every other code.
extension CompilerMessages {
    static func middlewareNotAvailable(_ what: String, _ piece: String) -> DiagnosticMessage {
        error("middlewareNotAvailable", "E0500", "'\(what)' needs the \(piece), which this version of cmtc does not include yet")
    }
    static func functionTooLarge(_ name: String, _ detail: String) -> DiagnosticMessage {
        error("functionTooLarge", "E0501", "function '\(name)' is too large to compile: \(detail)")
    }
    static let thisAsValue = error("thisAsValue", "E0502", "'this' of a contract can only be used to reach its fields and functions")
    static func unsupportedConstruct(_ what: String) -> DiagnosticMessage {
        error("unsupportedConstruct", "E0503", "\(what) cannot be compiled yet")
    }
    static func moduleTooLarge(_ detail: String) -> DiagnosticMessage {
        error("moduleTooLarge", "E0504", "the program is too large to compile: \(detail)")
    }
    static func unknownProcessDefinition(_ path: String, known: [String]) -> DiagnosticMessage {
        error("unknownProcessDefinition", "E0505",
              "no process definition '\(path)' in this program" + (known.isEmpty ? " (it has no .bpm files)" : "; it has " + known.map { "'\($0)'" }.joined(separator: ", ")))
    }
    static func pathNotLiteral(_ function: String) -> DiagnosticMessage {
        error("pathNotLiteral", "E0506", "the path given to '\(function)' must be a string literal, so that it can be checked when compiling")
    }
    static func sessionInsideState(_ field: String) -> DiagnosticMessage {
        error("sessionInsideState", "E0512",
              "state field '\(field)' would keep a rule session inside another value; only a field of type 'RuleSession' or 'RuleSession?' stores a session for later calls")
    }
    static func unknownRuleFile(_ path: String, known: [String]) -> DiagnosticMessage {
        error("unknownRuleFile", "E0507",
              "no rule file '\(path)' in this program" + (known.isEmpty ? " (it has no .drl or .rl files)" : "; it has " + known.map { "'\($0)'" }.joined(separator: ", ")))
    }
}
