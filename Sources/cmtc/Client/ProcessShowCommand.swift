import ArgumentParser
import CMTClient
import CMTNode

/// `cmtc process show CONTRACT ID`: a contract's process instance on a node (definition, status,
/// active nodes, tokens, open tasks, variables), as `cmt_getProcessInstance` returns it.
struct ProcessShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a contract's process instance on a node: nodes, tokens, open tasks, variables.",
        discussion: "Exit status: 0, 1 when there is no such contract or instance or the node is unreachable (error[Cnnn]), 2 on a usage error."
    )

    @Argument(help: "The contract's address (cmt1…).")
    var contract: String

    @Argument(help: "The instance id (as start_process returned it).")
    var id: String

    @OptionGroup var node: NodeOptions

    func run() async throws {
        try await node.run { session throws(ClientError) in
            let address = try ClientSession.address(contract, "contract")
            _ = try await session.node.contract(address)
            let instance = try await session.node.processInstance(contract: address, id: id)
            node.output(instance, text: ReceiptText.members(instance))
        }
    }
}
