import CMTBytecode
import Foundation
import Testing

@testable import CMTChain

/// The independent Python verifier of receipt proofs (`Python/verify_receipt_proof.py`, standard
/// library only, written from docs/chain.md) accepts the chain's proofs and rejects tampered ones.
@Suite struct ReceiptProofVerifierTests {
    struct Case: Encodable {
        let app_hash: String
        let height: UInt64
        let receipt: String
        let inclusion: String
        let block_result: String
        let state_proof: String

        init(_ proof: ReceiptProof, appHash: StateHash, receipt: [UInt8]? = nil, height: UInt64? = nil, blockResult: [UInt8]? = nil) {
            app_hash = appHash.hex
            self.height = height ?? proof.height
            self.receipt = Hex.encode(receipt ?? proof.receipt)
            inclusion = Hex.encode(proof.inclusion.encoded)
            block_result = Hex.encode(blockResult ?? proof.blockResult)
            state_proof = Hex.encode(proof.stateProof.encoded())
        }
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Python/verify_receipt_proof.py").path

    static func runPython(_ cases: [Case]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--cases"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(cases))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return text.split(separator: "\n").map(String.init)
    }

    @Test("python3 verifies receipt proofs against the app hash and rejects tampered ones")
    func pythonAgrees() throws {
        let chain = try ChainFixture(executor: ScriptedExecutor())
        var transactions: [[UInt8]] = []
        for index in 0..<6 {
            transactions.append(try ChainFixture.transfer(UInt32(index % 4), to: ChainFixture.key(5).address, Amount(atto: 1), nonce: UInt64(index / 4)))
        }
        transactions.append(try ChainFixture.transaction(3, nonce: 2, action: .call(contract: Address.named("c"), function: "ok", arguments: [], value: .zero), gasLimit: 90_000))
        let result = try chain.block(transactions)
        try chain.block([])
        var cases: [Case] = []
        var expected: [String] = []
        for item in result.results {
            let (proof, appHash) = try #require(try chain.app.receiptProof(transactionHash: item.receipt.transactionHash))
            let (atBlock, blockHash) = try #require(try chain.app.receiptProof(transactionHash: item.receipt.transactionHash, at: 1))
            #expect(blockHash == result.appHash)
            var receipt = proof.receipt
            receipt[receipt.count / 2] ^= 0x10
            var blockResult = proof.blockResult
            blockResult[70] ^= 1
            cases += [
                Case(proof, appHash: appHash), Case(atBlock, appHash: blockHash), Case(proof, appHash: result.appHash),
                Case(proof, appHash: appHash, receipt: receipt), Case(proof, appHash: appHash, height: proof.height + 1),
                Case(proof, appHash: appHash, blockResult: blockResult),
            ]
            expected += ["valid", "valid", "invalid", "invalid", "invalid", "invalid"]
        }
        #expect(try Self.runPython(cases) == expected)
    }
}
