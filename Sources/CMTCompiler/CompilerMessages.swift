import CMTSource

/// The catalog of every message the CMT front end can produce: one place, sorted by section and then
/// alphabetically. Codes are stable (users search for them, tests and docs cite them): never reuse or
/// renumber one. Lexical errors are E00xx, syntax errors E01xx, name and type errors E02xx–E03xx,
/// contract rules E04xx, warnings W0xxx.
public enum CompilerMessages {
    static func error(_ name: String, _ code: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: MessageID(domain: "CMTCompiler", name: name, code: code), severity: .error, text: text)
    }

    static func warning(_ name: String, _ code: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: MessageID(domain: "CMTCompiler", name: name, code: code), severity: .warning, text: text)
    }

    // MARK: - Lexical errors

    static func invalidEscape(_ detail: String) -> DiagnosticMessage { error("invalidEscape", "E0004", "invalid escape in string: \(detail)") }
    static func malformedNumber(_ detail: String) -> DiagnosticMessage { error("malformedNumber", "E0005", "malformed number: \(detail)") }
    static func unexpectedCharacter(_ text: String) -> DiagnosticMessage { error("unexpectedCharacter", "E0001", "unexpected character '\(text)' in source") }
    static let unterminatedBlockComment = error("unterminatedBlockComment", "E0003", "unterminated '/*' comment")
    static let unterminatedString = error("unterminatedString", "E0002", "unterminated string literal")

    // MARK: - Syntax errors

    static let ambiguousUnaryPower = error("ambiguousUnaryPower", "E0116", "a unary operator before '**' is ambiguous; add parentheses")
    static func declarationNotAtTopLevel(_ keyword: String) -> DiagnosticMessage {
        error("declarationNotAtTopLevel", "E0112", "'\(keyword)' declarations are only allowed at the top level of a file")
    }
    static func expectedExpression(found: String) -> DiagnosticMessage { error("expectedExpression", "E0102", "expected an expression, found \(found)") }
    static func expectedFunctionBody(_ name: String) -> DiagnosticMessage {
        error("expectedFunctionBody", "E0108", "function '\(name)' needs a body '{ … }'")
    }
    static func expectedIdentifier(context: String, found: String) -> DiagnosticMessage {
        error("expectedIdentifier", "E0101", "expected a name \(context), found \(found)")
    }
    static func expectedMapKey(found: String) -> DiagnosticMessage {
        error("expectedMapKey", "E0110", "expected a map key (a name, string, number or '[expression]'), found \(found)")
    }
    static func expectedMember(owner: String) -> DiagnosticMessage {
        error("expectedMember", "E0109", "expected a field, function or constructor in the \(owner) body")
    }
    static func expectedToken(_ token: String, context: String, found: String) -> DiagnosticMessage {
        error("expectedToken", "E0100", "expected '\(token)' \(context), found \(found)")
    }
    static func expectedType(found: String) -> DiagnosticMessage { error("expectedType", "E0103", "expected a type, found \(found)") }
    static let forInNotSupported = error("forInNotSupported", "E0113", "'for … in' is not supported; use 'for (const x of xs)' or 'for (const k of m.keys())'")
    static let functionExpressionNotSupported = error("functionExpressionNotSupported", "E0114", "function expressions are not supported; use an arrow function '(x: T) => …'")
    static let invalidAssignmentTarget = error("invalidAssignmentTarget", "E0105", "cannot assign to this expression; expected a variable, field or element")
    static func keywordAsIdentifier(_ keyword: String, context: String) -> DiagnosticMessage {
        error("keywordAsIdentifier", "E0107", "'\(keyword)' is a reserved word and cannot be used \(context)")
    }
    static func nestingTooDeep(_ limit: Int) -> DiagnosticMessage {
        error("nestingTooDeep", "E0106", "code is nested too deeply (the limit is \(limit) levels)")
    }
    static func unexpectedToken(_ token: String, context: String) -> DiagnosticMessage {
        error("unexpectedToken", "E0104", "unexpected \(token) \(context)")
    }
    static func unsupported(_ feature: String) -> DiagnosticMessage { error("unsupported", "E0115", "\(feature) is not supported") }
    static let varNotSupported = error("varNotSupported", "E0111", "'var' is not supported; declare variables with 'let' or 'const'")
}
