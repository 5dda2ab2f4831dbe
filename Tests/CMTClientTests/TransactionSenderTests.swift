import CMTBytecode
import CMTChain
import CMTClient
import CMTNode
import Crypto
import Synchronization
import Testing

/// Building, signing, submitting and waiting, against a fake node that answers like docs/rpc.md.
@Suite("Transactions through a fake node")
struct TransactionSenderTests {
    static let chainID = "cmt-dev-1"

    /// A fake node: fixed chain id, gas price 10, nonce 7, estimate 40000; it checks each submitted
    /// transaction with the chain's stateless check and answers its hash; the receipt appears at
    /// the third time it is asked for.
    static func fakeNode(rejectWith rejection: (Int, String)? = nil) async throws -> FakeRPCServer {
        let polls = Mutex(0)
        return try await FakeRPCServer.start { request in
            let method = request["method"].flatMap { if case .string(let m) = $0 { m } else { nil } } ?? ""
            let params: [JSONValue] = if case .array(let items) = request["params"] { items } else { [] }
            switch method {
            case "cmt_chainId": return FakeRPCServer.result(.string(chainID), for: request)
            case "cmt_gasPrice": return FakeRPCServer.result(.string("10"), for: request)
            case "cmt_getNonce": return FakeRPCServer.result(.string("7"), for: request)
            case "cmt_estimateGas": return FakeRPCServer.result(.string("40000"), for: request)
            case "cmt_sendRawTransaction":
                if let (code, name) = rejection { return FakeRPCServer.error(code, name, data: "refused by the fake", for: request) }
                guard case .string(let text) = params.first, let bytes = Hex.decode(text.dropFirst(2)),
                    let checked = try? StatelessCheck(chainID: chainID).check(bytes)
                else { return FakeRPCServer.error(8, "badSignature", data: "does not check", for: request) }
                return FakeRPCServer.result(.string("0x" + Hex.encode(checked.hash)), for: request)
            case "cmt_getTransactionReceipt":
                let count = polls.withLock { value in
                    value += 1
                    return value
                }
                guard count >= 3, let hash = params.first else { return FakeRPCServer.result(.null, for: request) }
                return FakeRPCServer.result(receipt(hash: hash), for: request)
            default:
                return FakeRPCServer.error(-32601, "Method not found", data: method, for: request)
            }
        }
    }

    static func receipt(hash: JSONValue) -> JSONValue {
        .object([
            JSONMember("transactionHash", hash), JSONMember("blockHeight", .string("2")), JSONMember("transactionIndex", .integer(0)),
            JSONMember("status", .string("success")), JSONMember("statusCode", .integer(0)), JSONMember("rejectionCode", .null),
            JSONMember("gasUsed", .string("21000")), JSONMember("fee", .string("210000")), JSONMember("contractAddress", .null),
            JSONMember("returnValue", .string("0x")), JSONMember("returnJSON", .null), JSONMember("reason", .string("")), JSONMember("location", .null),
            JSONMember("events", .array([])),
        ])
    }

    @Test("a transfer is signed for the node's chain with its nonce, the estimate plus a quarter and twice the gas price, and waited for")
    func transferIsBuiltSignedAndIncluded() async throws {
        let server = try await Self.fakeNode()
        let session = try await ClientSession.connect(url: server.url)
        let key = DevAccounts.key(0)
        let to = DevAccounts.key(1).address
        let seen = Mutex<[String]>([])
        let receipt = try await session.execute(.transfer(to: to, amount: Amount(atto: 5)), key: key, submitted: { sent in seen.withLock { $0.append(sent.hash) } })
        try await server.stop()

        let submitted = try #require(server.requests.first { $0["method"] == .string("cmt_sendRawTransaction") })
        guard case .array(let params) = submitted["params"], case .string(let hex) = params.first else { Issue.record("no transaction"); return }
        let bytes = try #require(Hex.decode(hex.dropFirst(2)))
        let checked = try StatelessCheck(chainID: Self.chainID).check(bytes)
        #expect(checked.transaction.nonce == 7)
        #expect(checked.transaction.gasLimit == 50_000)
        #expect(checked.transaction.maxFeePerGas == Amount(atto: 20))
        #expect(checked.transaction.priorityFeePerGas == .zero)
        #expect(checked.transaction.signer == key.publicKey)
        #expect(checked.transaction.action == .transfer(to: to, amount: Amount(atto: 5)))
        #expect(receipt.transactionHash == "0x" + Hex.encode(Array(SHA256.hash(data: bytes))))
        #expect(seen.withLock { $0 } == [receipt.transactionHash])
        #expect(receipt.succeeded && receipt.blockHeight == 2 && receipt.gasUsed == 21000 && receipt.fee == Amount(atto: 210_000))

        let estimate = try #require(server.requests.first { $0["method"] == .string("cmt_estimateGas") })
        #expect(estimate["params"] == .array([.object([
            JSONMember("from", .string(key.address.text)), JSONMember("to", .string(to.text)), JSONMember("value", .string("5")),
        ])]))
    }

    @Test("a given gas limit is used as it is, without an estimate")
    func givenGasLimitSkipsEstimate() async throws {
        let server = try await Self.fakeNode()
        let session = try await ClientSession.connect(url: server.url)
        _ = try await session.execute(.transfer(to: DevAccounts.key(1).address, amount: .zero), key: DevAccounts.key(0), gasLimit: 21_000)
        try await server.stop()
        #expect(!server.requests.contains { $0["method"] == .string("cmt_estimateGas") })
    }

    @Test("a transaction the node refuses is C004 with the rejection code")
    func rejectionIsTyped() async throws {
        let server = try await Self.fakeNode(rejectWith: (102, "nonceTooLow"))
        let session = try await ClientSession.connect(url: server.url)
        let error = await #expect(throws: ClientError.self) {
            try await session.execute(.transfer(to: DevAccounts.key(1).address, amount: .zero), key: DevAccounts.key(0))
        }
        try await server.stop()
        #expect(error?.code == .rejected)
        #expect(error?.rpcCode == 102)
        #expect(error?.message == "nonceTooLow: refused by the fake (JSON-RPC error 102)")
    }

    @Test("waiting ends with C005 when the receipt does not appear in time")
    func waitingTimesOut() async throws {
        let server = try await FakeRPCServer.start { request in FakeRPCServer.result(.null, for: request) }
        let node = NodeClient(connection: try RPCConnection(url: server.url))
        let hash = "0x" + String(repeating: "ab", count: 32)
        let error = await #expect(throws: ClientError.self) { try await InclusionWaiter(node: node, timeout: .milliseconds(200)).receipt(of: hash) }
        try await server.stop()
        #expect(error?.code == .notIncluded)
        // How often it polled within 200 ms depends on the machine's load: at least once.
        #expect(server.requests.count >= 1)
    }

    @Test("an estimate the node says would fail is C011 before anything is signed")
    func failingEstimateStops() async throws {
        let server = try await FakeRPCServer.start { request in
            if request["method"] == .string("cmt_estimateGas") {
                return FakeRPCServer.error(-32010, "Execution failed", data: "reverted: only the owner withdraws an offer", for: request)
            }
            return FakeRPCServer.result(.string("cmt-dev-1"), for: request)
        }
        let session = try await ClientSession.connect(url: server.url)
        let error = await #expect(throws: ClientError.self) {
            try await session.execute(.call(contract: DevAccounts.key(3).address, function: "withdraw", arguments: [], value: .zero), key: DevAccounts.key(0))
        }
        try await server.stop()
        #expect(error?.code == .failedReceipt)
        #expect(error?.message.contains("only the owner withdraws an offer") == true)
        #expect(!server.requests.contains { $0["method"] == .string("cmt_sendRawTransaction") })
    }
}
