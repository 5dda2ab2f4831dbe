/// What every block of a chain runs under: its id, initial height, parameters and versions. Set
/// by genesis and kept in state (so in the app hash) under `chain(…)` keys (docs/chain.md, "Key
/// layout"): `chain_id` (UTF-8), `initial_height` (8 bytes), `parameters`
/// (``ChainParameters/encoded``), `versions` (``ChainVersions/encoded``).
public struct ChainConfig: Hashable, Sendable {
    public var chainID: String
    public var initialHeight: UInt64
    public var parameters: ChainParameters
    public var versions: ChainVersions

    public init(genesis: Genesis) {
        chainID = genesis.chainID
        initialHeight = genesis.initialHeight
        parameters = genesis.parameters
        versions = genesis.versions
    }

    init(chainID: String, initialHeight: UInt64, parameters: ChainParameters, versions: ChainVersions) {
        self.chainID = chainID
        self.initialHeight = initialHeight
        self.parameters = parameters
        self.versions = versions
    }

    static let chainIDKey = StateKey.chain("chain_id").bytes
    static let initialHeightKey = StateKey.chain("initial_height").bytes
    static let parametersKey = StateKey.chain("parameters").bytes
    static let versionsKey = StateKey.chain("versions").bytes

    /// Writes the configuration into `state`.
    func write(to state: StateOverlay) {
        state.put(Self.chainIDKey, Array(chainID.utf8))
        var height = ChainBytesWriter()
        height.u64(initialHeight)
        state.put(Self.initialHeightKey, height.bytes)
        state.put(Self.parametersKey, parameters.encoded)
        state.put(Self.versionsKey, versions.encoded)
    }

    /// Reads the configuration a genesis wrote into committed state.
    /// - Throws: ``ChainStoreError/Code/corrupt`` when a key is missing or does not decode.
    init(reading state: any StateBacking) throws(ChainStoreError) {
        func read(_ key: [UInt8], _ name: String) throws(ChainStoreError) -> [UInt8] {
            guard let value = try state.value(of: key) else {
                throw ChainStoreError(.corrupt, "committed state has no \(name)")
            }
            return value
        }
        let idBytes = try read(Self.chainIDKey, "chain id")
        let heightBytes = try read(Self.initialHeightKey, "initial height")
        let parameterBytes = try read(Self.parametersKey, "parameters")
        let versionBytes = try read(Self.versionsKey, "versions")
        do throws(ChainDecodingError) {
            guard let chainID = String(validating: idBytes, as: UTF8.self) else {
                throw ChainDecodingError("the chain id is not UTF-8")
            }
            var height = ChainBytesReader(heightBytes, what: "initial height")
            let initialHeight = try height.u64()
            try height.finish()
            self.init(
                chainID: chainID, initialHeight: initialHeight, parameters: try ChainParameters(decoding: parameterBytes),
                versions: try ChainVersions(decoding: versionBytes))
        } catch {
            throw ChainStoreError(.corrupt, error.message)
        }
    }
}

extension ChainParameters {
    /// Decodes ``encoded``.
    public init(decoding bytes: [UInt8]) throws(ChainDecodingError) {
        var reader = ChainBytesReader(bytes, what: "chain parameters")
        let version = try reader.u8()
        guard version == 1 else { throw reader.failure("unknown format version \(version)") }
        let price = try reader.amount()
        let gasLimit = try reader.u64()
        let txBytes = try reader.u64()
        let blockBytes = try reader.u64()
        guard txBytes <= UInt64(Int.max), blockBytes <= UInt64(Int.max) else { throw reader.failure("a size out of range") }
        self.init(
            minimumGasPrice: price, blockGasLimit: gasLimit, maxTransactionBytes: Int(txBytes), maxBlockBytes: Int(blockBytes),
            transferGas: try reader.u64(), contractBaseGas: try reader.u64(), contractByteGas: try reader.u64())
        try reader.finish()
    }
}

extension ChainVersions {
    /// Decodes ``encoded``.
    public init(decoding bytes: [UInt8]) throws(ChainDecodingError) {
        var reader = ChainBytesReader(bytes, what: "chain versions")
        let version = try reader.u8()
        guard version == 1 else { throw reader.failure("unknown format version \(version)") }
        let protocolVersion = try reader.u64()
        let schedule = try reader.u64()
        guard schedule <= UInt64(Int.max) else { throw reader.failure("a gas schedule version out of range") }
        self.init(protocolVersion: protocolVersion, gasSchedule: Int(schedule), bytecode: try reader.u16(), valueEncoding: try reader.u8())
        try reader.finish()
    }
}
