/// An interned type: comparing two types is comparing two integers.
public struct TypeID: Hashable, Sendable {
    public let rawValue: Int32
    init(_ rawValue: Int32) { self.rawValue = rawValue }

    public static let error = TypeID(0)
    public static let void = TypeID(1)
    public static let never = TypeID(2)
    public static let null = TypeID(3)
    public static let any = TypeID(4)
    public static let object = TypeID(5)
    public static let number = TypeID(6)
    public static let boolean = TypeID(7)
    public static let string = TypeID(8)
    public static let bytes = TypeID(9)
    public static let address = TypeID(10)
}

/// Identifies a class, contract or built-in type declaration.
public struct ClassID: Hashable, Sendable {
    public let rawValue: Int32
}

/// The signature of a callable value: parameter types, how many are required, and the result.
public struct FunctionType: Hashable, Sendable {
    public let params: [TypeID]
    public let requiredCount: Int
    public let result: TypeID
}

/// What a ``TypeID`` stands for.
public enum TypeKind: Hashable, Sendable {
    /// A type that could not be determined and has been reported: compatible with everything so one
    /// mistake gives one message.
    case error
    case void
    /// The result of a call that never returns (`revert`).
    case never
    /// The type of the `null` literal.
    case null
    /// Accepts any value; only the built-in prelude may use it (for `print`).
    case any
    /// Any class instance (rule facts).
    case object
    case number, boolean, string, bytes, address
    case array(TypeID)
    case map(TypeID, TypeID)
    case optional(TypeID)
    case function(FunctionType)
    /// An instance of a class, contract or built-in type, with type arguments for generic ones.
    case instance(ClassID, [TypeID])
    /// A class itself, used as a value for its static members (`Message.GET_PRICE`).
    case classObject(ClassID)
    /// The `index`-th type parameter of a generic declaration.
    case parameter(Int)
}

/// Interns types and renders them as users write them.
public final class TypeTable {
    private(set) var kinds: [TypeKind] = []
    private var lookup: [TypeKind: TypeID] = [:]
    /// Names of classes by id, for rendering.
    var classNames: [String] = []
    /// Type parameter names by index of the declaration being rendered, if known.
    var parameterNames: [Int: String] = [:]

    init() {
        for kind in [TypeKind.error, .void, .never, .null, .any, .object, .number, .boolean, .string, .bytes, .address] {
            _ = intern(kind)
        }
    }

    public func intern(_ kind: TypeKind) -> TypeID {
        if let id = lookup[kind] { return id }
        let id = TypeID(Int32(kinds.count))
        kinds.append(kind)
        lookup[kind] = id
        return id
    }

    public subscript(_ id: TypeID) -> TypeKind { kinds[Int(id.rawValue)] }

    func array(_ element: TypeID) -> TypeID { element == .error ? .error : intern(.array(element)) }
    func map(_ key: TypeID, _ value: TypeID) -> TypeID { key == .error || value == .error ? .error : intern(.map(key, value)) }

    /// `T?`; optional of optional, of null and of error collapse.
    func optional(_ wrapped: TypeID) -> TypeID {
        switch self[wrapped] {
        case .optional, .null, .error, .any: wrapped
        case .never, .void: wrapped
        default: intern(.optional(wrapped))
        }
    }

    func function(_ params: [TypeID], required: Int? = nil, result: TypeID) -> TypeID {
        intern(.function(FunctionType(params: params, requiredCount: required ?? params.count, result: result)))
    }

    /// The type without its optional wrapper.
    func unwrapped(_ id: TypeID) -> TypeID {
        if case .optional(let inner) = self[id] { return inner }
        return id
    }

    func isOptional(_ id: TypeID) -> Bool {
        switch self[id] {
        case .optional, .null: true
        default: false
        }
    }

    /// The type as a user writes it: `number`, `Message[]`, `Map<string, number>`, `Message?`.
    public func describe(_ id: TypeID) -> String {
        switch self[id] {
        case .error: "<error>"
        case .void: "void"
        case .never: "never"
        case .null: "null"
        case .any: "any"
        case .object: "object"
        case .number: "number"
        case .boolean: "boolean"
        case .string: "string"
        case .bytes: "bytes"
        case .address: "address"
        case .array(let element):
            wrapsForPostfix(element) ? "(\(describe(element)))[]" : "\(describe(element))[]"
        case .map(let key, let value): "Map<\(describe(key)), \(describe(value))>"
        case .optional(let inner):
            wrapsForPostfix(inner) ? "(\(describe(inner)))?" : "\(describe(inner))?"
        case .function(let signature):
            "(" + signature.params.enumerated().map { index, param in
                describe(param) + (index >= signature.requiredCount ? "?" : "")
            }.joined(separator: ", ") + ") => " + describe(signature.result)
        case .instance(let classID, let arguments):
            className(classID) + (arguments.isEmpty ? "" : "<" + arguments.map(describe).joined(separator: ", ") + ">")
        case .classObject(let classID): "class \(className(classID))"
        case .parameter(let index): parameterNames[index] ?? "T\(index)"
        }
    }

    private func wrapsForPostfix(_ id: TypeID) -> Bool {
        if case .function = self[id] { return true }
        return false
    }

    func className(_ id: ClassID) -> String {
        let index = Int(id.rawValue)
        return index < classNames.count ? classNames[index] : "class#\(index)"
    }

    /// Replaces type parameters by `arguments`.
    func substitute(_ id: TypeID, _ arguments: [TypeID]) -> TypeID {
        guard !arguments.isEmpty else { return id }
        switch self[id] {
        case .parameter(let index): return index < arguments.count ? arguments[index] : .error
        case .array(let element): return array(substitute(element, arguments))
        case .map(let key, let value): return map(substitute(key, arguments), substitute(value, arguments))
        case .optional(let inner): return optional(substitute(inner, arguments))
        case .function(let signature):
            return function(signature.params.map { substitute($0, arguments) }, required: signature.requiredCount,
                            result: substitute(signature.result, arguments))
        case .instance(let classID, let inner):
            return intern(.instance(classID, inner.map { substitute($0, arguments) }))
        default: return id
        }
    }
}
