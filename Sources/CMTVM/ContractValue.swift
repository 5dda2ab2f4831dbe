public import CMTBytecode

/// A value outside the VM: call arguments and results, event fields, persistent state. Unlike the
/// VM's register values it owns its contents, so it survives the per-call heap.
public indirect enum ContractValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case boolean(Bool)
    case number(Decimal18)
    case string(String)
    case bytes([UInt8])
    case address(Address)
    case array([ContractValue])
    /// Entries in insertion order.
    case map([MapEntry])
    /// A class instance: the class index and one value per field slot.
    case object(classIndex: UInt16, fields: [ContractValue])
    /// A function index. Functions and closures never cross the contract boundary: the VM refuses
    /// one as an argument and traps rather than export one (docs/vm.md).
    case function(UInt16)

    /// One key-value pair of a map.
    public struct MapEntry: Hashable, Sendable {
        public var key: ContractValue
        public var value: ContractValue
        public init(key: ContractValue, value: ContractValue) {
            self.key = key
            self.value = value
        }
    }

    /// The integer `value` as a number.
    public static func int(_ value: Int64) -> ContractValue { .number(Decimal18(value)) }

    public var description: String {
        switch self {
        case .null: "null"
        case .boolean(let value): value ? "true" : "false"
        case .number(let value): value.description
        case .string(let text): text
        case .bytes(let data): "0x" + ContentHash.hex(data)
        case .address(let address): address.text
        case .array(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .map(let entries): "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .object(let index, let fields): "object#\(index)(" + fields.map(\.description).joined(separator: ", ") + ")"
        case .function(let index): "function#\(index)"
        }
    }

    /// True when the value fits `type` (used to check arguments against the ABI). With the
    /// module's class table, an instance of a subclass fits where its base class is expected.
    public func conforms(to type: TypeDescriptor, classes module: Module? = nil) -> Bool {
        switch (type, self) {
        case (.any, _), (.void, .null), (.optional, .null): true
        case (.optional(let wrapped), _): conforms(to: wrapped, classes: module)
        case (.number, .number), (.boolean, .boolean), (.string, .string), (.bytes, .bytes), (.address, .address),
            (.function, .function):
            true
        case (.array(let element), .array(let values)): values.allSatisfy { $0.conforms(to: element, classes: module) }
        case (.map(let key, let value), .map(let entries)):
            entries.allSatisfy { $0.key.conforms(to: key, classes: module) && $0.value.conforms(to: value, classes: module) }
        case (.object(let expected), .object(let index, _)):
            expected == index || module?.isClass(index, subclassOf: expected) == true
        default: false
        }
    }
}
