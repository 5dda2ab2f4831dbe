/// A static type as the ABI and the state layout describe it (parameter, return and field types).
public indirect enum TypeDescriptor: Hashable, Sendable, CustomStringConvertible {
    case void
    case number
    case boolean
    case string
    case bytes
    case address
    case any
    case array(TypeDescriptor)
    case map(key: TypeDescriptor, value: TypeDescriptor)
    case optional(TypeDescriptor)
    /// A class by its index in the module's class table.
    case object(classIndex: UInt16)
    case function

    public var description: String {
        switch self {
        case .void: "void"
        case .number: "number"
        case .boolean: "boolean"
        case .string: "string"
        case .bytes: "bytes"
        case .address: "address"
        case .any: "any"
        case .array(let element): "\(element)[]"
        case .map(let key, let value): "Map<\(key), \(value)>"
        case .optional(let wrapped): "\(wrapped)?"
        case .object(let index): "class#\(index)"
        case .function: "function"
        }
    }

    /// Nesting depth, bounded by the decoder and the verifier.
    public var depth: Int {
        switch self {
        case .array(let element), .optional(let element): 1 + element.depth
        case .map(let key, let value): 1 + Swift.max(key.depth, value.depth)
        default: 1
        }
    }
}
