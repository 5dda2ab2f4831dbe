/// A body in, the response body out (nil when nothing is answered): decodes with
/// ``RPCRequestDecoder``, runs each request through the ``RPCMethodRegistry`` in order, and
/// answers as the spec says: notifications get no response (even when they fail), a batch gets
/// an array of the responses of its non-notifications, or nothing when there are none.
public struct RPCDispatcher: Sendable {
    public let registry: RPCMethodRegistry
    public let decoder: RPCRequestDecoder

    public init(registry: RPCMethodRegistry, limits: RPCLimits = RPCLimits()) {
        self.registry = registry
        decoder = RPCRequestDecoder(limits: limits)
    }

    /// The response to `body`, or nil when none is due.
    public func handle(_ body: [UInt8]) async -> JSONValue? {
        switch decoder.decode(body) {
        case .failure(let response):
            return response.json
        case .single(let request):
            return await answer(request)?.json
        case .batch(let requests):
            var responses: [JSONValue] = []
            for request in requests {
                if let response = await answer(request) { responses.append(response.json) }
            }
            return responses.isEmpty ? nil : .array(responses)
        }
    }

    private func answer(_ decoded: Result<RPCRequest, RPCFailure>) async -> RPCResponse? {
        switch decoded {
        case .failure(let failure):
            return failure.response
        case .success(let request):
            let outcome = await registry.call(request)
            guard let id = request.id else { return nil }
            switch outcome {
            case .success(let result): return RPCResponse(id: id, result: result)
            case .failure(let error): return RPCResponse(id: id, error: error)
            }
        }
    }
}
