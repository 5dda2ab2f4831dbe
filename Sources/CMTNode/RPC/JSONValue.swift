/// A JSON value as the RPC layer reads and writes it: numbers keep the exact text they were
/// written with (an id is echoed byte for byte; amounts are never rounded through a float) and
/// object members keep their order.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number's literal text, RFC 8259's grammar (`-12`, `0.5`, `1e3`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// A number from an integer.
    public static func integer(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }

    /// The member `name` of an object (the first, though the reader refuses duplicates).
    public subscript(name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.name == name }?.value
    }

    /// The JSON type's name, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var name: String
    public var value: JSONValue

    public init(_ name: String, _ value: JSONValue) {
        self.name = name
        self.value = value
    }
}

extension JSONValue {
    /// The compact text: no spaces, members in order, strings escaped minimally (`"`, `\`,
    /// control characters), everything else written as UTF-8.
    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    /// ``text`` as UTF-8 bytes.
    public var bytes: [UInt8] { Array(text.utf8) }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): Self.quote(text, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                Self.quote(member.name, into: &out)
                out += ":"
                member.value.write(into: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension JSONValue {
    /// The text indented by two spaces per level, `"name": value` with one space, as Go's
    /// `json.MarshalIndent(v, "", "  ")` writes it (CometBFT's key files); empty arrays and
    /// objects as `[]` and `{}`.
    public var prettyText: String {
        var out = ""
        writePretty(into: &out, level: 0)
        return out
    }

    private func writePretty(into out: inout String, level: Int) {
        let inner = "\n" + String(repeating: "  ", count: level + 1)
        let close = "\n" + String(repeating: "  ", count: level)
        switch self {
        case .array(let items) where !items.isEmpty:
            out += "["
            for (index, item) in items.enumerated() {
                out += (index > 0 ? "," : "") + inner
                item.writePretty(into: &out, level: level + 1)
            }
            out += close + "]"
        case .object(let members) where !members.isEmpty:
            out += "{"
            for (index, member) in members.enumerated() {
                out += (index > 0 ? "," : "") + inner + JSONValue.string(member.name).text + ": "
                member.value.writePretty(into: &out, level: level + 1)
            }
            out += close + "}"
        default:
            out += text
        }
    }
}
