import CMTBytecode
import CMTChain
import CMTClient
import CMTNode
import CMTVM
import Testing

/// A read-only call through the session: the ABI from `cmt_getContract`, the call object sent to
/// `cmt_call`, the result read back. (Swift 6.3 miscompiled the async typed-throws function that
/// returned the result as a struct: the task resumed at a null address; this test crashed then.)
@Suite("Read-only calls through a session")
struct SessionCallTests {
    @Test("a call reads the ABI, sends the typed arguments and the sender, and returns the decoded result")
    func callReturnsResult() async throws {
        let abi = try JSONReader().read(Array(ContractInterfaceTests.abiText.utf8))
        let contract = DevAccounts.key(3).address
        let caller = DevAccounts.key(4).address
        let server = try await FakeRPCServer.start { request in
            switch request["method"] {
            case .string("cmt_chainId"): return FakeRPCServer.result(.string("cmt-dev-1"), for: request)
            case .string("cmt_getContract"):
                return FakeRPCServer.result(.object([JSONMember("address", .string(contract.text)), JSONMember("abi", abi)]), for: request)
            default:
                return FakeRPCServer.result(.object([
                    JSONMember("status", .string("reverted")), JSONMember("statusCode", .integer(1)), JSONMember("gasUsed", .string("308")),
                    JSONMember("returnJSON", .null), JSONMember("reason", .string("no offer O000001")),
                    JSONMember("location", .object([JSONMember("file", .string("src/market.cmt")), JSONMember("line", .integer(248)), JSONMember("column", .integer(13))])),
                    JSONMember("events", .array([])),
                ]), for: request)
            }
        }
        let session = try await ClientSession.connect(url: server.url)
        let result = try await session.call(contract: contract, function: "creditScore", arguments: [caller.text], from: caller, value: .zero)
        try await server.stop()
        #expect(!result.succeeded)
        #expect(result.gasUsed == 308)
        #expect(result.location == "src/market.cmt:248:13")
        let error = #expect(throws: ClientError.self) { try ReceiptText.value(result) }
        #expect(error?.description == "error[C011]: transaction failed: the call reverted: no offer O000001 at src/market.cmt:248:13")
        let sent = try #require(server.requests.first { $0["method"] == .string("cmt_call") })
        #expect(sent["params"] == .array([.object([
            JSONMember("to", .string(contract.text)), JSONMember("function", .string("creditScore")),
            JSONMember("args", .string("0x" + Hex.encode(ValueCodec.encode(.array([.address(caller)]))))), JSONMember("from", .string(caller.text)),
        ])]))
    }
}
