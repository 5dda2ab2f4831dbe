import Foundation
import Testing

@testable import CMTChain

/// Golden vectors: the exact envelope bytes and hashes of fixed transactions signed by the dev
/// accounts (Ed25519 signatures are deterministic). `Goldens/transactions.txt` holds one vector per
/// block of lines: `name`, `bytes <hex>`, `hash <hex>`. Regenerate with CMT_UPDATE_GOLDENS=1 and
/// explain every change in the commit.
@Suite struct TransactionVectorTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Goldens/transactions.txt")

    static func vectors() throws -> String {
        var text =
            "# Transaction vectors (docs/chain.md, \"Golden vectors\"): chain id cmt-test-1, dev accounts 0, 1, 2.\n"
        let names = ["transfer", "deploy", "call", "webhook-event"]
        for (action, base) in zip(try TransactionTests.actions(), names) {
            for sponsored in [false, true] {
                var transaction = TransactionTests.transfer(
                    nonce: 7, feePayer: sponsored ? TransactionTests.carol.publicKey : nil)
                transaction.action = action
                let bytes = try transaction.signed(
                    by: TransactionTests.alice, feePayer: sponsored ? TransactionTests.carol : nil)
                let checked = try TransactionTests.check.check(bytes)
                let name = sponsored ? "\(base)-fee-payer" : base
                text += "\n\(name)\nbytes \(Hex.encode(bytes))\nhash \(Hex.encode(checked.hash))\n"
            }
        }
        return text
    }

    @Test("signed transaction bytes and hashes match the committed vectors byte for byte")
    func goldenVectors() throws {
        let actual = try Self.vectors()
        if ProcessInfo.processInfo.environment["CMT_UPDATE_GOLDENS"] == "1" {
            try actual.write(to: Self.file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.file, encoding: .utf8)
        #expect(actual == expected)
    }
}
