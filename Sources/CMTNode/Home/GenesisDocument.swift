import CMTBytecode
import CMTChain
import Foundation

/// CometBFT's `genesis.json` (its layout, as `cometbft init` writes it): genesis time, chain id,
/// initial height, consensus parameters, the validators, and the application's state under
/// `app_state`, which is the chain's ``Genesis`` (docs/chain.md, "Genesis").
public struct GenesisDocument: Sendable {
    public var genesisTime: Int64
    public var genesis: Genesis
    /// The validator set: each key with its voting power.
    public var validators: [(key: PublicKey, power: UInt64, name: String)]

    public init(genesisTime: Int64, genesis: Genesis, validators: [(key: PublicKey, power: UInt64, name: String)]) {
        self.genesisTime = genesisTime
        self.genesis = genesis
        self.validators = validators
    }

    /// The JSON text.
    public var json: JSONValue {
        let appState = (try? JSONReader().read(genesis.json())) ?? .object([])
        let parameters = genesis.parameters
        return .object([
            JSONMember("genesis_time", .string(Self.timeText(genesisTime))),
            JSONMember("chain_id", .string(genesis.chainID)),
            JSONMember("initial_height", .string(String(genesis.initialHeight))),
            JSONMember("consensus_params", .object([
                JSONMember("block", .object([
                    JSONMember("max_bytes", .string(String(parameters.maxBlockBytes))), JSONMember("max_gas", .string(String(parameters.blockGasLimit))),
                ])),
                JSONMember("evidence", .object([
                    JSONMember("max_age_num_blocks", .string("100000")), JSONMember("max_age_duration", .string("172800000000000")),
                    JSONMember("max_bytes", .string("1048576")),
                ])),
                JSONMember("validator", .object([JSONMember("pub_key_types", .array([.string("ed25519")]))])),
                JSONMember("version", .object([JSONMember("app", .string(String(genesis.versions.protocolVersion)))])),
            ])),
            JSONMember("validators", .array(validators.map { validator in
                .object([
                    JSONMember("address", .string(Hex.encode(ConsensusKeyFile.address(of: validator.key)).uppercased())),
                    JSONMember("pub_key", .object([
                        JSONMember("type", .string(ConsensusKeyFile.publicKeyType)),
                        JSONMember("value", .string(Data(validator.key.bytes).base64EncodedString())),
                    ])),
                    JSONMember("power", .string(String(validator.power))), JSONMember("name", .string(validator.name)),
                ])
            })),
            JSONMember("app_hash", .string("")),
            JSONMember("app_state", appState),
        ])
    }

    /// Reads a `genesis.json`.
    /// - Throws: ``NodeError`` naming what is wrong.
    public init(bytes: [UInt8]) throws(NodeError) {
        let json: JSONValue
        do {
            json = try JSONReader().read(bytes)
        } catch {
            throw NodeError(.invalidParams, "genesis.json is not JSON: \(error)")
        }
        guard case .string(let time)? = json["genesis_time"], let seconds = Self.seconds(time) else {
            throw NodeError(.invalidParams, "genesis.json: genesis_time must be an RFC 3339 time")
        }
        guard case .string(let chainID)? = json["chain_id"] else { throw NodeError(.invalidParams, "genesis.json: chain_id must be a string") }
        guard let appState = json["app_state"] else { throw NodeError(.invalidParams, "genesis.json: app_state is missing") }
        let genesis: Genesis
        do {
            genesis = try Genesis(json: appState.bytes)
        } catch {
            throw NodeError(.invalidParams, "genesis.json: app_state: \(error)")
        }
        guard genesis.chainID == chainID else {
            throw NodeError(.invalidParams, "genesis.json: app_state.chain_id '\(genesis.chainID)' is not chain_id '\(chainID)'")
        }
        var validators: [(key: PublicKey, power: UInt64, name: String)] = []
        if case .array(let items)? = json["validators"] {
            for (index, item) in items.enumerated() {
                guard case .string(let value)? = item["pub_key"]?["value"], let bytes = Data(base64Encoded: value),
                    let key = try? PublicKey(bytes: Array(bytes)), case .string(let power)? = item["power"], let votes = UInt64(power)
                else { throw NodeError(.invalidParams, "genesis.json: validators[\(index)] needs pub_key.value (base64 Ed25519) and power") }
                let name: String = if case .string(let text)? = item["name"] { text } else { "" }
                validators.append((key, votes, name))
            }
        }
        self.init(genesisTime: seconds, genesis: genesis, validators: validators)
    }

    static func timeText(_ seconds: Int64) -> String {
        Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(Date.ISO8601FormatStyle())
    }

    static func seconds(_ text: String) -> Int64? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return Int64(date.timeIntervalSince1970) }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return Int64(date.timeIntervalSince1970) }
        return nil
    }
}
