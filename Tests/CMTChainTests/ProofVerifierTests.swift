import Foundation
import Testing

@testable import CMTChain

/// The independent Python verifier (`Python/verify_state_proof.py`, standard library only, written
/// from docs/chain.md) accepts the proofs the tree writes and rejects tampered ones.
@Suite struct ProofVerifierTests {
    struct Case: Encodable {
        let root: String
        let key: String
        let value: String?
        let proof: String
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Python/verify_state_proof.py").path

    /// Runs the verifier on `cases` and returns its answer per case.
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

    @Test("python3 verifies membership and non-membership proofs and rejects tampered ones")
    func pythonAgrees() throws {
        var random = SeededGenerator(seed: 7)
        var contents: [[UInt8]: [UInt8]] = [:]
        for index in 0..<300 { contents[poolKey(index)] = randomValue(&random) }
        contents[[]] = Array("empty key".utf8)
        let tree = try treeHolding(contents)
        let root = try tree.rootHash(at: 1)
        let present = contents.keys.sorted { TreeHasher.keyHash($0) < TreeHasher.keyHash($1) }
        let queried =
            [present[0], present[present.count / 2], present[present.count - 1], []]
            + absentKeysAtEdges(of: present)

        var cases: [Case] = []
        var expected: [Bool] = []
        func add(_ root: StateHash, _ key: [UInt8], _ value: [UInt8]?, _ proof: [UInt8], valid: Bool) {
            cases.append(
                Case(root: root.hex, key: Hex.encode(key), value: value.map(Hex.encode), proof: Hex.encode(proof)))
            expected.append(valid)
            #expect(StateProof.verify(proof, root: root, key: key, value: value) == valid)
        }
        for key in queried {
            let (value, proof) = try tree.proof(of: key, at: 1)
            let bytes = proof.encoded()
            add(root, key, value, bytes, valid: true)
            // Tampered: a flipped bit in every 7th byte, a wrong answer, a wrong root, cut and padded bytes.
            for index in stride(from: 0, to: bytes.count, by: 7) {
                var tampered = bytes
                tampered[index] ^= 0x10
                add(root, key, value, tampered, valid: false)
            }
            add(root, key, value == nil ? [0] : nil, bytes, valid: false)
            add(TreeHasher.nodeHash(root, .placeholder), key, value, bytes, valid: false)
            add(root, key, value, Array(bytes.dropLast()), valid: false)
            add(root, key, value, bytes + [0], valid: false)
        }
        let answers = try Self.runPython(cases)
        #expect(answers == expected.map { $0 ? "valid" : "invalid" })
        #expect(expected.filter { $0 }.count == queried.count)
    }
}
