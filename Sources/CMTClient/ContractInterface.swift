import CMTBundle
import CMTBytecode
import CMTNode
import CMTVM

/// A deployed contract's interface as the node returns it (`cmt_getContract`'s `abi`, the bundle's
/// `cmt-abi/1` JSON): its functions with typed parameters, its constructor and its events. Turns
/// command-line argument texts into the runtime's value encoding a call carries.
public struct ContractInterface: Sendable, Equatable {
    /// One parameter: its name, its type as CMT writes it, and the type when the command line can give it.
    public struct Parameter: Sendable, Equatable {
        public let name: String
        public let type: String
        public let descriptor: TypeDescriptor?
    }

    /// One public function.
    public struct Function: Sendable, Equatable {
        public let name: String
        public let parameters: [Parameter]
        public let returns: String
    }

    /// One event: its name and field names (indexed ones marked).
    public struct Event: Sendable, Equatable {
        /// One field of an event.
        public struct Field: Sendable, Equatable {
            public let name: String
            public let type: String
            public let indexed: Bool

            public init(name: String, type: String, indexed: Bool) {
                self.name = name
                self.type = type
                self.indexed = indexed
            }
        }

        public let name: String
        public let fields: [Field]

        public init(name: String, fields: [Field]) {
            self.name = name
            self.fields = fields
        }
    }

    /// The contract's name.
    public let name: String
    public let constructor: [Parameter]
    public let functions: [Function]
    public let events: [Event]

    /// Reads an ABI object (format `cmt-abi/1`).
    public init(abi: JSONValue) throws(ClientError) {
        guard case .object = abi else { throw ClientError(.badResponse, "the contract's ABI is not a JSON object") }
        guard abi["format"] == .string(ABI.format) else {
            throw ClientError(.badResponse, "the contract's ABI is not format \(ABI.format): \(abi["format"]?.text ?? "none")")
        }
        name = abi["contract"].flatMap(Self.string) ?? ""
        constructor = try Self.parameters(abi["constructor"] ?? .array([]))
        var functions: [Function] = []
        if case .array(let items) = abi["functions"] ?? .array([]) {
            for item in items {
                guard let name = item["name"].flatMap(Self.string) else { throw ClientError(.badResponse, "an ABI function without a name") }
                functions.append(Function(name: name, parameters: try Self.parameters(item["parameters"] ?? .array([])),
                                          returns: item["returns"].flatMap(Self.string) ?? "void"))
            }
        }
        self.functions = functions
        var events: [Event] = []
        if case .array(let items) = abi["events"] ?? .array([]) {
            for item in items {
                guard let name = item["name"].flatMap(Self.string), case .array(let fields) = item["fields"] ?? .array([]) else {
                    throw ClientError(.badResponse, "an ABI event without a name or fields")
                }
                events.append(Event(name: name, fields: fields.map { field in
                    Event.Field(name: field["name"].flatMap(Self.string) ?? "", type: field["type"].flatMap(Self.string) ?? "", indexed: field["indexed"] == .bool(true))
                }))
            }
        }
        self.events = events
    }

    /// The function named `name`.
    public func function(_ name: String) throws(ClientError) -> Function {
        guard let found = functions.first(where: { $0.name == name }) else {
            let known = functions.map(\.name).joined(separator: ", ")
            throw ClientError(.unknownFunction, "\(self.name.isEmpty ? "the contract" : self.name) has no function '\(name)' (it has: \(known.isEmpty ? "none" : known))")
        }
        return found
    }

    /// The value encoding of `texts` read as `function`'s parameters (docs/chain.md, "Value
    /// encoding"): the array of the arguments, or no bytes for a function without parameters.
    public func encodeArguments(of function: Function, _ texts: [String]) throws(ClientError) -> [UInt8] {
        try Self.encode(texts, as: function.parameters, what: "\(function.name)(\(function.parameters.map { "\($0.name): \($0.type)" }.joined(separator: ", ")))")
    }

    /// The value encoding of `texts` read as `parameters`, in order; `what` names the signature in errors.
    public static func encode(_ texts: [String], as parameters: [Parameter], what: String) throws(ClientError) -> [UInt8] {
        guard texts.count == parameters.count else {
            throw ClientError(.badArgument, "\(what) takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), got \(texts.count)")
        }
        if parameters.isEmpty { return [] }
        return ValueCodec.encode(.array(try values(texts, as: parameters)))
    }

    /// `texts` read as `parameters`' types (numbers as decimals, booleans, strings as they are,
    /// addresses as bech32, bytes as 0x-hex, `null` for an optional, arrays and maps as JSON).
    public static func values(_ texts: [String], as parameters: [Parameter]) throws(ClientError) -> [ContractValue] {
        var values: [ContractValue] = []
        for (text, parameter) in zip(texts, parameters) {
            guard let type = parameter.descriptor else {
                throw ClientError(.badArgument, "parameter \(parameter.name) has type \(parameter.type), which cannot be given on the command line")
            }
            do {
                values.append(try ArgumentValues.parse(text, as: type))
            } catch {
                throw ClientError(.badArgument, "argument \(parameter.name) (\(parameter.type)): \(error)")
            }
        }
        return values
    }

    private static func parameters(_ json: JSONValue) throws(ClientError) -> [Parameter] {
        guard case .array(let items) = json else { throw ClientError(.badResponse, "ABI parameters are not an array") }
        var result: [Parameter] = []
        for item in items {
            guard let name = item["name"].flatMap(string), let type = item["type"].flatMap(string) else {
                throw ClientError(.badResponse, "an ABI parameter without a name or a type")
            }
            result.append(Parameter(name: name, type: type, descriptor: ParameterTypes.descriptor(type)))
        }
        return result
    }

    private static func string(_ value: JSONValue) -> String? { if case .string(let text) = value { text } else { nil } }
}
