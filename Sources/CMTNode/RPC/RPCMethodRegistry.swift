/// The methods a server answers, by name, each with its parameter names (positional order) and
/// a handler that reads typed parameters through ``RPCArguments``.
public struct RPCMethodRegistry: Sendable {
    /// A method's implementation: its arguments in, a result or an ``RPCError`` out.
    public typealias Handler = @Sendable (RPCArguments) async throws(RPCError) -> JSONValue

    struct Method: Sendable {
        let parameters: [String]
        let handler: Handler
    }

    private var methods: [String: Method] = [:]

    public init() {}

    /// Adds (or replaces) method `name` taking `parameters`.
    public mutating func register(_ name: String, parameters: [String] = [], handler: @escaping Handler) {
        methods[name] = Method(parameters: parameters, handler: handler)
    }

    /// The registered method names, sorted.
    public var names: [String] { methods.keys.sorted() }

    /// Runs one request: −32601 for an unknown method, −32602 for parameters that do not fit.
    public func call(_ request: RPCRequest) async -> Result<JSONValue, RPCError> {
        guard let method = methods[request.method] else { return .failure(.methodNotFound(request.method)) }
        do {
            let arguments = try RPCArguments(request.params, names: method.parameters)
            return .success(try await method.handler(arguments))
        } catch {
            return .failure(error)
        }
    }
}
