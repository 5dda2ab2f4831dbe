/// Reads a JSON-RPC 2.0 body into requests, with the spec's error behaviour: bytes that are not
/// JSON give one −32700 response (id null); an object that is not a valid request gives −32600
/// (id null unless a valid id could be read); an empty batch is one −32600 response, not an
/// array; each invalid member of a batch gets its own −32600.
public struct RPCRequestDecoder: Sendable {
    /// What a body holds.
    public enum Body: Sendable, Equatable {
        /// One request object: valid, or the error response it gets.
        case single(Result<RPCRequest, RPCFailure>)
        /// A batch: one entry per member, in order.
        case batch([Result<RPCRequest, RPCFailure>])
        /// The body as a whole fails (not JSON, an empty or oversize batch, too large): one response.
        case failure(RPCResponse)
    }

    public let limits: RPCLimits

    public init(limits: RPCLimits = RPCLimits()) { self.limits = limits }

    public func decode(_ body: [UInt8]) -> Body {
        guard body.count <= limits.maxBodyBytes else {
            return .failure(RPCResponse(id: .null, error: .requestTooLarge("the body has \(body.count) bytes; the limit is \(limits.maxBodyBytes)")))
        }
        let json: JSONValue
        do {
            json = try JSONReader(maxDepth: limits.maxDepth).read(body)
        } catch {
            return .failure(RPCResponse(id: .null, error: .parseError(error.description)))
        }
        guard case .array(let items) = json else { return .single(Self.request(json)) }
        guard !items.isEmpty else { return .failure(RPCResponse(id: .null, error: .invalidRequest("an empty batch"))) }
        guard items.count <= limits.maxBatchCount else {
            return .failure(RPCResponse(id: .null, error: .invalidRequest("a batch of \(items.count) requests; the limit is \(limits.maxBatchCount)")))
        }
        return .batch(items.map(Self.request))
    }

    /// One request object, checked against the spec: `jsonrpc` exactly "2.0", `method` a string,
    /// `params` absent or an array or object, `id` absent, a string, a number or null. Other
    /// members are ignored, as geth does.
    public static func request(_ json: JSONValue) -> Result<RPCRequest, RPCFailure> {
        guard case .object = json else {
            return .failure(RPCFailure(id: .null, error: .invalidRequest("a request is an object, not \(article(json.typeName))")))
        }
        var id: RPCID?
        var idProblem: String?
        if let value = json["id"] {
            switch value {
            case .string(let text): id = .string(text)
            case .number(let text): id = .number(text)
            case .null: id = .null
            default: idProblem = "'id' must be a string, a number or null, not \(article(value.typeName))"
            }
        }
        let replyID = id ?? .null
        func invalid(_ detail: String) -> Result<RPCRequest, RPCFailure> { .failure(RPCFailure(id: replyID, error: .invalidRequest(detail))) }
        if let idProblem { return .failure(RPCFailure(id: .null, error: .invalidRequest(idProblem))) }
        guard let version = json["jsonrpc"] else { return invalid("the member 'jsonrpc' is missing") }
        guard version == .string("2.0") else { return invalid("'jsonrpc' must be \"2.0\", not \(version.text)") }
        guard let methodValue = json["method"] else { return invalid("the member 'method' is missing") }
        guard case .string(let method) = methodValue else { return invalid("'method' must be a string, not \(article(methodValue.typeName))") }
        var params: RPCParams?
        if let value = json["params"] {
            switch value {
            case .array(let items): params = .positional(items)
            case .object(let named): params = .named(named)
            default: return invalid("'params' must be an array or an object, not \(article(value.typeName))")
            }
        }
        return .success(RPCRequest(id: id, method: method, params: params))
    }

    static func article(_ word: String) -> String {
        word == "null" ? "null" : (["a", "e", "i", "o", "u"].contains(word.first.map(String.init) ?? "") ? "an " : "a ") + word
    }
}

/// A request object that is not valid: the id to answer with (null when none could be read) and
/// the −32600 error.
public struct RPCFailure: Error, Sendable, Equatable {
    public var id: RPCID
    public var error: RPCError

    public var response: RPCResponse { RPCResponse(id: id, error: error) }
}
