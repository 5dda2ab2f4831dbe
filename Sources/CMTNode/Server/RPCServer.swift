import Hummingbird
import Logging
import NIOCore

/// The node's HTTP server (docs/rpc.md): JSON-RPC 2.0 POSTed to `/` on 127.0.0.1, a request or
/// a batch per body, bodies above the limit refused with HTTP 413 and error −32001 before they
/// are read whole. A body of notifications only gets 204 and no content.
public enum RPCServer {
    /// A Hummingbird application serving `dispatcher` on `host`:`port` (0 for a free port);
    /// `onRunning` gets the port once the server listens; `logger` gets the server's own log
    /// (Hummingbird's default, to standard error, when nil).
    public static func application(
        dispatcher: RPCDispatcher, host: String = "127.0.0.1", port: Int, logger: Logger? = nil,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        let router = Router()
        let limit = dispatcher.decoder.limits.maxBodyBytes
        router.post("/") { request, _ -> Response in
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: limit)
            } catch is NIOTooManyBytesError {
                let error = RPCError.requestTooLarge("the body is larger than \(limit) bytes")
                return json(RPCResponse(id: .null, error: error).json, status: .contentTooLarge)
            }
            guard let answer = await dispatcher.handle(Array(buffer.readableBytesView)) else { return Response(status: .noContent) }
            return json(answer, status: .ok)
        }
        return Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "cmt-node"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.bytes)))
    }
}
