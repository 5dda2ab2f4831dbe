import ArgumentParser
import CMTClient
import CMTNode

/// `cmtc logs [--contract C] [--event NAME] [--from H] [--to H]`: events in chain order.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the events a node recorded, filtered by contract, name and block range.",
        discussion: "One line per event in chain order (height, transaction, position). Exit status: 0, 1 on a node error (error[Cnnn]), 2 on a usage error."
    )

    @Option(help: "Only events of this contract (cmt1…).")
    var contract: String?

    @Option(help: "Only events of this name.")
    var event: String?

    @Option(help: "The first block height.")
    var from: UInt64?

    @Option(help: "The last block height.")
    var to: UInt64?

    @Option(help: "At most this many events (the node's limit is 10,000).")
    var limit: Int?

    @OptionGroup var node: NodeOptions

    func run() async throws {
        try await node.run { session throws(ClientError) in
            let filter = LogFilter(
                contract: try contract.map { text throws(ClientError) in try ClientSession.address(text, "--contract") }, name: event,
                fromHeight: from, toHeight: to, limit: limit)
            let events = try await session.node.logs(filter)
            node.output(.array(events.map(\.json)), text: events.map(ReceiptText.logLine).joined(separator: "\n"))
        }
    }
}
