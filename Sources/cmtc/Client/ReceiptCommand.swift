import ArgumentParser
import CMTClient

/// `cmtc receipt HASH`: a committed transaction's receipt.
struct ReceiptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "Print a transaction's receipt: status, gas, fee, return value, events.",
        discussion: """
            Exit status: 0 for a successful transaction, 1 when it failed, is not in a block (yet) or the node \
            is unreachable (error[Cnnn]), 2 on a usage error.
            """
    )

    @Argument(help: "The transaction hash (0x and 64 hex digits).")
    var hash: String

    @OptionGroup var node: NodeOptions

    func run() async throws {
        try await node.run { session throws(ClientError) in
            let hash = try ClientSession.transactionHash(hash)
            guard let receipt = try await session.node.receipt(hash) else {
                throw ClientError(.notIncluded, "\(hash) is not in a block: pending, or unknown to this node")
            }
            node.output(receipt.json, text: ReceiptText.lines(receipt))
            guard receipt.succeeded else { throw ReceiptText.failure(receipt) }
        }
    }
}
