/// Writes string literals in the canonical double-quoted form while keeping the author's escapes.
enum StringLiteral {
    /// The canonical spelling of a string literal: a double-quoted literal is kept verbatim, a
    /// single-quoted one is requoted (`\'` becomes `'`, `"` becomes `\"`, every other escape is kept),
    /// and anything else is rebuilt from the decoded `value`.
    static func canonical(raw: String, value: String) -> String {
        if raw.hasPrefix("\"") && raw.count >= 2 && raw.hasSuffix("\"") { return raw }
        guard raw.hasPrefix("'") && raw.count >= 2 && raw.hasSuffix("'") else { return quote(value) }
        var result = "\""
        var escaping = false
        for scalar in raw.unicodeScalars.dropFirst().dropLast() {
            if escaping {
                if scalar != "'" { result += "\\" }
                result.unicodeScalars.append(scalar)
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else if scalar == "\"" {
                result += "\\\""
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        if escaping { result += "\\\\" }
        return result + "\""
    }

    /// A double-quoted literal for a decoded value, escaping what must be escaped.
    static func quote(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// The text of a template literal piece, escaped so that it reads back as `value`: '`', '\\'
    /// and '${' are escaped, line breaks and tabs stay as they are.
    static func templateText(_ value: String) -> String {
        var result = ""
        var previous: Unicode.Scalar?
        for scalar in value.unicodeScalars {
            switch scalar {
            case "`": result += "\\`"
            case "\\": result += "\\\\"
            case "{" where previous == "$":
                result.unicodeScalars.removeLast()
                result += "\\${"
            case "\r": result += "\\r"
            case "\n", "\t": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
            previous = scalar
        }
        return result
    }
}
