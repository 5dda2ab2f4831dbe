import CMTBytecode
import CMTChain
import CMTVM
import Foundation
import Testing

@testable import CMTNode

/// The dev node driven over HTTP as a DApp would: the JSON-RPC server in process on a free port,
/// transactions signed with the chain's signing code, a plain HTTP client.
@Suite("JSON-RPC over HTTP against the dev chain")
struct RPCNodeTests {
    static let oneCMT = Amount.attoPerCMT

    @Test("a signed transfer is pooled, mined at once, and shows in its receipt, the balances, the nonce and its block")
    func transferEndToEnd() async throws {
        try await RPCTestServer.with(try NodeFixture.chain()) { server in
            let to = DevAccounts.key(1).address
            let tx = try NodeFixture.transfer(0, to: to, atto: 3 * Self.oneCMT, nonce: 0)
            let hash = try await server.result("cmt_sendRawTransaction", "[\"\(NodeFixture.hex(tx))\"]")
            #expect(hash.stringValue == NodeFixture.hex(ContentHash.sha256(tx)))
            let receipt = try await server.result("cmt_getTransactionReceipt", "[\(hash.text)]")
            #expect(receipt["status"] == .string("success"))
            #expect(receipt["blockHeight"] == .string("1"))
            #expect(receipt["gasUsed"] == .string("21000"))
            #expect(receipt["from"] == .string(DevAccounts.key(0).address.text))
            #expect(try await server.result("cmt_blockNumber") == .string("1"))
            #expect(try await server.result("cmt_getNonce", "[\"\(DevAccounts.key(0).address.text)\"]") == .string("1"))
            let balance = try await server.result("cmt_getBalance", "[\"\(to.text)\"]")
            #expect(balance == .string(String(DevGenesis.accountBalance.atto + 3 * Self.oneCMT)))
            // The balance before the block, at height 0 (genesis).
            #expect(try await server.result("cmt_getBalance", "[\"\(to.text)\", 0]") == .string(String(DevGenesis.accountBalance.atto)))
            let block = try await server.result("cmt_getBlockByNumber", "[\"latest\"]")
            #expect(block["transactions"] == .array([hash]))
            #expect(block["proposer"] == .string(NodeFixture.validator.address.text))
            let byHash = try await server.result("cmt_getBlockByHash", "[\(try #require(block["hash"]).text), true]")
            #expect(byHash["height"] == .string("1"))
            #expect(byHash["transactions"]?.arrayItems.first?["status"] == .string("success"))
            #expect(try await server.result("cmt_getBlockByNumber", "[\"7\"]") == .null)
            #expect(try await server.result("cmt_getTransactionReceipt", "[\"0x\(String(repeating: "ab", count: 32))\"]") == .null)
        }
    }

    @Test("an Example bundle deploys through a signed transaction; calls, events, logs, read-only calls and estimates work")
    func deployCallAndLogs() async throws {
        try await RPCTestServer.with(try NodeFixture.chain()) { server in
            let deployer = DevAccounts.key(0).address
            let bundle = try NodeFixture.exampleBundle("invoices")
            let estimate = try await server.result(
                "cmt_estimateGas", "[{\"from\":\"\(deployer.text)\",\"bundle\":\"\(NodeFixture.hex(bundle))\"}]")
            let deployGas = try #require(UInt64(estimate.stringValue ?? ""))
            let deploy = try NodeFixture.transaction(
                0, nonce: 0, action: .deploy(bundle: bundle, constructorArguments: [], parameters: [], value: .zero), gasLimit: deployGas)
            let deployHash = try await server.result("cmt_sendRawTransaction", "[\"\(NodeFixture.hex(deploy))\"]")
            let deployed = try await server.result("cmt_getTransactionReceipt", "[\(deployHash.text)]")
            #expect(deployed["status"] == .string("success"), "\(deployed.text)")
            let contract = Address.contract(deployer: deployer, nonce: 0)
            #expect(deployed["contractAddress"] == .string(contract.text))
            // The estimate covered the deploy: the receipt used at most what it said.
            #expect((UInt64(deployed["gasUsed"]?.stringValue ?? "") ?? .max) <= deployGas)

            let info = try await server.result("cmt_getContract", "[\"\(contract.text)\"]")
            #expect(info["name"] == .string("Invoices"))
            #expect(info["abi"]?["format"] == .string("cmt-abi/1"))
            #expect(info["deployer"] == .string(deployer.text))

            let arguments = ValueCodec.encode(.array([.number(Decimal18(100)), .number(Decimal18(5))]))
            let issue = try NodeFixture.transaction(
                0, nonce: 1, action: .call(contract: contract, function: "issue", arguments: arguments, value: .zero), gasLimit: 2_000_000)
            let issueHash = try await server.result("cmt_sendRawTransaction", "[\"\(NodeFixture.hex(issue))\"]")
            let issued = try await server.result("cmt_getTransactionReceipt", "[\(issueHash.text)]")
            #expect(issued["status"] == .string("success"), "\(issued.text)")
            #expect(issued["returnJSON"] == .string("1"))
            #expect(issued["events"]?.arrayItems.first?["name"] == .string("Issued"))

            let logs = try await server.result("cmt_getLogs", "[{\"name\":\"Issued\",\"contract\":\"\(contract.text)\"}]")
            #expect(logs.arrayItems.count == 1)
            #expect(logs.arrayItems.first?["transactionHash"] == issueHash)
            #expect(try await server.result("cmt_getLogs", "[{\"name\":\"Paid\"}]") == .array([]))
            #expect(try await server.result("cmt_getLogs", "[{\"fromHeight\":\"3\"}]") == .array([]))

            // Read-only calls change nothing: a call of issue (JSON arguments) answers 2, yet the
            // summary still shows one invoice of 100 and the height is unchanged.
            let height = try await server.result("cmt_blockNumber")
            let dry = try await server.result("cmt_call", "[{\"to\":\"\(contract.text)\",\"function\":\"issue\",\"args\":[\"5\",0],\"from\":\"\(deployer.text)\"}]")
            #expect(dry["status"] == .string("success"), "\(dry.text)")
            #expect(dry["returnJSON"] == .string("2"))
            #expect(dry["events"]?.arrayItems.count == 1)
            let summary = try await server.result("cmt_call", "[{\"to\":\"\(contract.text)\",\"function\":\"summary\"}]")
            #expect(summary["returnJSON"] == .string("open 100, overdue []"))
            #expect(try await server.result("cmt_blockNumber") == height)
            // A revert is a result with its reason, not an error.
            let reverted = try await server.result("cmt_call", "[{\"to\":\"\(contract.text)\",\"function\":\"pay\",\"args\":[\"1\"]}]")
            #expect(reverted["status"] == .string("reverted"))
            #expect(reverted["reason"]?.stringValue?.contains("only the owner") == true)
            // An estimate of a call that reverts is error -32010.
            let failing = try await server.request("cmt_estimateGas", "[{\"from\":\"\(DevAccounts.key(3).address.text)\",\"to\":\"\(contract.text)\",\"function\":\"pay\",\"args\":[\"1\"]}]")
            #expect(failing["error"]?["code"] == .number("-32010"))
            let callGas = try await server.result("cmt_estimateGas", "[{\"from\":\"\(deployer.text)\",\"to\":\"\(contract.text)\",\"function\":\"issue\",\"args\":[\"5\",0]}]")
            #expect((UInt64(callGas.stringValue ?? "") ?? 0) > 21_000)
        }
    }

    @Test("dev_snapshot and dev_revert undo blocks; dev_setBalance raises and lowers; dev_mine and dev_advanceTime make blocks")
    func devMethods() async throws {
        try await RPCTestServer.with(try NodeFixture.chain()) { server in
            let one = DevAccounts.key(1).address.text
            let snapshot = try await server.result("dev_snapshot")
            #expect(snapshot == .string("0x1"))
            _ = try await server.result("cmt_sendRawTransaction", "[\"\(NodeFixture.hex(try NodeFixture.transfer(0, to: DevAccounts.key(1).address, atto: 5, nonce: 0)))\"]")
            #expect(try await server.result("cmt_blockNumber") == .string("1"))
            #expect(try await server.result("dev_revert", "[\"0x1\"]") == .bool(true))
            #expect(try await server.result("cmt_blockNumber") == .string("0"))
            #expect(try await server.result("cmt_getBalance", "[\"\(one)\"]") == .string(String(DevGenesis.accountBalance.atto)))
            #expect(try await server.result("cmt_getNonce", "[\"\(DevAccounts.key(0).address.text)\"]") == .string("0"))
            // The snapshot is used up.
            #expect(try await server.request("dev_revert", "[\"0x1\"]")["error"]?["code"] == .number("-32602"))

            let raised = try await server.result("dev_setBalance", "[\"\(one)\", \"5000000000000000000000000\"]")
            #expect(raised["balance"] == .string("5000000000000000000000000"))
            #expect(try await server.result("cmt_getBalance", "[\"\(one)\"]") == .string("5000000000000000000000000"))
            let lowered = try await server.result("dev_setBalance", "[\"\(one)\", \"7\"]")
            #expect(lowered["balance"] == .string("7"))
            let stranger = Address.named("stranger").text
            let up = try await server.result("dev_setBalance", "[\"\(stranger)\", \"9\"]")
            #expect(up["balance"] == .string("9"))
            #expect(try await server.request("dev_setBalance", "[\"\(stranger)\", \"1\"]")["error"]?["code"] == .number("-32602"))

            let before = try #require(UInt64(try await server.result("cmt_blockNumber").stringValue ?? ""))
            #expect(try await server.result("dev_mine", "[3]") == .string(String(before + 3)))
            let latest = try await server.result("cmt_getBlockByNumber", "[\"latest\"]")
                let timeBefore = try #require(Int64(latest["time"]?.stringValue ?? ""))
            let advanced = try await server.result("dev_advanceTime", "[3600]")
            #expect((Int64(advanced["time"]?.stringValue ?? "") ?? 0) >= timeBefore + 3600)
        }
    }

    @Test("a process instance a contract started shows its definition, tokens and state; an unknown one is null")
    func processInstance() async throws {
        try await RPCTestServer.with(try NodeFixture.chain()) { server in
            let deploy = try NodeFixture.transaction(
                2, nonce: 0, action: .deploy(bundle: try NodeFixture.exampleBundle("purchase"), constructorArguments: [], parameters: [], value: .zero),
                gasLimit: 5_000_000)
            _ = try await server.result("cmt_sendRawTransaction", "[\"\(NodeFixture.hex(deploy))\"]")
            let contract = Address.contract(deployer: DevAccounts.key(2).address, nonce: 0)
            let advance = try NodeFixture.transaction(
                2, nonce: 1, action: .call(contract: contract, function: "decline", arguments: [], value: .zero), gasLimit: 3_000_000)
            let hash = try await server.result("cmt_sendRawTransaction", "[\"\(NodeFixture.hex(advance))\"]")
            let receipt = try await server.result("cmt_getTransactionReceipt", "[\(hash.text)]")
            #expect(receipt["status"] == .string("success"), "\(receipt.text)")
            let instance = try await server.result("cmt_getProcessInstance", "[\"\(contract.text)\", \"1\"]")
            #expect(instance["id"] == .string("1"))
            #expect(instance["ended"] == .bool(true))
            #expect(instance["file"] == .string("purchase.bpm"))
            #expect(!(instance["tokens"]?.arrayItems.isEmpty ?? true))
            #expect(try await server.result("cmt_getProcessInstance", "[\"\(contract.text)\", \"99\"]") == .null)
            let unknown = try await server.request("cmt_getProcessInstance", "[\"\(DevAccounts.key(3).address.text)\", \"1\"]")
            #expect(unknown["error"]?["code"] == .number("-32602"))
        }
    }

    @Test("the state proof of an account verifies against the app hash it names")
    func accountProof() async throws {
        try await RPCTestServer.with(try NodeFixture.chain()) { server in
            _ = try await server.result("dev_mine")
            let address = DevAccounts.key(0).address
            let key = StateKey.account(address).bytes
            let answer = try await server.result("cmt_getProof", "[\"\(NodeFixture.hex(key))\"]")
            let proof = try #require(Hex.decode((answer["proof"]?.stringValue ?? "").dropFirst(2)))
            let value = try #require(Hex.decode((answer["value"]?.stringValue ?? "").dropFirst(2)))
            let root = try #require(StateHash(bytes: Hex.decode((answer["appHash"]?.stringValue ?? "").dropFirst(2)) ?? []))
            #expect(StateProof.verify(proof, root: root, key: key, value: value))
            #expect(try AccountRecord(decoding: value).balance == DevGenesis.accountBalance)
            let block = try await server.result("cmt_getBlockByNumber", "[\"latest\"]")
            #expect(block["appHash"] == answer["appHash"])
        }
    }

    @Test("batches answer each member in order; notifications get 204 and no body")
    func batches() async throws {
        try await RPCTestServer.with(try NodeFixture.chain()) { server in
            let (status, body) = try await server.post(Array(#"[{"jsonrpc":"2.0","id":1,"method":"cmt_chainId"},{"jsonrpc":"2.0","id":2,"method":"nope"},{"jsonrpc":"2.0","method":"cmt_blockNumber"}]"#.utf8))
            #expect(status == 200)
            let answers = try JSONReader().read(body).arrayItems
            #expect(answers.count == 2)
            #expect(answers.first?["result"] == .string("cmt-dev-1"))
            #expect(answers.last?["error"]?["code"] == .number("-32601"))
            let (notified, empty) = try await server.post(Array(#"{"jsonrpc":"2.0","method":"cmt_blockNumber"}"#.utf8))
            #expect(notified == 204 && empty.isEmpty)
        }
    }
}

extension JSONValue {
    var arrayItems: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}

