import AsyncHTTPClient
import CMTNode
import Foundation
import NIOCore

/// One node's JSON-RPC 2.0 endpoint: each ``call(_:_:)`` POSTs a request to the node's URL (as
/// geth and anvil take it) over async-http-client and returns the result, or throws a
/// ``ClientError`` with a stable code: ``ClientError/Code/unreachable`` when nothing answers,
/// ``ClientError/Code/rpcError`` for the node's JSON-RPC error, ``ClientError/Code/badResponse``
/// for anything that is not a JSON-RPC response.
public struct RPCConnection: Sendable {
    /// The URL requests go to (`http://127.0.0.1:8545`).
    public let url: String
    /// How long one request may take, connecting included.
    public var timeout: Duration
    /// The largest response body read (a larger one is a ``ClientError/Code/badResponse``).
    public var maxResponseBytes: Int

    /// The default URL of a local node.
    public static let defaultURL = "http://127.0.0.1:8545"

    /// A connection to `url`, which must be `http://` or `https://` with a host.
    public init(url: String = RPCConnection.defaultURL, timeout: Duration = .seconds(30), maxResponseBytes: Int = 64 << 20) throws(ClientError) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = parsed.host, !host.isEmpty
        else {
            throw ClientError(.badInput, "'\(url)' is not an http:// URL with a host")
        }
        self.url = url
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// The HTTP client every connection shares. A node that is not listening fails the request at
    /// once: connection establishment is not retried (the default would retry until the timeout).
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Calls `method` with `params` (a JSON array of positional parameters, or an object of named
    /// ones) and returns its result.
    public func call(_ method: String, _ params: JSONValue = .array([])) async throws(ClientError) -> JSONValue {
        let request = JSONValue.object([
            JSONMember("jsonrpc", .string("2.0")), JSONMember("id", .integer(1)), JSONMember("method", .string(method)), JSONMember("params", params),
        ])
        let (status, body) = try await post(request.bytes)
        return try Self.result(of: body, status: status, method: method)
    }

    /// Sends the bytes and returns the HTTP status and the response body.
    private func post(_ body: [UInt8]) async throws(ClientError) -> (UInt, [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await Self.client.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                + timeout.components.attoseconds / 1_000_000_000))
        } catch {
            throw ClientError(.unreachable, "no node answers at \(url) (\(Self.describe(error))); start one with `cmt-node dev` or give --rpc URL")
        }
        do {
            var buffer = try await response.body.collect(upTo: maxResponseBytes)
            return (response.status.code, buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch {
            throw ClientError(.badResponse, "reading the response from \(url) failed: \(Self.describe(error))")
        }
    }

    /// The result of a JSON-RPC response body, or the error it carries.
    static func result(of body: [UInt8], status: UInt, method: String) throws(ClientError) -> JSONValue {
        let response: JSONValue
        do {
            response = try JSONReader().read(body)
        } catch {
            let preview = String(decoding: body.prefix(200), as: UTF8.self)
            throw ClientError(.badResponse, "\(method): HTTP \(status), not a JSON-RPC response (\(error)): \(preview)")
        }
        guard case .object = response, response["jsonrpc"] == .string("2.0") else {
            throw ClientError(.badResponse, "\(method): HTTP \(status), the response is not a JSON-RPC 2.0 object")
        }
        if let error = response["error"] {
            guard case .number(let codeText) = error["code"], let code = Int(codeText), case .string(let message) = error["message"] else {
                throw ClientError(.badResponse, "\(method): an error object without an integer code and a message")
            }
            var detail = message
            if let data = error["data"] {
                if case .string(let text) = data { detail += ": " + text } else if data != .null { detail += ": " + data.text }
            }
            throw ClientError(.rpcError, "\(method): \(detail) (JSON-RPC error \(code))", rpcCode: code)
        }
        guard let result = response["result"] else {
            throw ClientError(.badResponse, "\(method): HTTP \(status), a response with neither result nor error")
        }
        return result
    }

    /// An error's text without the type dump of `String(describing:)` where a shorter one exists.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return error.description }
        return String(describing: error)
    }
}
