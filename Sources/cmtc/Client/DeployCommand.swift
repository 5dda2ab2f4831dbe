import ArgumentParser
import CMTBuild
import CMTBundle
import CMTChain
import CMTClient
import Foundation

/// `cmtc deploy [DIR|F.sbc] [--param k=v]…`: compiles a project (or reads a bundle) and deploys it
/// to a node as a signed transaction; prints the receipt and the contract's address.
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy a contract project or .sbc bundle to a node (cmt-node dev).",
        discussion: """
            A folder is compiled into a bundle as `cmtc bundle` does (--param binds template parameters \
            into it); an .sbc file is verified and its --param values go with the deploy. Waits for the \
            transaction's receipt. Exit status: 0 when the contract is deployed, 1 on a compile error, a \
            refused or failed transaction or an unreachable node (error[Cnnn]), 2 on a usage error. See docs/client.md.
            """
    )

    @Argument(help: "The project folder or .sbc bundle (default: the current folder).")
    var path: String = "."

    @Option(name: .customLong("param"), help: "A template parameter as NAME=VALUE (repeatable).")
    var parameters: [String] = []

    @Option(help: "CMT sent to the constructor (decimal, up to 18 decimals).")
    var value: String = "0"

    @OptionGroup var node: NodeOptions
    @OptionGroup var signing: SigningOptions

    func run() async throws {
        var amount = Amount.zero
        var bundle: DeployBundle?
        try node.check { () throws(ClientError) in
            amount = try ClientSession.amount(value, "--value")
            if path.hasSuffix(".sbc") { bundle = try DeployBundle(file: path, assignments: parameters) }
        }
        let deploy = try bundle ?? compiledBundle()
        try await node.run { session throws(ClientError) in
            let action = TxAction.deploy(bundle: deploy.bytes, constructorArguments: [], parameters: deploy.parameters, value: amount)
            _ = try await signing.execute(action, in: session, options: node)
        }
    }

    /// The project compiled into a bundle with the parameters bound in it (as `cmtc bundle`).
    private func compiledBundle() throws -> DeployBundle {
        let compiled = try CompileSupport.compile([path])
        guard !compiled.output.isScript else {
            printError("error: '\(path)' is a script; only a contract can be deployed")
            throw ExitCode(2)
        }
        let bound: [BundleWriter.BoundParameter]
        do {
            bound = try ParameterBinding.bind(parameters, module: compiled.module, manifest: compiled.project.manifest)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        let bytes: [UInt8]
        do { bytes = try BundleWriter.write(compiled, bound: bound, withSources: false) } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        var result: DeployBundle?
        try node.check { () throws(ClientError) in result = try DeployBundle(bytes: bytes, assignments: []) }
        guard let result else { throw ExitCode(1) }
        return result
    }
}
