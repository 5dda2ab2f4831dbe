import CMTBuild
import CMTBundle
import CMTBytecode
import CMTChain
import CMTSource
import CMTVM
import Foundation
import Logging
import Testing

@testable import CMTNode

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A dev chain in process, signed transactions for it, and the Example bundles.
enum NodeFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let genesisTime: Int64 = 1_765_000_000
    static let validator = DevAccounts.key(77)
    static let chainID = DevGenesis.chainID

    /// A new in-memory dev chain.
    static func chain(automine: Bool = true) throws -> DevChain {
        try DevChain(
            options: DevChain.Options(genesis: DevGenesis.genesis(), genesisTime: genesisTime, proposer: validator.address, automine: automine),
            provider: MemoryStorageProvider())
    }

    /// Dev account `index`'s transaction, signed.
    static func transaction(
        _ index: UInt32, nonce: UInt64, action: TxAction, gasLimit: UInt64 = 21_000, maxFee: Amount = Amount(atto: 2_000_000_000),
        priority: Amount = Amount(atto: 1_000_000_000)
    ) throws -> [UInt8] {
        let key = DevAccounts.key(index)
        return try Transaction(
            chainID: chainID, nonce: nonce, gasLimit: gasLimit, maxFeePerGas: maxFee, priorityFeePerGas: priority, expiryHeight: nil,
            signer: key.publicKey, action: action
        ).signed(by: key)
    }

    static func transfer(_ from: UInt32, to: Address, atto: UInt128, nonce: UInt64, maxFee: Amount = Amount(atto: 2_000_000_000),
                         priority: Amount = Amount(atto: 1_000_000_000)) throws -> [UInt8] {
        try transaction(from, nonce: nonce, action: .transfer(to: to, amount: Amount(atto: atto)), maxFee: maxFee, priority: priority)
    }

    /// The bundle of `Examples/<name>`, compiled as `cmtc bundle` does.
    static func exampleBundle(_ name: String) throws -> [UInt8] {
        let sources = SourceManager()
        let path = repository.appendingPathComponent("Examples/\(name)").path
        let result = ProgramCompiler.compile(paths: [path], sources: sources)
        let compiled = try #require(result.compiled, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
        return try BundleWriter.write(compiled, bound: [], withSources: true)
    }

    static func hex(_ bytes: [UInt8]) -> String { "0x" + Hex.encode(bytes) }
}

/// The RPC server in process on 127.0.0.1 and a free port, and a plain HTTP client for it
/// (URLSession).
final class RPCTestServer: Sendable {
    let port: Int
    let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    static func start(_ chain: DevChain, limits: RPCLimits = RPCLimits()) async throws -> RPCTestServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "rpc-test")
        logger.logLevel = .critical  // a cancelled server logs its stop as errors
        let app = RPCServer.application(dispatcher: RPCDispatcher(registry: NodeRPC.registry(chain), limits: limits), port: 0, logger: logger) { port in
            continuation.yield(port)
        }
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return RPCTestServer(port: port, task: task)
    }

    /// Runs `body` against a server over `chain`, and stops the server however `body` ends.
    static func with(_ chain: DevChain, limits: RPCLimits = RPCLimits(), _ body: (RPCTestServer) async throws -> Void) async throws {
        let server = try await start(chain, limits: limits)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/") ?? URL(fileURLWithPath: "/") }

    /// POSTs `body`; the status and the body of the answer.
    func post(_ body: [UInt8], method: String = "POST") async throws -> (status: Int, body: [UInt8]) {
        try await HTTP.post(body, to: url, method: method)
    }

    /// One request; the whole response object.
    func request(_ method: String, _ params: String = "[]") async throws -> JSONValue {
        let (status, body) = try await post(Array(#"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":\#(params)}"#.utf8))
        #expect(status == 200)
        return try JSONReader().read(body)
    }

    /// One request's result; records an issue for an error.
    func result(_ method: String, _ params: String = "[]") async throws -> JSONValue {
        let response = try await request(method, params)
        if let error = response["error"] { Issue.record("\(method) failed: \(error.text)") }
        return try #require(response["result"])
    }
}

/// A plain HTTP client.
enum HTTP {
    static func post(_ body: [UInt8], to url: URL, method: String = "POST") async throws -> (status: Int, body: [UInt8]) {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, Array(data))
    }
}

extension JSONValue {
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
