import CMTBytecode
import CMTChain
import Foundation

/// What `cmt-node dev` was asked for.
public struct DevNodeOptions: Sendable {
    /// The home folder; nil for a new temporary one, removed when the node stops.
    public var home: String?
    /// The RPC port (0 for a free one); nil for the config's.
    public var port: Int?
    /// Seconds between blocks (0: a block as soon as a transaction arrives); nil for the config's.
    public var blockTime: Int?

    public init(home: String? = nil, port: Int? = nil, blockTime: Int? = nil) {
        self.home = home
        self.port = port
        self.blockTime = blockTime
    }
}

/// `cmt-node dev` (docs/node.md, "The dev chain"): initializes the home when it is new, opens the
/// chain, prints the dev accounts and keys, serves JSON-RPC until SIGINT or SIGTERM, and makes
/// blocks on the `--block-time` timer when one is set.
public enum DevNodeRunner {
    /// Runs the node until a stop signal; `output` gets each line to print.
    public static func run(_ options: DevNodeOptions, output: @escaping @Sendable (String) -> Void) async throws {
        let temporary = options.home == nil
        let path = options.home ?? FileManager.default.temporaryDirectory.appendingPathComponent("cmt-node-\(UUID().uuidString)").path
        defer { if temporary { try? FileManager.default.removeItem(atPath: path) } }
        let home = NodeHome(path: path)
        if !home.isInitialized { try NodeHome.initialize(at: path, genesisTime: DevChain.wallClock()) }
        let contents = try home.load()
        let config = contents.config
        let genesis = contents.genesis.genesis
        let blockTime = options.blockTime ?? config.blockTime
        guard blockTime >= 0, blockTime <= 86_400 else { throw NodeError(.invalidParams, "--block-time must be from 0 to 86400 seconds") }
        guard let proposer = Address(bytes: contents.validatorKey.address) else { throw NodeError(.invalidParams, "the validator key has no address") }
        let provider = try storageProvider(config, home: home)
        let mempool = MempoolConfiguration(
            maxTransactions: config.mempoolSize, maxBytes: config.mempoolMaxBytes, maxNonceGap: UInt64(config.mempoolMaxNonceGap),
            baseFeePerGas: genesis.parameters.minimumGasPrice)
        let chain = try DevChain(
            options: DevChain.Options(
                genesis: genesis, genesisTime: contents.genesis.genesisTime, proposer: proposer, mempool: mempool, automine: blockTime == 0),
            provider: provider)
        let height = try await chain.blockNumber()
        for line in banner(genesis: genesis, home: path, temporary: temporary, storage: config.storage, blockTime: blockTime, height: height) { output(line) }
        let dispatcher = RPCDispatcher(registry: NodeRPC.registry(chain), limits: RPCLimits(maxBodyBytes: config.rpcMaxBodyBytes))
        let server = RPCServer.application(dispatcher: dispatcher, port: options.port ?? config.rpcPort) { port in
            output("Listening on http://127.0.0.1:\(port)")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.runService() }
            if blockTime > 0 {
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(blockTime))
                        try await chain.mine()
                    }
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
        output("Stopped at height \(try await chain.blockNumber())")
    }

    static func storageProvider(_ config: NodeConfig, home: NodeHome) throws(NodeError) -> any ChainStorageProvider {
        switch config.storage {
        case "memory": return MemoryStorageProvider()
        case "sqlite": return SQLiteStorageProvider(folder: home.dataFolder)
        default: throw NodeError(.invalidParams, "storage backend '\(config.storage)' is unknown (\"sqlite\" or \"memory\")")
        }
    }

    /// The lines printed at start, as anvil prints its accounts.
    static func banner(genesis: Genesis, home: String, temporary: Bool, storage: String, blockTime: Int, height: UInt64) -> [String] {
        var lines = [
            "cmt-node dev: chain \(genesis.chainID) at height \(height), home \(home)\(temporary ? " (temporary)" : ""), storage \(storage)",
            "",
            "Dev accounts (keys from the public seed \"\(DevAccounts.masterSeed)\"; never give them anything of value):",
        ]
        for (index, key) in DevGenesis.keys.enumerated() {
            lines.append("(\(index)) \(key.address.text)  \(DevGenesis.accountBalance) CMT")
        }
        lines.append("")
        lines.append("Private keys (Ed25519 seeds):")
        for (index, key) in DevGenesis.keys.enumerated() {
            lines.append("(\(index)) 0x\(Hex.encode(key.seed))")
        }
        lines.append("")
        lines.append(blockTime == 0 ? "Blocks: one as soon as a transaction arrives (dev_mine for more)" : "Blocks: every \(blockTime) s")
        return lines
    }
}
