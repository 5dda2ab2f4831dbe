import CMTBytecode
import CMTChain
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `cmt-node init` and `cmt-node dev` driven as a user would: the built binary on 127.0.0.1 and a
/// free port, a plain HTTP client, signals to stop it.
@Suite("cmt-node init and dev", .serialized)
struct CmtNodeDevTests {
    static var nodePath: String {
        for configuration in ["debug", "release"] {
            let path = CmtcCheckTests.packageRoot.appendingPathComponent(".build/\(configuration)/cmt-node").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return CmtcCheckTests.packageRoot.appendingPathComponent(".build/debug/cmt-node").path
    }

    /// A running `cmt-node dev`: its port and what it printed until it listened.
    final class Node {
        let process = Process()
        let output = Pipe()
        let errors = Pipe()
        private(set) var port = 0
        private(set) var banner = ""

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: CmtNodeDevTests.nodePath)
            process.arguments = arguments
            process.standardOutput = output
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let marker = "Listening on http://127.0.0.1:"
            while true {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else {
                    process.waitUntilExit()
                    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    throw NodeFailure("cmt-node exited (\(process.terminationStatus)) before listening: \(banner)\(stderr)")
                }
                banner += String(decoding: chunk, as: UTF8.self)
                if let range = banner.range(of: marker), let end = banner[range.upperBound...].firstIndex(of: "\n") {
                    port = Int(banner[range.upperBound..<end]) ?? 0
                    return
                }
            }
        }

        /// Sends `signal` and waits: the exit status and what was printed after the banner.
        func stop(_ signal: Int32 = SIGTERM) -> (status: Int32, reason: Process.TerminationReason, rest: String) {
            kill(process.processIdentifier, signal)
            let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, process.terminationReason, rest)
        }

        /// One JSON-RPC request; the response object.
        func call(_ method: String, _ params: String = "[]") async throws -> [String: Any] {
            var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/")))
            request.httpMethod = "POST"
            request.httpBody = Data(#"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":\#(params)}"#.utf8)
            let (data, _) = try await URLSession.shared.data(for: request)
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    struct NodeFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func run(_ arguments: [String]) throws -> CmtcCheckTests.Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nodePath)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CmtcCheckTests.Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                  stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test("init writes config.toml, a CometBFT genesis.json with the chain's genesis as app_state, and 0600 keys; a second init refuses")
    func initWritesAHome() throws {
        let home = try CmtcCheckTests.temporaryDirectory().appendingPathComponent("home").path
        let first = try Self.run(["init", "--home", home])
        #expect(first.status == 0, "\(first.stderr)")
        let genesis = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: home + "/config/genesis.json"))) as? [String: Any])
        #expect(genesis["chain_id"] as? String == "cmt-dev-1")
        #expect(genesis["initial_height"] as? String == "1")
        #expect((genesis["app_state"] as? [String: Any])?["chain_id"] as? String == "cmt-dev-1")
        #expect(((genesis["app_state"] as? [String: Any])?["accounts"] as? [Any])?.count == 11)
        let validators = try #require(genesis["validators"] as? [[String: Any]])
        #expect(validators.count == 1)
        #expect((validators.first?["pub_key"] as? [String: Any])?["type"] as? String == "tendermint/PubKeyEd25519")
        for key in ["priv_validator_key.json", "relayer_key.json"] {
            #expect(try FileManager.default.attributesOfItem(atPath: home + "/config/" + key)[.posixPermissions] as? Int == 0o600)
        }
        let config = try String(contentsOfFile: home + "/config/config.toml", encoding: .utf8)
        #expect(config.contains("port = 8545"))
        let second = try Self.run(["init", "--home", home])
        #expect(second.status != 0)
        #expect(second.stderr.contains("already holds a node"))
    }

    @Test("dev prints the dev accounts and the URL, serves JSON-RPC, mines a sent transfer, and stops cleanly on SIGINT and SIGTERM")
    func devServesAndStops() async throws {
        for signal in [SIGINT, SIGTERM] {
            let node = try Node(["dev", "--port", "0"])
            #expect(node.port > 0)
            #expect(node.banner.contains("(0) \(DevAccounts.key(0).address.text)"))
            #expect(node.banner.contains("0x" + Hex.encode(DevAccounts.key(0).seed)))
            #expect(try await node.call("cmt_chainId")["result"] as? String == "cmt-dev-1")
            let tx = try Transaction(
                chainID: "cmt-dev-1", nonce: 0, gasLimit: 21_000, maxFeePerGas: Amount(atto: 1_000_000_000), priorityFeePerGas: .zero,
                expiryHeight: nil, signer: DevAccounts.key(0).publicKey, action: .transfer(to: DevAccounts.key(1).address, amount: Amount(atto: 5))
            ).signed(by: DevAccounts.key(0))
            let sent = try await node.call("cmt_sendRawTransaction", "[\"0x\(Hex.encode(tx))\"]")
            let hash = try #require(sent["result"] as? String, "\(sent)")
            let receipt = try await node.call("cmt_getTransactionReceipt", "[\"\(hash)\"]")
            #expect((receipt["result"] as? [String: Any])?["status"] as? String == "success")
            let stopped = node.stop(signal)
            #expect(stopped.reason == .exit)
            #expect(stopped.status == 0)
            #expect(stopped.rest.contains("Stopped at height 1"))
        }
    }

    /// Dev account 0's transfer of `atto` to dev account 1 with `nonce`.
    static func transfer(nonce: UInt64, atto: UInt128) throws -> String {
        let tx = try Transaction(
            chainID: "cmt-dev-1", nonce: nonce, gasLimit: 21_000, maxFeePerGas: Amount(atto: 1_000_000_000), priorityFeePerGas: .zero,
            expiryHeight: nil, signer: DevAccounts.key(0).publicKey, action: .transfer(to: DevAccounts.key(1).address, amount: Amount(atto: atto))
        ).signed(by: DevAccounts.key(0))
        return "0x" + Hex.encode(tx)
    }

    @Test("a restart with the same --home resumes at the last block with its state; after SIGKILL every committed transaction is still there")
    func restartResumes() async throws {
        let home = try CmtcCheckTests.temporaryDirectory().appendingPathComponent("home").path
        var hashes: [String] = []
        let first = try Node(["dev", "--home", home, "--port", "0"])
        for nonce in 0..<3 {
            let sent = try await first.call("cmt_sendRawTransaction", "[\"\(try Self.transfer(nonce: UInt64(nonce), atto: 7))\"]")
            hashes.append(try #require(sent["result"] as? String, "\(sent)"))
        }
        let balance = try await first.call("cmt_getBalance", "[\"\(DevAccounts.key(1).address.text)\"]")["result"] as? String
        #expect(first.stop(SIGTERM).status == 0)

        let second = try Node(["dev", "--home", home, "--port", "0"])
        #expect(second.banner.contains("at height 3"))
        #expect(try await second.call("cmt_blockNumber")["result"] as? String == "3")
        #expect(try await second.call("cmt_getBalance", "[\"\(DevAccounts.key(1).address.text)\"]")["result"] as? String == balance)
        #expect(try await second.call("cmt_getNonce", "[\"\(DevAccounts.key(0).address.text)\"]")["result"] as? String == "3")
        let sent = try await second.call("cmt_sendRawTransaction", "[\"\(try Self.transfer(nonce: 3, atto: 7))\"]")
        hashes.append(try #require(sent["result"] as? String, "\(sent)"))
        // Killed without warning: what was committed stays.
        let killed = second.stop(SIGKILL)
        #expect(killed.reason == .uncaughtSignal)

        let third = try Node(["dev", "--home", home, "--port", "0"])
        #expect(try await third.call("cmt_blockNumber")["result"] as? String == "4")
        for hash in hashes {
            let receipt = try await third.call("cmt_getTransactionReceipt", "[\"\(hash)\"]")
            #expect((receipt["result"] as? [String: Any])?["status"] as? String == "success", "\(hash)")
        }
        #expect(third.stop(SIGINT).status == 0)
    }

    @Test("an unknown storage backend in config.toml is refused with a clear error")
    func badConfig() throws {
        let home = try CmtcCheckTests.temporaryDirectory().appendingPathComponent("home").path
        #expect(try Self.run(["init", "--home", home]).status == 0)
        let file = home + "/config/config.toml"
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "backend = \"sqlite\"", with: "backend = \"paper\"")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Self.run(["dev", "--home", home, "--port", "0"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("storage.backend"))
    }
}
