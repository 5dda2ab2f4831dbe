import CMTBytecode
import CMTVM

/// A JSON value as the conformance files use them (decoded with `JSONDecoder`).
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    var string: String? { if case .string(let text) = self { return text } else { return nil } }
    var array: [JSONValue]? { if case .array(let items) = self { return items } else { return nil } }
    var object: [String: JSONValue]? { if case .object(let fields) = self { return fields } else { return nil } }
    var bool: Bool? { if case .bool(let flag) = self { return flag } else { return nil } }
    var int: Int? {
        if case .integer(let value) = self { return Int(value) }
        return nil
    }

    /// The contract value a `setVariable` or `expect.variables` value stands for.
    var contractValue: ContractValue {
        switch self {
        case .null: .null
        case .bool(let flag): .boolean(flag)
        case .integer(let value): .int(value)
        case .double(let value): Decimal18(literal: "\(value)").map(ContractValue.number) ?? .string("\(value)")
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(\.contractValue))
        case .object(let fields):
            .map(fields.keys.sorted().map { ContractValue.MapEntry(key: .string($0), value: fields[$0]?.contractValue ?? .null) })
        }
    }

    /// The CMT type name of a variable value (for compiling the definition's expressions).
    var cmtType: String? {
        switch self {
        case .bool: "boolean"
        case .integer, .double: "number"
        case .string: "string"
        default: nil
        }
    }
}
