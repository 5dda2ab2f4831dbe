import CMTBytecode
import CMTChain

/// Reads the object parameters of docs/rpc.md (a call, an estimated action, a log filter): each
/// member typed, an unknown member refused, so that a misspelt name never passes silently.
struct RPCObject {
    let what: String
    let members: [String: JSONValue]

    init(_ json: JSONValue, what: String, allowed: Set<String>) throws(RPCError) {
        guard case .object(let list) = json else { throw .invalidParams("\(what) must be an object, not \(RPCRequestDecoder.article(json.typeName))") }
        var members: [String: JSONValue] = [:]
        for member in list {
            guard allowed.contains(member.name) else {
                throw .invalidParams("\(what) has no member '\(member.name)' (the members are \(allowed.sorted().joined(separator: ", ")))")
            }
            members[member.name] = member.value
        }
        self.what = what
        self.members = members
    }

    func has(_ name: String) -> Bool { members[name] != nil && members[name] != .null }

    func optional<T: RPCParameterValue>(_ name: String, as type: T.Type = T.self) throws(RPCError) -> T? {
        guard let json = members[name], json != .null else { return nil }
        do {
            return try T(rpcJSON: json)
        } catch {
            throw .invalidParams("\(what).\(name) must be \(T.rpcTypeName): \(error.reason)")
        }
    }

    func required<T: RPCParameterValue>(_ name: String, as type: T.Type = T.self) throws(RPCError) -> T {
        guard let value = try optional(name, as: type) else { throw .invalidParams("\(what).\(name) is missing (\(T.rpcTypeName))") }
        return value
    }

    /// `args`: hex of the value encoding, or a JSON array.
    func arguments(_ name: String = "args") throws(RPCError) -> CallArguments {
        switch members[name] {
        case nil, .null?: return .none
        case .array(let items)?: return .json(items)
        case .string?: return .encoded(try required(name, as: HexBytes.self).bytes)
        case let other?: throw .invalidParams("\(what).\(name) must be 0x-prefixed hex or an array, not \(RPCRequestDecoder.article(other.typeName))")
        }
    }

    static let callMembers: Set<String> = ["from", "to", "function", "args", "value", "gas"]

    func call() throws(RPCError) -> ContractCall {
        ContractCall(
            from: try optional("from"), to: try required("to"), function: try required("function"), arguments: try arguments(),
            value: try optional("value") ?? .zero, gas: try optional("gas"))
    }
}

extension RPCObject {
    static func action(_ json: JSONValue) throws(RPCError) -> EstimatedAction {
        let object = try RPCObject(json, what: "the action", allowed: callMembers.union(["bundle", "parameters"]))
        if object.has("bundle") {
            var parameters: [(name: String, value: JSONValue)] = []
            if let given = object.members["parameters"], given != .null {
                guard case .object(let members) = given else { throw .invalidParams("the action.parameters must be an object") }
                parameters = members.map { ($0.name, $0.value) }
            }
            return .deploy(
                from: try object.required("from"), bundle: try object.required("bundle", as: HexBytes.self).bytes, arguments: try object.arguments(),
                parameters: parameters, value: try object.optional("value") ?? .zero)
        }
        if object.has("function") { return .call(try object.call()) }
        return .transfer(from: try object.required("from"), to: try object.required("to"), value: try object.optional("value") ?? .zero)
    }

    static func filter(_ json: JSONValue?) throws(RPCError) -> LogFilter {
        guard let json else { return LogFilter() }
        let object = try RPCObject(json, what: "the filter", allowed: ["contract", "name", "topics", "fromHeight", "toHeight", "limit"])
        var topics: [[UInt8]?] = []
        if let given = object.members["topics"], given != .null {
            guard case .array(let items) = given, items.count <= 8 else { throw .invalidParams("the filter.topics must be an array of at most 8 entries") }
            for (index, item) in items.enumerated() {
                if item == .null {
                    topics.append(nil)
                } else {
                    do {
                        topics.append(try HexBytes(rpcJSON: item).bytes)
                    } catch {
                        throw .invalidParams("the filter.topics[\(index)] must be 0x-prefixed hex or null: \(error.reason)")
                    }
                }
            }
        }
        let limit = try object.optional("limit", as: UInt64.self) ?? UInt64(LogFilter.maxResults)
        guard limit >= 1, limit <= UInt64(LogFilter.maxResults) else { throw .invalidParams("the filter.limit must be from 1 to \(LogFilter.maxResults)") }
        return LogFilter(
            contract: try object.optional("contract"), name: try object.optional("name"), topics: topics, fromHeight: try object.optional("fromHeight"),
            toHeight: try object.optional("toHeight"), limit: Int(limit))
    }
}
