import CMTBytecode
import CMTChain
import Foundation

/// A node's home folder in CometBFT's layout (docs/node.md, "The home folder"):
///
///     config/config.toml              the node's settings (``NodeConfig``)
///     config/genesis.json             CometBFT's genesis, the chain's Genesis under app_state
///     config/priv_validator_key.json  the consensus key (CometBFT's format, mode 0600)
///     config/relayer_key.json         the node's relayer key for webhooks (same format, 0600)
///     data/                           the chain's database
public struct NodeHome: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public var configFolder: String { path + "/config" }
    public var dataFolder: String { path + "/data" }
    public var configFile: String { configFolder + "/config.toml" }
    public var genesisFile: String { configFolder + "/genesis.json" }
    public var validatorKeyFile: String { configFolder + "/priv_validator_key.json" }
    public var relayerKeyFile: String { configFolder + "/relayer_key.json" }

    /// True when `cmt-node init` has written the home.
    public var isInitialized: Bool { FileManager.default.fileExists(atPath: genesisFile) }

    /// What a started node reads from its home.
    public struct Contents: Sendable {
        public var config: NodeConfig
        public var genesis: GenesisDocument
        public var validatorKey: ConsensusKeyFile
        public var relayerKey: ConsensusKeyFile
    }

    /// Writes a new home: the dev chain's genesis (ten dev accounts and the faucet) with this
    /// node's new consensus key as the one validator, a new relayer key, and the default config.
    /// - Throws: ``NodeError`` when the home already holds a genesis or a file cannot be written.
    @discardableResult
    public static func initialize(
        at path: String, chainID: String = DevGenesis.chainID, genesisTime: Int64, config: NodeConfig = NodeConfig(),
        validatorKey: SigningKey = .generate(), relayerKey: SigningKey = .generate()
    ) throws(NodeError) -> NodeHome {
        let home = NodeHome(path: path)
        guard !home.isInitialized else { throw NodeError(.invalidParams, "\(path) already holds a node (config/genesis.json exists)") }
        let genesis = DevGenesis.genesis(chainID: chainID)
        do {
            try genesis.validate()
        } catch {
            throw NodeError(.invalidParams, "chain id: \(error)")
        }
        let document = GenesisDocument(genesisTime: genesisTime, genesis: genesis, validators: [(validatorKey.publicKey, 10, config.moniker)])
        do {
            try FileManager.default.createDirectory(atPath: home.configFolder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: home.dataFolder, withIntermediateDirectories: true)
            try Data(config.toml.utf8).write(to: URL(fileURLWithPath: home.configFile))
            try Data(document.json.prettyText.utf8 + [0x0A]).write(to: URL(fileURLWithPath: home.genesisFile))
            try ConsensusKeyFile(key: validatorKey).save(to: home.validatorKeyFile)
            try ConsensusKeyFile(key: relayerKey).save(to: home.relayerKeyFile)
        } catch {
            throw NodeError(.store, "cannot write the home \(path): \(error)")
        }
        return home
    }

    /// Reads the home's config, genesis and keys.
    public func load() throws(NodeError) -> Contents {
        let config = try NodeConfig(bytes: try read(configFile))
        let genesis = try GenesisDocument(bytes: try read(genesisFile))
        do {
            return Contents(
                config: config, genesis: genesis, validatorKey: try ConsensusKeyFile.load(validatorKeyFile),
                relayerKey: try ConsensusKeyFile.load(relayerKeyFile))
        } catch {
            throw NodeError(.invalidParams, "\(error)")
        }
    }

    func read(_ file: String) throws(NodeError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else { throw NodeError(.invalidParams, "cannot read \(file)") }
        return Array(data)
    }
}
