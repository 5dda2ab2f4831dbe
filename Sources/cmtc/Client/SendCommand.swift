import ArgumentParser
import CMTChain
import CMTClient

/// `cmtc send CONTRACT FUNCTION ARGS… [--value X]` (a contract call as a transaction) and
/// `cmtc send --to ADDRESS --amount X` (a plain CMT transfer); waits for the receipt.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a transaction: a contract call, or a CMT transfer with --to and --amount.",
        discussion: """
            Arguments are read against the function's parameter types from the contract's ABI (as for `cmtc \
            call`). The transaction is signed with --key, --dev-account, or on a dev chain dev account 0; the \
            command waits for its receipt and prints it. Exit status: 0 when the transaction succeeded, 1 when \
            it was refused, failed or reverted, or the node is unreachable (error[Cnnn]), 2 on a usage error.
            """
    )

    @Argument(help: "The contract's address (cmt1…), then the function's name and its arguments.")
    var words: [String] = []

    @Option(help: "CMT sent with the call (msg.value).")
    var value: String = "0"

    @Option(help: "A transfer's recipient (with --amount, without a contract).")
    var to: String?

    @Option(help: "The CMT a transfer moves.")
    var amount: String?

    @OptionGroup var node: NodeOptions
    @OptionGroup var signing: SigningOptions

    func validate() throws {
        if to != nil || amount != nil {
            guard to != nil, amount != nil else { throw ValidationError("a transfer needs both --to and --amount") }
            guard words.isEmpty else { throw ValidationError("give a contract and a function, or --to and --amount, not both") }
            guard value == "0" else { throw ValidationError("--value goes with a contract call; a transfer moves --amount") }
        } else if words.count < 2 {
            throw ValidationError("give CONTRACT FUNCTION [ARGS…], or --to ADDRESS --amount X")
        }
    }

    func run() async throws {
        try await node.run { session throws(ClientError) in
            let action: TxAction
            if let to, let amount {
                action = .transfer(to: try ClientSession.address(to, "--to"), amount: try ClientSession.amount(amount, "--amount"))
            } else {
                action = try await session.callAction(
                    contract: try ClientSession.address(words[0], "contract"), function: words[1], arguments: Array(words.dropFirst(2)),
                    value: try ClientSession.amount(value, "--value"))
            }
            _ = try await signing.execute(action, in: session, options: node)
        }
    }
}
