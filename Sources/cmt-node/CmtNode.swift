import ArgumentParser
import CMTChain
import CMTNode
import Foundation

/// `cmt-node`: the chain's node (docs/node.md). A thin command line over CMTNode.
@main
struct CmtNode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmt-node", abstract: "The Smart Business Contract chain's node.", subcommands: [Init.self, Dev.self])
}

/// Writes a line to standard output at once (stdout may be a pipe a test reads).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a new home folder: config.toml, genesis.json (CometBFT's layout), the consensus key and the relayer key.")

    @Option(name: .long, help: "The home folder.")
    var home: String = NSString(string: "~/.cmt-node").expandingTildeInPath

    @Option(name: .long, help: "The chain id.")
    var chainId: String = DevGenesis.chainID

    func run() throws {
        do {
            let written = try NodeHome.initialize(at: home, chainID: chainId, genesisTime: DevChain.wallClock())
            say("Wrote \(written.configFile)")
            say("Wrote \(written.genesisFile)")
            say("Wrote \(written.validatorKeyFile)")
            say("Wrote \(written.relayerKeyFile)")
        } catch {
            throw ValidationError(error.message)
        }
    }
}

struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a one-validator dev chain with ten funded accounts and JSON-RPC on 127.0.0.1.")

    @Option(name: .long, help: "The home folder (kept); a temporary one by default.")
    var home: String?

    @Option(name: .long, help: "The JSON-RPC port (0 for a free one); 8545 by default.")
    var port: Int?

    @Option(name: .long, help: "Seconds between blocks; by default a block as soon as a transaction arrives.")
    var blockTime: Int?

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws {
        do {
            try await DevNodeRunner.run(DevNodeOptions(home: home, port: port, blockTime: blockTime), output: say)
        } catch let error as NodeError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
