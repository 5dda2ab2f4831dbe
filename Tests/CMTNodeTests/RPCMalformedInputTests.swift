import CMTBytecode
import CMTChain
import Foundation
import Testing

@testable import CMTNode

/// Bad input over HTTP gets the documented error and changes nothing (docs/rpc.md, "Errors").
@Suite("malformed JSON-RPC input and rejected transactions change nothing")
struct RPCMalformedInputTests {
    /// What a request could have changed: the height, two balances, a nonce.
    static func state(_ server: RPCTestServer) async throws -> [JSONValue] {
        [
            try await server.result("cmt_blockNumber"),
            try await server.result("cmt_getBalance", "[\"\(DevAccounts.key(0).address.text)\"]"),
            try await server.result("cmt_getBalance", "[\"\(DevAccounts.key(1).address.text)\"]"),
            try await server.result("cmt_getNonce", "[\"\(DevAccounts.key(0).address.text)\"]"),
        ]
    }

    static func errorCode(_ server: RPCTestServer, body: String) async throws -> JSONValue? {
        let (status, answer) = try await server.post(Array(body.utf8))
        #expect(status == 200)
        return try JSONReader().read(answer)["error"]?["code"]
    }

    @Test("bad JSON, invalid requests, unknown methods and wrong parameter types get -32700, -32600, -32601, -32602")
    func protocolErrors() async throws {
        try await RPCTestServer.with(try NodeFixture.chain()) { server in
            let before = try await Self.state(server)
            let to = DevAccounts.key(1).address.text
            let cases: [(String, String)] = [
                (#"{"jsonrpc":"2.0","id":1,"method":"cmt_sendRawTransaction","params":["0x00"]"#, "-32700"),
                ("not json", "-32700"),
                (#"{"jsonrpc":"1.0","id":1,"method":"cmt_chainId"}"#, "-32600"),
                (#"{"jsonrpc":"2.0","id":1,"method":7}"#, "-32600"),
                (#"{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["0x00"]}"#, "-32601"),
                (#"{"jsonrpc":"2.0","id":1,"method":"cmt_getBalance","params":[12]}"#, "-32602"),
                (#"{"jsonrpc":"2.0","id":1,"method":"cmt_getBalance","params":["cmt1notanaddress"]}"#, "-32602"),
                (#"{"jsonrpc":"2.0","id":1,"method":"cmt_getBalance","params":["\#(to)","\#(to)","x"]}"#, "-32602"),
                (#"{"jsonrpc":"2.0","id":1,"method":"cmt_sendRawTransaction","params":["zz"]}"#, "-32602"),
                (#"{"jsonrpc":"2.0","id":1,"method":"cmt_sendRawTransaction","params":["0xabc"]}"#, "-32602"),
                (#"{"jsonrpc":"2.0","id":1,"method":"cmt_sendRawTransaction","params":{"tx":"0x00"}}"#, "-32602"),
                (#"{"jsonrpc":"2.0","id":1,"method":"cmt_call","params":[{"to":"\#(to)","function":"f","gass":1}]}"#, "-32602"),
                (#"{"jsonrpc":"2.0","id":1,"method":"cmt_getLogs","params":[{"fromHeight":"1","toHeight":"20000"}]}"#, "-32602"),
                (#"{"jsonrpc":"2.0","id":1,"method":"dev_mine","params":[0]}"#, "-32602"),
                (#"{"jsonrpc":"2.0","id":1,"method":"dev_setBalance","params":["\#(to)",5]}"#, "-32602"),
                (#"{"jsonrpc":"2.0","id":1,"method":"cmt_getProof","params":["0x01","99"]}"#, "-32602"),
            ]
            for (body, code) in cases {
                #expect(try await Self.errorCode(server, body: body) == .number(code), "\(body)")
            }
            #expect(try await Self.state(server) == before)
        }
    }

    @Test("a body above the limit is HTTP 413 with -32001, and nothing happens")
    func oversizeBody() async throws {
        try await RPCTestServer.with(try NodeFixture.chain(), limits: RPCLimits(maxBodyBytes: 4_096)) { server in
            let before = try await Self.state(server)
            let tx = try NodeFixture.transfer(0, to: DevAccounts.key(1).address, atto: 1, nonce: 0)
            let padding = String(repeating: " ", count: 5_000)
            let (status, body) = try await server.post(Array(#"{"jsonrpc":"2.0","id":1,"method":"cmt_sendRawTransaction","params":["\#(NodeFixture.hex(tx))"]}\#(padding)"#.utf8))
            #expect(status == 413)
            #expect(try JSONReader().read(body)["error"]?["code"] == .number("-32001"))
            #expect(try await Self.state(server) == before)
        }
    }

    @Test("rejected transactions get their rejection code and change nothing")
    func rejectedTransactions() async throws {
        try await RPCTestServer.with(try NodeFixture.chain()) { server in
            let to = DevAccounts.key(1).address
            let good = try NodeFixture.transfer(0, to: to, atto: 1, nonce: 0)
            _ = try await server.result("cmt_sendRawTransaction", "[\"\(NodeFixture.hex(good))\"]")
            let before = try await Self.state(server)
            var tampered = try NodeFixture.transfer(0, to: to, atto: 2, nonce: 1)
            tampered[tampered.count - 1] ^= 0x01
            let wrongChain = try Transaction(
                chainID: "other-chain", nonce: 1, gasLimit: 21_000, maxFeePerGas: Amount(atto: 2_000_000_000), priorityFeePerGas: .zero,
                expiryHeight: nil, signer: DevAccounts.key(0).publicKey, action: .transfer(to: to, amount: Amount(atto: 1))
            ).signed(by: DevAccounts.key(0))
            let cases: [([UInt8], String, String)] = [
                (good, "15", "nonceTooLow"),  // a replay of a committed transaction
                (tampered, "8", "badSignature"),
                (wrongChain, "5", "wrongChainID"),
                ([0x0A, 0x01], "2", "undecodable"),
                (try NodeFixture.transfer(0, to: to, atto: 1, nonce: 1, maxFee: Amount(atto: 1), priority: .zero), "19", "feeBelowBaseFee"),
                (try NodeFixture.transfer(5, to: to, atto: UInt128(Amount.attoPerCMT) * 2_000_000, nonce: 0), "21", "insufficientFundsForValue"),
                (try NodeFixture.transfer(0, to: to, atto: 1, nonce: 500), "103", "nonceTooFarAhead"),
            ]
            for (tx, code, name) in cases {
                let answer = try await server.request("cmt_sendRawTransaction", "[\"\(NodeFixture.hex(tx))\"]")
                #expect(answer["error"]?["code"] == .number(code), "\(name): \(answer.text)")
                #expect(answer["error"]?["message"] == .string(name))
            }
            #expect(try await Self.state(server) == before)
        }
    }

    @Test("with a block time, a gap queues a transaction until it is filled; a replacement needs 10% more; dev_mine includes them")
    func mempoolOverRPC() async throws {
        try await RPCTestServer.with(try NodeFixture.chain(automine: false)) { server in
            let to = DevAccounts.key(1).address
            let sender = DevAccounts.key(0).address.text
            let later = try NodeFixture.transfer(0, to: to, atto: 2, nonce: 1)
            let laterHash = try await server.result("cmt_sendRawTransaction", "[\"\(NodeFixture.hex(later))\"]")
            #expect(try await server.result("cmt_getNonce", "[\"\(sender)\"]") == .string("0"))
            let first = try NodeFixture.transfer(0, to: to, atto: 1, nonce: 0)
            _ = try await server.result("cmt_sendRawTransaction", "[\"\(NodeFixture.hex(first))\"]")
            #expect(try await server.result("cmt_getNonce", "[\"\(sender)\"]") == .string("2"))
            let cheap = try NodeFixture.transfer(0, to: to, atto: 9, nonce: 0, maxFee: Amount(atto: 2_100_000_000), priority: Amount(atto: 1_050_000_000))
            let refused = try await server.request("cmt_sendRawTransaction", "[\"\(NodeFixture.hex(cheap))\"]")
            #expect(refused["error"]?["code"] == .number("104"))
            let dearer = try NodeFixture.transfer(0, to: to, atto: 3, nonce: 0, maxFee: Amount(atto: 2_200_000_000), priority: Amount(atto: 1_100_000_000))
            let dearerHash = try await server.result("cmt_sendRawTransaction", "[\"\(NodeFixture.hex(dearer))\"]")
            #expect(try await server.result("cmt_blockNumber") == .string("0"))
            #expect(try await server.result("dev_mine") == .string("1"))
            let block = try await server.result("cmt_getBlockByNumber", "[1]")
            #expect(block["transactions"] == .array([dearerHash, laterHash]))
            #expect(try await server.result("cmt_getBalance", "[\"\(to.text)\"]") == .string(String(DevGenesis.accountBalance.atto + 5)))
        }
    }
}
