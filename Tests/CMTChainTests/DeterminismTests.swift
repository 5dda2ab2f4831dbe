import CMTBytecode
import ChainWorkloads
import Foundation
import Testing

@testable import CMTChain

/// The chain computes the same bytes everywhere: the 50-block script's app hash and receipts
/// match the committed vectors, in this process and in two separate processes
/// (docs/chain.md, "Determinism").
@Suite(.serialized) struct DeterminismTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the 50-block script ends at the golden app hash and receipts digest, with failures among its receipts")
    func scriptMatchesGolden() throws {
        let outcome = try ChainScript.run()
        #expect(outcome.appHash.hex == (try GoldenFile.value("script.appHash")))
        #expect(outcome.genesisAppHash.hex == (try GoldenFile.value("script.genesisAppHash")))
        #expect(Hex.encode(outcome.receiptsDigest) == (try GoldenFile.value("script.receiptsDigest")))
        #expect(outcome.receiptCount - outcome.failures > 100)
        for kind in [
            "success", "unsupported", "rejected:nonceTooLow", "rejected:nonceTooHigh", "rejected:expired",
            "rejected:insufficientFundsForValue", "rejected:gasLimitAboveBlock", "rejected:badSignature",
        ] {
            #expect(outcome.outcomes[kind, default: 0] > 0, "the script has no '\(kind)'")
        }
    }

    @Test("two separate processes running the script print the same app hash, the golden one")
    func separateProcessesAgree() throws {
        let binary = Self.packageRoot.appendingPathComponent(".build/debug/cmt-chain-bench")
        #expect(FileManager.default.isExecutableFile(atPath: binary.path), "build first: swift build --build-tests")
        var outputs: [String] = []
        for _ in 0..<2 {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["script"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            outputs.append(String(decoding: data, as: UTF8.self))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0].hasPrefix("app hash \(try GoldenFile.value("script.appHash"))\n"))
        #expect(outputs[0].contains("digest \(try GoldenFile.value("script.receiptsDigest"))"))
    }

    @Test("the genesis app hash of the script's genesis is pinned")
    func genesisHash() throws {
        let app = try ChainApplication(storage: try MemoryChainStorage())
        let hash = try app.initChain(InitChainRequest(
            chainID: ChainScript.chainID, initialHeight: 1, time: 0, appState: ChainScript.genesis().json()))
        #expect(hash.hex == (try GoldenFile.value("script.genesisAppHash")))
    }
}
