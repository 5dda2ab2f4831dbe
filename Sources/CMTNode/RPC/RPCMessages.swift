/// A request id: a string, a number (its exact text) or null. A request without an id is a
/// notification and gets no response.
public enum RPCID: Sendable, Equatable, Hashable {
    case string(String)
    case number(String)
    case null

    public var json: JSONValue {
        switch self {
        case .string(let text): .string(text)
        case .number(let text): .number(text)
        case .null: .null
        }
    }
}

/// The parameters of a request: by position or by name (the spec's two structured forms).
public enum RPCParams: Sendable, Equatable {
    case positional([JSONValue])
    case named([JSONMember])
}

/// One valid request object.
public struct RPCRequest: Sendable, Equatable {
    /// The id, or nil for a notification.
    public var id: RPCID?
    public var method: String
    /// The parameters, or nil when the request has none.
    public var params: RPCParams?

    public init(id: RPCID?, method: String, params: RPCParams? = nil) {
        self.id = id
        self.method = method
        self.params = params
    }

    /// True for a notification: no id member at all (an id of null is a request).
    public var isNotification: Bool { id == nil }
}

/// One response object: the request's id and a result or an error.
public struct RPCResponse: Sendable, Equatable {
    public var id: RPCID
    public var outcome: Result<JSONValue, RPCError>

    public init(id: RPCID, result: JSONValue) {
        self.id = id
        outcome = .success(result)
    }

    public init(id: RPCID, error: RPCError) {
        self.id = id
        outcome = .failure(error)
    }

    /// `{"jsonrpc":"2.0","result":…,"id":…}` or with `"error"`.
    public var json: JSONValue {
        switch outcome {
        case .success(let result):
            .object([JSONMember("jsonrpc", .string("2.0")), JSONMember("result", result), JSONMember("id", id.json)])
        case .failure(let error):
            .object([JSONMember("jsonrpc", .string("2.0")), JSONMember("error", error.json), JSONMember("id", id.json)])
        }
    }
}

/// The limits of the request decoder (docs/node.md, "JSON-RPC").
public struct RPCLimits: Sendable, Equatable {
    /// The largest body, in bytes (geth's default is 5 MiB).
    public var maxBodyBytes: Int
    /// The most requests in one batch (geth's default is 1,000).
    public var maxBatchCount: Int
    /// The deepest nesting of arrays and objects in a body.
    public var maxDepth: Int

    public init(maxBodyBytes: Int = 5 << 20, maxBatchCount: Int = 1_000, maxDepth: Int = 64) {
        self.maxBodyBytes = maxBodyBytes
        self.maxBatchCount = maxBatchCount
        self.maxDepth = maxDepth
    }
}
