/// Renders diagnostics as JSON for the language server and other tools. Fields and their order are
/// fixed, so the output is stable for tests:
///
/// ```json
/// {"file":"a.cmt","severity":"error","code":"E0203","id":"CMTCompiler.unknownName","message":"…",
///  "range":{"start":{"line":3,"column":11,"offset":40},"end":{…}},"notes":[…],"helps":[…],"fixIts":[…]}
/// ```
public struct DiagnosticJSON: Sendable {
    public let sources: SourceManager

    public init(sources: SourceManager) { self.sources = sources }

    /// A JSON array of all diagnostics.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        "[" + diagnostics.map(object(for:)).joined(separator: ",") + "]"
    }

    public func object(for diagnostic: Diagnostic) -> String {
        var fields: [String] = []
        fields.append("\"file\":" + JSONText.quote(sources.file(diagnostic.span.file)?.path ?? ""))
        fields.append("\"severity\":" + JSONText.quote(diagnostic.severity.rawValue))
        fields.append("\"code\":" + JSONText.quote(diagnostic.code))
        fields.append("\"id\":" + JSONText.quote(diagnostic.message.id.description))
        fields.append("\"message\":" + JSONText.quote(diagnostic.text))
        fields.append("\"range\":" + range(diagnostic.span))
        let notes = diagnostic.notes.map { note -> String in
            var parts = ["\"message\":" + JSONText.quote(note.message)]
            if let span = note.span {
                parts.append("\"file\":" + JSONText.quote(sources.file(span.file)?.path ?? ""))
                parts.append("\"range\":" + range(span))
            }
            return "{" + parts.joined(separator: ",") + "}"
        }
        fields.append("\"notes\":[" + notes.joined(separator: ",") + "]")
        fields.append("\"helps\":[" + diagnostic.helps.map(JSONText.quote).joined(separator: ",") + "]")
        let fixIts = diagnostic.fixIts.map { fixIt -> String in
            let changes = fixIt.changes.map { change in
                "{\"range\":" + range(change.span) + ",\"replacement\":" + JSONText.quote(change.replacement) + "}"
            }
            return "{\"message\":" + JSONText.quote(fixIt.message) + ",\"changes\":[" + changes.joined(separator: ",") + "]}"
        }
        fields.append("\"fixIts\":[" + fixIts.joined(separator: ",") + "]")
        return "{" + fields.joined(separator: ",") + "}"
    }

    private func range(_ span: Span) -> String {
        guard let file = sources.file(span.file) else {
            return "{\"start\":{\"offset\":\(span.start)},\"end\":{\"offset\":\(span.end)}}"
        }
        return "{\"start\":" + position(file.location(of: span.start)) + ",\"end\":" + position(file.location(of: span.end)) + "}"
    }

    private func position(_ location: SourceLocation) -> String {
        "{\"line\":\(location.line),\"column\":\(location.column),\"offset\":\(location.offset)}"
    }
}

/// Minimal JSON string quoting shared by the renderers (no Foundation needed).
public enum JSONText {
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
