import CMTNode
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A JSON-RPC server for tests, on 127.0.0.1 and a free port: each POSTed body goes to `answer`,
/// which returns the HTTP status and body to send back. It records every request body it gets.
final class FakeRPCServer: Sendable {
    typealias Answer = @Sendable (_ request: JSONValue) -> (status: HTTPResponseStatus, body: String)

    let channel: any Channel
    let group: MultiThreadedEventLoopGroup
    private let received = Mutex<[JSONValue]>([])

    var url: String { "http://127.0.0.1:\(channel.localAddress?.port ?? 0)" }
    var requests: [JSONValue] { received.withLock { $0 } }

    /// Starts the server; `answer` sees each request parsed (a body that is not JSON arrives as a string).
    static func start(_ answer: @escaping Answer) async throws -> FakeRPCServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let box = ServerBox()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(answer: answer, record: { box.server?.record($0) }))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = FakeRPCServer(channel: channel, group: group)
        box.server = server
        return server
    }

    private init(channel: any Channel, group: MultiThreadedEventLoopGroup) {
        self.channel = channel
        self.group = group
    }

    private func record(_ request: JSONValue) { received.withLock { $0.append(request) } }

    func stop() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }

    /// A JSON-RPC result response to `request`.
    static func result(_ value: JSONValue, for request: JSONValue) -> (status: HTTPResponseStatus, body: String) {
        (.ok, JSONValue.object([JSONMember("jsonrpc", .string("2.0")), JSONMember("id", request["id"] ?? .null), JSONMember("result", value)]).text)
    }

    /// A JSON-RPC error response to `request`.
    static func error(_ code: Int, _ message: String, data: String, for request: JSONValue) -> (status: HTTPResponseStatus, body: String) {
        let error = JSONValue.object([JSONMember("code", .integer(code)), JSONMember("message", .string(message)), JSONMember("data", .string(data))])
        return (.ok, JSONValue.object([JSONMember("jsonrpc", .string("2.0")), JSONMember("id", request["id"] ?? .null), JSONMember("error", error)]).text)
    }

    private final class ServerBox: @unchecked Sendable {
        // Set once, before any request can arrive at the bound channel's children.
        var server: FakeRPCServer?
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let answer: Answer
        let record: @Sendable (JSONValue) -> Void
        var body: [UInt8] = []

        init(answer: @escaping Answer, record: @escaping @Sendable (JSONValue) -> Void) {
            self.answer = answer
            self.record = record
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head:
                body = []
            case .body(var buffer):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                let request = (try? JSONReader().read(body)) ?? .string(String(decoding: body, as: UTF8.self))
                record(request)
                let (status, text) = answer(request)
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/json")
                headers.add(name: "Content-Length", value: String(text.utf8.count))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
