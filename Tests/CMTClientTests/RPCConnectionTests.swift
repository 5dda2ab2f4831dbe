import CMTClient
import CMTNode
import NIOHTTP1
import Testing

/// The JSON-RPC 2.0 client against a fake server on 127.0.0.1: what it sends, and how every kind
/// of answer maps to a result or a typed error with a stable code.
@Suite("JSON-RPC connection")
struct RPCConnectionTests {
    @Test("a call POSTs a JSON-RPC 2.0 request with the method and positional params, and returns the result")
    func callSendsRequestAndReturnsResult() async throws {
        let server = try await FakeRPCServer.start { request in FakeRPCServer.result(.string("cmt-dev-1"), for: request) }
        let connection = try RPCConnection(url: server.url)
        let result = try await connection.call("cmt_getNonce", .array([.string("cmt1xyz")]))
        try await server.stop()
        #expect(result == .string("cmt-dev-1"))
        let request = try #require(server.requests.first)
        #expect(request["jsonrpc"] == .string("2.0"))
        #expect(request["method"] == .string("cmt_getNonce"))
        #expect(request["params"] == .array([.string("cmt1xyz")]))
        #expect(request["id"] != nil)
    }

    @Test("a JSON-RPC error becomes C003 with the node's code and its data in the message")
    func rpcErrorIsTyped() async throws {
        let server = try await FakeRPCServer.start { request in
            FakeRPCServer.error(-32602, "Invalid params", data: "address: not bech32", for: request)
        }
        let connection = try RPCConnection(url: server.url)
        let error = await #expect(throws: ClientError.self) { try await connection.call("cmt_getBalance", .array([.string("x")])) }
        try await server.stop()
        #expect(error?.code == .rpcError)
        #expect(error?.rpcCode == -32602)
        #expect(error?.message.contains("address: not bech32") == true)
        #expect(error?.description.hasPrefix("error[C003]: node error: cmt_getBalance: Invalid params") == true)
    }

    @Test("a body that is not a JSON-RPC response is C002, whatever the HTTP status")
    func malformedResponsesAreBadResponse() async throws {
        let bodies: [(HTTPResponseStatus, String)] = [
            (.ok, "not json"), (.internalServerError, "<html>oops</html>"), (.ok, #"{"jsonrpc":"1.0","id":1,"result":1}"#),
            (.ok, #"{"jsonrpc":"2.0","id":1}"#), (.ok, #"{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}"#), (.ok, "[1]"),
        ]
        for (status, body) in bodies {
            let server = try await FakeRPCServer.start { _ in (status, body) }
            let connection = try RPCConnection(url: server.url)
            let error = await #expect(throws: ClientError.self) { try await connection.call("cmt_chainId") }
            try await server.stop()
            #expect(error?.code == .badResponse, "\(body)")
        }
    }

    @Test("an error answered with HTTP 413 still reads as the node's JSON-RPC error")
    func errorWithHTTPStatusIsRead() async throws {
        let server = try await FakeRPCServer.start { request in
            (.payloadTooLarge, FakeRPCServer.error(-32001, "Request too large", data: "above 5 MiB", for: request).body)
        }
        let error = await #expect(throws: ClientError.self) { try await RPCConnection(url: server.url).call("cmt_sendRawTransaction") }
        try await server.stop()
        #expect(error?.code == .rpcError)
        #expect(error?.rpcCode == -32001)
    }

    @Test("nothing listening at the URL is C001, at once")
    func noNodeIsUnreachable() async throws {
        // A port that was just free: bind, read it, close.
        let server = try await FakeRPCServer.start { request in FakeRPCServer.result(.null, for: request) }
        let url = server.url
        try await server.stop()
        let error = await #expect(throws: ClientError.self) { try await RPCConnection(url: url).call("cmt_chainId") }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains(url) == true)
    }

    @Test("a URL that is not http(s) with a host is C009")
    func badURLIsRefused() {
        for url in ["", "127.0.0.1:8545", "ftp://x", "http://"] {
            #expect(throws: ClientError(.badInput, "'\(url)' is not an http:// URL with a host")) { try RPCConnection(url: url) }
        }
    }

    @Test("the error's JSON form carries code, name, message and the node's code")
    func errorJSON() {
        let error = ClientError(.rejected, "nonceTooLow: the nonce is 3, the account's is 5", rpcCode: 15)
        #expect(error.json.text == #"{"error":{"code":"C004","name":"transaction rejected","message":"nonceTooLow: the nonce is 3, the account's is 5","rpc_code":15}}"#)
    }
}
