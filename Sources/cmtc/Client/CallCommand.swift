import ArgumentParser
import CMTBytecode
import CMTChain
import CMTClient

/// `cmtc call CONTRACT FUNCTION ARGS…`: runs a contract function read-only on the node
/// (`cmt_call`) and prints what it returns; nothing changes on the chain.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call a contract function read-only on a node and print its result.",
        discussion: """
            Arguments are read against the function's parameter types from the contract's ABI: numbers as \
            decimals, booleans, strings as they are, addresses as cmt1…, bytes as 0x-hex, arrays and maps as \
            JSON, null for an optional. Write -- before a negative number. Exit status: 0 with the result on \
            standard output, 1 when the call reverts or fails or the node refuses it (error[Cnnn]), 2 on a usage error.
            """
    )

    @Argument(help: "The contract's address (cmt1…).")
    var contract: String

    @Argument(help: "The function's name.")
    var function: String

    @Argument(help: "The function's arguments, in order.")
    var arguments: [String] = []

    @Option(help: "The caller (msg.sender) the call runs as (default: the zero address).")
    var from: String?

    @Option(help: "CMT sent with the call (msg.value).")
    var value: String = "0"

    @OptionGroup var node: NodeOptions

    func run() async throws {
        try await node.run { session throws(ClientError) in
            let address = try ClientSession.address(contract, "contract")
            var sender: Address?
            if let from { sender = try ClientSession.address(from, "--from") }
            let amount = try ClientSession.amount(value, "--value")
            let result = try await session.call(contract: address, function: function, arguments: arguments, from: sender, value: amount)
            if node.json {
                print(result.json.prettyText)
                guard result.succeeded else { throw ReceiptText.failure(status: result) }
            } else {
                print(try ReceiptText.value(result))
            }
        }
    }
}
