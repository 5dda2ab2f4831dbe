import CMTBytecode

/// The contract's interface as JSON: its constructor, public functions, events and webhook
/// handlers with their parameter types (`abi.json` in a bundle, and `cmtc inspect`'s summary).
public enum ABI {
    /// The format version of `abi.json`, its first member.
    public static let format = "cmt-abi/1"

    /// What the bytecode does not say about a contract: its name and its events, in declaration
    /// order (the compiler's checked module fills it; CMTBuild's `ABI.Contract(checked:)`).
    public struct Contract: Sendable, Equatable {
        /// One field of an event.
        public struct Field: Sendable, Equatable {
            public let name: String
            /// The type as CMT writes it.
            public let type: String
            public let indexed: Bool
            public init(name: String, type: String, indexed: Bool) {
                self.name = name
                self.type = type
                self.indexed = indexed
            }
        }

        /// An `event` declaration.
        public struct Event: Sendable, Equatable {
            public let name: String
            public let fields: [Field]
            public init(name: String, fields: [Field]) {
                self.name = name
                self.fields = fields
            }
        }

        public let name: String
        public let events: [Event]
        public init(name: String, events: [Event]) {
            self.name = name
            self.events = events
        }
    }

    /// Builds the ABI of a compiled program: the constructor, functions and webhooks from the
    /// bytecode's entry points, the name and events from `contract` (nil for a script), and the
    /// classes named in `listedClasses` (nil: every class, as for a program without modules).
    public static func json(module: Module, contract: Contract?, listedClasses listed: Set<String>? = nil) -> JSON {
        var constructor: JSON = .array([])
        var functions: [JSON] = []
        var webhooks: [JSON] = []
        for entry in module.entryPoints {
            let parameters = JSON.array(entry.parameters.map { .object([("name", .string($0.name)), ("type", .string(typeName($0.type, module)))]) })
            if entry.name == "constructor" {
                constructor = parameters
            } else if entry.name.hasPrefix("webhook:") {
                webhooks.append(.object([("name", .string(String(entry.name.dropFirst(8)))), ("parameters", parameters)]))
            } else {
                functions.append(.object([("name", .string(entry.name)), ("parameters", parameters),
                                          ("returns", .string(typeName(entry.returnType, module)))]))
            }
        }
        let events = (contract?.events ?? []).map { event in
            JSON.object([("name", .string(event.name)), ("fields", .array(event.fields.map { field in
                var members: [(String, JSON)] = [("name", .string(field.name)), ("type", .string(field.type))]
                if field.indexed { members.append(("indexed", .bool(true))) }
                return .object(members)
            }))])
        }
        let contractName = contract?.name ?? ""
        var classes: [JSON] = []
        for info in module.classes where !info.name.hasPrefix("__") && listed.map({ $0.contains(info.name) }) ?? true {
            classes.append(.object([("name", .string(info.name)), ("fields", .array(info.fields.map { .string($0) }))]))
        }
        return .object([
            ("format", .string(format)), ("contract", .string(contractName)), ("constructor", constructor), ("functions", .array(functions)), ("events", .array(events)),
            ("webhooks", .array(webhooks)), ("classes", .array(classes)),
        ])
    }

    /// A type as CMT writes it, with class names instead of indexes.
    public static func typeName(_ type: TypeDescriptor, _ module: Module) -> String {
        switch type {
        case .object(let index): Int(index) < module.classes.count ? module.classes[Int(index)].name : "class#\(index)"
        case .array(let element): typeName(element, module) + "[]"
        case .optional(let wrapped): typeName(wrapped, module) + "?"
        case .map(let key, let value): "Map<\(typeName(key, module)), \(typeName(value, module))>"
        default: type.description
        }
    }
}
