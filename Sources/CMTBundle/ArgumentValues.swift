import CMTBytecode
import CMTVM
import Foundation

/// Reads `--arg` texts as values of an entry point's parameter types: numbers as decimal
/// literals, booleans, strings as they are, addresses as text, bytes as 0x-hex, `null` for an
/// optional, and arrays and maps as JSON. `cmtc run --arg`, `--param` and manifest defaults use it.
public enum ArgumentValues {
    /// Why a text is not a value of the type.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public static func parse(_ text: String, as type: TypeDescriptor) throws -> ContractValue {
        switch type {
        case .optional(let inner):
            return text == "null" ? .null : try parse(text, as: inner)
        case .array, .map:
            guard let data = text.data(using: .utf8), let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                throw Failure(description: "'\(text)' is not valid JSON for a \(type)")
            }
            return try convert(json, as: type)
        default:
            return try scalar(text, as: type)
        }
    }

    private static func scalar(_ text: String, as type: TypeDescriptor) throws -> ContractValue {
        switch type {
        case .number:
            if let value = Decimal18(literal: text) { return .number(value) }
            throw Failure(description: Decimal18.rangeMessage(text) ?? "'\(text)' is not a number")
        case .boolean:
            guard text == "true" || text == "false" else { throw Failure(description: "'\(text)' is not true or false") }
            return .boolean(text == "true")
        case .string, .any:
            return .string(text)
        case .address:
            do { return .address(try Address.parse(text)) } catch {
                throw Failure(description: "'\(text)' is not an address: \(error.message)")
            }
        case .bytes:
            guard text.hasPrefix("0x"), text.count % 2 == 0 else { throw Failure(description: "bytes are written 0x followed by hex digits") }
            var bytes: [UInt8] = []
            var index = text.index(text.startIndex, offsetBy: 2)
            while index < text.endIndex {
                let next = text.index(index, offsetBy: 2)
                guard let byte = UInt8(text[index..<next], radix: 16) else { throw Failure(description: "'\(text)' is not hex") }
                bytes.append(byte)
                index = next
            }
            return .bytes(bytes)
        default:
            throw Failure(description: "a \(type) cannot be given on the command line")
        }
    }

    /// A value decoded by `JSONSerialization` (a webhook event's field) as a value of `type`.
    public static func fromJSON(_ json: Any, as type: TypeDescriptor) throws -> ContractValue { try convert(json, as: type) }

    private static func convert(_ json: Any, as type: TypeDescriptor) throws -> ContractValue {
        switch type {
        case .optional(let inner):
            return json is NSNull ? .null : try convert(json, as: inner)
        case .array(let element):
            guard let items = json as? [Any] else { throw Failure(description: "expected a JSON array for \(type)") }
            return .array(try items.map { try convert($0, as: element) })
        case .map(let key, let value):
            guard let object = json as? [String: Any] else { throw Failure(description: "expected a JSON object for \(type)") }
            return .map(try object.keys.sorted().map { name in
                ContractValue.MapEntry(key: try scalar(name, as: key), value: try convert(object[name] as Any, as: value))
            })
        default:
            if let number = json as? NSNumber {
                // JSON booleans arrive as NSNumber too: keep `true` and `1` apart.
                let isBoolean = String(cString: number.objCType) == "c"
                if type == .number, !isBoolean { return try scalar(number.stringValue, as: .number) }
                if type == .boolean, isBoolean { return .boolean(number.boolValue) }
                throw Failure(description: "expected a \(type), found the JSON \(isBoolean ? (number.boolValue ? "true" : "false") : number.stringValue)")
            }
            if let text = json as? String { return try scalar(text, as: type) }
            throw Failure(description: "cannot read \(json) as \(type)")
        }
    }
}
