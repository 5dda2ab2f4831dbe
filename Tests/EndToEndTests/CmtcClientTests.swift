import Foundation
import Testing

/// `cmtc deploy/call/send/receipt/logs/process show` against a real `cmt-node dev` on 127.0.0.1
/// and a free port, driven as a user would; and the README's main command, `scripts/demo.sh`.
@Suite("cmtc against cmt-node dev", .serialized)
struct CmtcClientTests {
    static var nodePath: String {
        for configuration in ["debug", "release"] {
            let path = CmtcCheckTests.packageRoot.appendingPathComponent(".build/\(configuration)/cmt-node").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return CmtcCheckTests.packageRoot.appendingPathComponent(".build/debug/cmt-node").path
    }

    /// A `cmt-node dev --port 0` with a temporary home, stopped with SIGINT by ``stop()``.
    final class DevNode {
        let process = Process()
        let output = Pipe()
        let url: String

        init() throws {
            process.executableURL = URL(fileURLWithPath: CmtcClientTests.nodePath)
            process.arguments = ["dev", "--port", "0"]
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            var banner = ""
            let marker = "Listening on "
            while true {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else {
                    process.waitUntilExit()
                    throw Failure("cmt-node exited (\(process.terminationStatus)) before listening: \(banner)")
                }
                banner += String(decoding: chunk, as: UTF8.self)
                if let range = banner.range(of: marker), let end = banner[range.upperBound...].firstIndex(of: "\n") {
                    url = String(banner[range.upperBound..<end])
                    return
                }
            }
        }

        func stop() {
            kill(process.processIdentifier, SIGINT)
            _ = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func cmtc(_ arguments: [String], node: DevNode) throws -> CmtcCheckTests.Run {
        try CmtcCheckTests.cmtc(arguments + ["--rpc", node.url])
    }

    /// The line of `text` that starts with `prefix`, without it.
    static func line(_ prefix: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    @Test("deploy the loan marketplace, send and call as several accounts, read receipts, logs and the process instance")
    func deploySendCallReceiptsLogs() throws {
        let node = try DevNode()
        defer { node.stop() }
        let deploy = try Self.cmtc(["deploy", "Examples/loan-marketplace"], node: node)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        let market = try #require(Self.line("contract ", in: deploy.stdout))
        #expect(market.hasPrefix("cmt1"))
        #expect(deploy.stderr.contains("waiting for a block"))

        let borrow = try Self.cmtc(["send", market, "offerToBorrow", "1000", "2", "12", "--dev-account", "1"], node: node)
        #expect(borrow.status == 0, "\(borrow.stderr)")
        #expect(Self.line("returned ", in: borrow.stdout) == #""O000001""#)
        #expect(borrow.stdout.contains("event Offered(id: O000001, owner: cmt1"))
        let lend = try Self.cmtc(["send", market, "offerToLend", "1500", "2", "12", "0", "--value", "1500", "--dev-account", "2"], node: node)
        #expect(lend.status == 0, "\(lend.stderr)")

        let matches = try Self.cmtc(["call", market, "suggestMatches", "O000001"], node: node)
        #expect(matches.status == 0, "\(matches.stderr)")
        #expect(matches.stdout == "[\"O000002\"]\n")
        let propose = try Self.cmtc(["send", market, "propose", "O000001", "O000002", "--dev-account", "1"], node: node)
        #expect(Self.line("returned ", in: propose.stdout) == #""L000001""#)
        let status = try Self.cmtc(["call", market, "loanStatus", "L000001"], node: node)
        #expect(status.stdout == "proposed (agreement)\n")
        let instance = try Self.cmtc(["process", "show", market, "1", "--json"], node: node)
        #expect(instance.status == 0, "\(instance.stderr)")
        #expect(instance.stdout.contains("borrower agrees"))

        // The receipt of the offer, looked up again, as JSON.
        let hash = try #require(Self.line("transaction ", in: borrow.stdout)?.split(separator: " ").first.map(String.init))
        let receipt = try Self.cmtc(["receipt", hash, "--json"], node: node)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(receipt.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "success")
        #expect(json["transactionHash"] as? String == hash)

        let logs = try Self.cmtc(["logs", "--contract", market, "--event", "Offered"], node: node)
        #expect(logs.status == 0, "\(logs.stderr)")
        #expect(logs.stdout.split(separator: "\n").count == 2)
        #expect(logs.stdout.contains("Offered(id: O000002"))
    }

    @Test("a transfer moves CMT; wrong functions, arguments, contracts and senders fail with their codes and change nothing")
    func transfersAndErrors() throws {
        let node = try DevNode()
        defer { node.stop() }
        let deploy = try Self.cmtc(["deploy", "Examples/loan-marketplace", "--dev-account", "4"], node: node)
        let market = try #require(Self.line("contract ", in: deploy.stdout))

        let recipient = "cmt1tu0d504xspnq4remqx99vj4kfp6kwzcga8cf0f"
        let transfer = try Self.cmtc(["send", "--to", recipient, "--amount", "2.5"], node: node)
        #expect(transfer.status == 0, "\(transfer.stderr)")
        #expect(transfer.stdout.contains(": success (gas "))

        let unknownFunction = try Self.cmtc(["call", market, "lend"], node: node)
        #expect(unknownFunction.status == 1)
        #expect(unknownFunction.stderr.hasPrefix("error[C007]: unknown function: LoanMarket has no function 'lend'"))
        let badArgument = try Self.cmtc(["send", market, "offerToBorrow", "lots", "2", "12"], node: node)
        #expect(badArgument.status == 1)
        #expect(badArgument.stderr.hasPrefix("error[C008]"))
        let noContract = try Self.cmtc(["call", recipient, "loanStatus", "L1"], node: node)
        #expect(noContract.stderr.hasPrefix("error[C006]: unknown contract"))
        let reverted = try Self.cmtc(["send", market, "withdraw", "O000009", "--dev-account", "2"], node: node)
        #expect(reverted.status == 1)
        #expect(reverted.stderr.contains("error[C011]"))
        #expect(reverted.stderr.contains("no offer O000009"))
        let call = try Self.cmtc(["call", market, "loanStatus", "L000001", "--json"], node: node)
        #expect(call.status == 1)
        #expect(call.stdout.contains("\"reverted\""))
    }

    @Test("no node listening is C001 with exit 1, as text and as JSON")
    func noNode() throws {
        let node = try DevNode()
        let url = node.url
        node.stop()
        let run = try CmtcCheckTests.cmtc(["call", "cmt1tu0d504xspnq4remqx99vj4kfp6kwzcga8cf0f", "f", "--rpc", url])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error[C001]: no node: no node answers at \(url)"))
        let json = try CmtcCheckTests.cmtc(["receipt", "0x" + String(repeating: "0", count: 64), "--rpc", url, "--json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"code\": \"C001\""))
    }

    @Test("the README's main command, scripts/demo.sh, runs the loan marketplace story on cmt-node dev and exits 0")
    func demoScript() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [CmtcCheckTests.packageRoot.appendingPathComponent("scripts/demo.sh").path]
        var environment = ProcessInfo.processInfo.environment
        environment["CMT_BIN"] = URL(fileURLWithPath: CmtcCheckTests.cmtcPath).deletingLastPathComponent().path
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("repaid (closed)"))
        #expect(text.contains("event Settled(loan: L000001"))
        #expect(text.contains("the story ran end to end"))
    }
}
