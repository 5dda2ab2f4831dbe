/// A JSON-RPC 2.0 error object: a code, a message and optional data (docs/node.md, "JSON-RPC").
/// The spec's codes are constants here; the node's own are in the server range −32000…−32099.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// −32700: the body is not JSON.
    public static let parseErrorCode = -32700
    /// −32600: the JSON is not a valid request object (or the batch is empty or too large).
    public static let invalidRequestCode = -32600
    /// −32601: no method of that name.
    public static let methodNotFoundCode = -32601
    /// −32602: the parameters do not fit the method.
    public static let invalidParamsCode = -32602
    /// −32603: the server failed.
    public static let internalErrorCode = -32603
    /// −32001: the request body is larger than the server takes (the HTTP layer answers 413).
    public static let requestTooLargeCode = -32001

    /// The spec's message, with what went wrong as `data` (a string).
    public static func parseError(_ detail: String) -> RPCError { RPCError(code: parseErrorCode, message: "Parse error", data: .string(detail)) }
    public static func invalidRequest(_ detail: String) -> RPCError {
        RPCError(code: invalidRequestCode, message: "Invalid Request", data: .string(detail))
    }
    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: methodNotFoundCode, message: "Method not found", data: .string("no method '\(method)'"))
    }
    public static func invalidParams(_ detail: String) -> RPCError {
        RPCError(code: invalidParamsCode, message: "Invalid params", data: .string(detail))
    }
    public static func internalError(_ detail: String) -> RPCError {
        RPCError(code: internalErrorCode, message: "Internal error", data: .string(detail))
    }
    public static func requestTooLarge(_ detail: String) -> RPCError {
        RPCError(code: requestTooLargeCode, message: "Request too large", data: .string(detail))
    }

    /// The error object.
    public var json: JSONValue {
        var members = [JSONMember("code", .integer(code)), JSONMember("message", .string(message))]
        if let data { members.append(JSONMember("data", data)) }
        return .object(members)
    }

    public var description: String {
        if case .string(let detail) = data { return "\(code) \(message): \(detail)" }
        return "\(code) \(message)"
    }
}
