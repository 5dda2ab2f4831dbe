import CMTBytecode
import CMTChain

/// A value a method parameter can be decoded into from JSON; the reason is a sentence for the
/// −32602 error's data.
public protocol RPCParameterValue: Sendable {
    /// The type as the documentation names it (`"a decimal string"`, `"an address"`).
    static var rpcTypeName: String { get }
    init(rpcJSON json: JSONValue) throws(RPCArguments.TypeMismatch)
}

/// The parameters of one call, matched to the method's declared parameter names: positional
/// parameters by index, named ones by name. Too many positional parameters or an unknown name is
/// −32602, and so is a missing required parameter or a value of the wrong type.
public struct RPCArguments: Sendable {
    /// A JSON value that does not have the parameter's type.
    public struct TypeMismatch: Error, Sendable {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    /// The method's parameter names, in positional order.
    public let names: [String]
    private let values: [String: JSONValue]

    /// Matches `params` to `names`.
    /// - Throws: −32602 for more positional values than names, or a name the method does not take.
    public init(_ params: RPCParams?, names: [String]) throws(RPCError) {
        self.names = names
        var values: [String: JSONValue] = [:]
        switch params {
        case nil: break
        case .positional(let items):
            guard items.count <= names.count else {
                throw .invalidParams("takes at most \(names.count) parameter\(names.count == 1 ? "" : "s") (\(names.joined(separator: ", "))), \(items.count) given")
            }
            for (name, item) in zip(names, items) { values[name] = item }
        case .named(let members):
            for member in members {
                guard names.contains(member.name) else {
                    throw .invalidParams("no parameter '\(member.name)' (the parameters are \(names.isEmpty ? "none" : names.joined(separator: ", ")))")
                }
                values[member.name] = member.value
            }
        }
        self.values = values
    }

    /// The parameter `name` as `T`; a missing one (or null) is −32602.
    public func required<T: RPCParameterValue>(_ name: String, as type: T.Type = T.self) throws(RPCError) -> T {
        guard let value = try optional(name, as: type) else { throw .invalidParams("missing parameter '\(name)' (\(T.rpcTypeName))") }
        return value
    }

    /// The parameter `name` as `T`, or nil when it is absent or null.
    public func optional<T: RPCParameterValue>(_ name: String, as type: T.Type = T.self) throws(RPCError) -> T? {
        guard let json = values[name], json != .null else { return nil }
        do {
            return try T(rpcJSON: json)
        } catch {
            throw .invalidParams("parameter '\(name)' must be \(T.rpcTypeName): \(error.reason)")
        }
    }
}

extension String: RPCParameterValue {
    public static var rpcTypeName: String { "a string" }
    public init(rpcJSON json: JSONValue) throws(RPCArguments.TypeMismatch) {
        guard case .string(let text) = json else { throw .init("got \(RPCRequestDecoder.article(json.typeName))") }
        self = text
    }
}

extension Bool: RPCParameterValue {
    public static var rpcTypeName: String { "a boolean" }
    public init(rpcJSON json: JSONValue) throws(RPCArguments.TypeMismatch) {
        guard case .bool(let value) = json else { throw .init("got \(RPCRequestDecoder.article(json.typeName))") }
        self = value
    }
}

extension JSONValue: RPCParameterValue {
    public static var rpcTypeName: String { "any JSON value" }
    public init(rpcJSON json: JSONValue) { self = json }
}

extension Int64: RPCParameterValue {
    public static var rpcTypeName: String { "an integer" }
    public init(rpcJSON json: JSONValue) throws(RPCArguments.TypeMismatch) {
        guard case .number(let text) = json, let value = Int64(text) else {
            throw .init(json.typeName == "number" ? "\(json.text) is not a whole number in range" : "got \(RPCRequestDecoder.article(json.typeName))")
        }
        self = value
    }
}

extension UInt64: RPCParameterValue {
    public static var rpcTypeName: String { "a whole number (a JSON number or a decimal string)" }
    /// Heights and nonces: a JSON integer, or decimal digits in a string (big numbers are strings).
    public init(rpcJSON json: JSONValue) throws(RPCArguments.TypeMismatch) {
        switch json {
        case .number(let text), .string(let text):
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let value = UInt64(text),
                  text == "0" || !text.hasPrefix("0") else {
                throw .init("\(json.text) is not a whole number from 0 to \(UInt64.max)")
            }
            self = value
        default: throw .init("got \(RPCRequestDecoder.article(json.typeName))")
        }
    }
}

extension Amount: RPCParameterValue {
    public static var rpcTypeName: String { "an amount in atto-CMT as a decimal string" }
    /// Amounts are decimal strings of atto-CMT ("0" for zero), never JSON numbers.
    public init(rpcJSON json: JSONValue) throws(RPCArguments.TypeMismatch) {
        guard case .string(let text) = json else { throw .init("got \(RPCRequestDecoder.article(json.typeName)); amounts are strings") }
        if text == "0" {
            self = .zero
            return
        }
        guard !text.isEmpty, let amount = Amount(wire: text) else { throw .init("\"\(text)\" is not decimal digits without leading zeros within UInt128") }
        self = amount
    }
}

extension Address: RPCParameterValue {
    public static var rpcTypeName: String { "a bech32 address (cmt1…)" }
    public init(rpcJSON json: JSONValue) throws(RPCArguments.TypeMismatch) {
        guard case .string(let text) = json else { throw .init("got \(RPCRequestDecoder.article(json.typeName))") }
        do {
            self = try Address.parse(text)
        } catch {
            throw .init("\(error)")
        }
    }
}

extension Array: RPCParameterValue where Element: RPCParameterValue {
    public static var rpcTypeName: String { "an array of \(Element.rpcTypeName)" }
    public init(rpcJSON json: JSONValue) throws(RPCArguments.TypeMismatch) {
        guard case .array(let items) = json else { throw .init("got \(RPCRequestDecoder.article(json.typeName))") }
        var values: [Element] = []
        for (index, item) in items.enumerated() {
            do {
                values.append(try Element(rpcJSON: item))
            } catch {
                throw .init("element \(index): \(error.reason)")
            }
        }
        self = values
    }
}
