import Crypto
import Foundation
import Testing

import CMTBytecode
@testable import CMTChain
import CMTTestSupport
import CMTVM

/// An independent client (`Python/tx_client.py`, written from docs/chain.md with PyNaCl and the
/// protobuf code grpcio-tools generates from the committed `.proto`) builds and signs a transfer and
/// a call: the stateless check accepts both, and the hashes it prints are the chain's. The chain's
/// execution is not built yet, so acceptance here is the stateless check's.
@Suite struct TransactionClientTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Python/tx_client.py").path
    static let protoDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("proto").path

    /// The client's lines: name, envelope bytes, hash.
    static func clientTransactions() throws -> [String: (bytes: [UInt8], hash: String)] {
        let python = try #require(
            PythonVenv.python(
                packages: ["PyNaCl", "protobuf", "grpcio-tools"], modules: ["nacl.signing", "google.protobuf", "grpc_tools.protoc"]),
            "PyNaCl, protobuf and grpcio-tools could not be installed into a private virtual environment")
        let run = try #require(PythonVenv.run(python, arguments: [script, protoDirectory], input: nil))
        try #require(run.status == 0, "tx_client.py failed:\n\(run.standardError)")
        var transactions: [String: (bytes: [UInt8], hash: String)] = [:]
        for line in run.standardOutput.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            try #require(fields.count == 3, "unexpected line: \(line)")
            transactions[fields[0]] = (try #require(Hex.decode(fields[1])), fields[2])
        }
        return transactions
    }

    @Test("a transfer and a call signed by the Python client pass the stateless check with the hashes it printed")
    func pythonClientAccepted() throws {
        let transactions = try Self.clientTransactions()
        #expect(transactions.keys.sorted() == ["call", "transfer"])
        let alice = TransactionTests.alice
        let bob = TransactionTests.bob
        let carol = TransactionTests.carol
        let contract = try #require(Address(bytes: Hex.decode("00112233445566778899aabbccddeeff00112233") ?? []))

        let transfer = try #require(transactions["transfer"])
        let checkedTransfer = try TransactionTests.check.check(transfer.bytes)
        #expect(Hex.encode(checkedTransfer.hash) == transfer.hash)
        let expectedTransfer = Transaction(
            chainID: TransactionTests.chainID, nonce: 0, gasLimit: 21_000, maxFeePerGas: Amount(atto: 2_000_000_000),
            priorityFeePerGas: Amount(atto: 1_000_000_000), expiryHeight: 1_000, signer: alice.publicKey,
            action: .transfer(to: bob.address, amount: Amount(atto: 3 * Amount.attoPerCMT / 2)))
        #expect(checkedTransfer.transaction == expectedTransfer)
        // Ed25519 signatures are deterministic: the Swift client signs the same bytes.
        #expect(try expectedTransfer.signed(by: alice) == transfer.bytes)

        let call = try #require(transactions["call"])
        let checkedCall = try TransactionTests.check.check(call.bytes)
        #expect(Hex.encode(checkedCall.hash) == call.hash)
        guard case .call(let target, let function, let arguments, let value) = checkedCall.transaction.action else {
            Issue.record("the call decoded as \(checkedCall.transaction.action)")
            return
        }
        #expect(target == contract && function == "transfer" && value == .zero)
        // The arguments are one array in the runtime's value encoding (docs/chain.md, "Value encoding").
        #expect(try ValueCodec.decodeChecked(arguments) == .array([.address(bob.address), .number(Decimal18(25))]))
        let expectedCall = Transaction(
            chainID: TransactionTests.chainID, nonce: 1, gasLimit: 500_000, maxFeePerGas: Amount(atto: 2_000_000_000),
            priorityFeePerGas: .zero, expiryHeight: nil, signer: alice.publicKey, feePayer: carol.publicKey,
            action: .call(
                contract: contract, function: "transfer",
                arguments: ValueCodec.encode(.array([.address(bob.address), .number(Decimal18(25))])), value: .zero))
        #expect(checkedCall.transaction == expectedCall)
        #expect(try expectedCall.signed(by: alice, feePayer: carol) == call.bytes)
    }
}
