import CMTBytecode
import CMTChain
import CMTFuzzKit
import CMTNode
import Foundation

/// What the `fuzz-rpc` harness runs on each input (docs/fuzzing.md): the JSON-RPC request decoder
/// on the bytes as a request body, the typed parameter readers on every valid request, and two
/// checks that turn a wrong answer into a crash the fuzzer reports: every response (and every
/// value the reader accepted) written as JSON must read back as the same value, and a response is
/// due exactly when the spec says so.
public enum RPCTarget {
    /// The decoder's limits in the harness (smaller than the node's so inputs stay fast).
    public static let limits = RPCLimits(maxBodyBytes: 65_536, maxBatchCount: 100, maxDepth: 64)

    /// Parameter names every request is matched against, read as each typed parameter kind.
    static let names = ["address", "amount", "height", "flag", "text", "list", "any"]

    /// Decodes `bytes` and checks the answers. - Returns: how many responses are due.
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> Int {
        let decoder = RPCRequestDecoder(limits: limits)
        if let json = try? JSONReader(maxDepth: limits.maxDepth).read(bytes) { checkRoundTrip(json) }
        switch decoder.decode(bytes) {
        case .failure(let response):
            checkRoundTrip(response.json)
            return 1
        case .single(let request):
            return answer(request) ? 1 : 0
        case .batch(let requests):
            guard !requests.isEmpty, requests.count <= limits.maxBatchCount else { preconditionFailure("a batch outside the limits was decoded") }
            return requests.reduce(0) { $0 + (answer($1) ? 1 : 0) }
        }
    }

    /// Reads the request's parameters every typed way; true when a response is due.
    static func answer(_ decoded: Result<RPCRequest, RPCFailure>) -> Bool {
        switch decoded {
        case .failure(let failure):
            guard failure.error.code == RPCError.invalidRequestCode else { preconditionFailure("an invalid request answered with \(failure.error.code)") }
            checkRoundTrip(failure.response.json)
            return true
        case .success(let request):
            var results: [JSONValue] = []
            if let arguments = try? RPCArguments(request.params, names: names) {
                results.append(read(arguments, "address", as: Address.self) { .string($0.text) })
                results.append(read(arguments, "amount", as: Amount.self) { .string(String($0.atto)) })
                results.append(read(arguments, "height", as: UInt64.self) { .integer($0) })
                results.append(read(arguments, "flag", as: Bool.self) { .bool($0) })
                results.append(read(arguments, "text", as: String.self) { .string($0) })
                results.append(read(arguments, "list", as: [String].self) { .array($0.map(JSONValue.string)) })
                results.append(read(arguments, "any", as: JSONValue.self) { $0 })
            }
            guard let id = request.id else { return false }
            checkRoundTrip(RPCResponse(id: id, result: .array(results)).json)
            checkRoundTrip(RPCResponse(id: id, error: .methodNotFound(request.method)).json)
            return true
        }
    }

    static func read<T: RPCParameterValue>(_ arguments: RPCArguments, _ name: String, as type: T.Type, _ json: (T) -> JSONValue) -> JSONValue {
        do {
            return try arguments.optional(name, as: type).map(json) ?? .null
        } catch {
            return error.json
        }
    }

    /// The writer's text of `json` must read back as `json`.
    static func checkRoundTrip(_ json: JSONValue) {
        guard let again = try? JSONReader(maxDepth: limits.maxDepth + 4).read(json.bytes), again == json else {
            preconditionFailure("written JSON does not read back: \(json.text)")
        }
    }

    /// JSON-RPC tokens and nesting openers for ``SourceMutator``.
    public static let grammar = MutationGrammar(
        dictionary: [
            "\"jsonrpc\"", "\"2.0\"", "\"method\"", "\"params\"", "\"id\"", "null", "true", "false", "[]", "{}", ":", ",", "\"\\u0000\"",
            "\"\\ud83d\\ude00\"", "\"\\ud800\"", "-0.5e+10", "1e999", "340282366920938463463374607431768211456", "\"cmt1\"", "\"0\"", "\"007\"",
            "\"address\"", "\"amount\"", "\"height\"", "\"flag\"", "\"text\"", "\"list\"", "\"any\"", "\"cmt_sendRawTransaction\"",
        ],
        openers: [("[", "]"), ("{\"a\":", "}"), ("[{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":", ",\"id\":1}]"), ("\"", "\"")]
    )

    /// Writes ``seeds`` to `directory`, one file each.
    public static func writeSeeds(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (index, seed) in seeds.enumerated() {
            try Data(seed.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent("seed-\(index).json"))
        }
    }

    /// Seed bodies: requests, notifications and batches of every shape.
    public static let seeds: [String] = [
        #"{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"#,
        #"{"jsonrpc":"2.0","method":"subtract","params":{"subtrahend":23,"minuend":42},"id":3}"#,
        #"{"jsonrpc":"2.0","method":"update","params":[1,2,3,4,5]}"#,
        #"{"jsonrpc":"2.0","method":"foobar","id":"1"}"#,
        #"[{"jsonrpc":"2.0","method":"sum","params":[1,2,4],"id":"1"},{"jsonrpc":"2.0","method":"notify_hello","params":[7]},{"foo":"boo"}]"#,
        #"[]"#, #"[1,2,3]"#,
        #"{"jsonrpc":"2.0","method":"m","params":{"address":"cmt1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq","amount":"1000","height":"12","flag":true,"text":"é\n","list":["a"],"any":{"x":[null]}},"id":null}"#,
        #"{"jsonrpc":"2.0","method":"m","params":["cmt1abc","0",7,false,"t",[],-1.5e3],"id":-0}"#,
    ]
}
