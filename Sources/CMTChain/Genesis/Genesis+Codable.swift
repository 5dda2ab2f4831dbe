import CMTBytecode

/// The JSON form of genesis (`app_state`): snake_case keys, numbers and amounts as decimal strings,
/// unknown keys refused (a misspelt parameter must not silently take its default).
extension Genesis: Codable {
    enum Keys: String, CodingKey, CaseIterable {
        case chainID = "chain_id", initialHeight = "initial_height", versions, parameters, accounts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(Keys.self)
        self.init(
            chainID: try container.decode(String.self, forKey: .chainID),
            initialHeight: try container.decodeNumber(UInt64.self, forKey: .initialHeight),
            versions: try container.decode(ChainVersions.self, forKey: .versions),
            parameters: try container.decode(ChainParameters.self, forKey: .parameters),
            accounts: try container.decode([Account].self, forKey: .accounts))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(chainID, forKey: .chainID)
        try container.encode(String(initialHeight), forKey: .initialHeight)
        try container.encode(versions, forKey: .versions)
        try container.encode(parameters, forKey: .parameters)
        try container.encode(accounts, forKey: .accounts)
    }
}

extension Genesis.Account: Codable {
    enum Keys: String, CodingKey, CaseIterable { case address, balance }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(Keys.self)
        let text = try container.decode(String.self, forKey: .address)
        let address: Address
        do {
            address = try Address.parse(text)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .address, in: container, debugDescription: "'\(text.prefix(100))' is not a cmt1… address: \(error.message)")
        }
        self.init(address: address, balance: try container.decodeAmount(forKey: .balance))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(address.text, forKey: .address)
        try container.encode(balance.description, forKey: .balance)
    }
}

extension ChainVersions: Codable {
    enum Keys: String, CodingKey, CaseIterable {
        case protocolVersion = "protocol", gasSchedule = "gas_schedule", bytecode, valueEncoding = "value_encoding"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(Keys.self)
        self.init(
            protocolVersion: try container.decodeNumber(UInt64.self, forKey: .protocolVersion),
            gasSchedule: try container.decodeNumber(Int.self, forKey: .gasSchedule),
            bytecode: try container.decodeNumber(UInt16.self, forKey: .bytecode),
            valueEncoding: try container.decodeNumber(UInt8.self, forKey: .valueEncoding))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(String(protocolVersion), forKey: .protocolVersion)
        try container.encode(String(gasSchedule), forKey: .gasSchedule)
        try container.encode(String(bytecode), forKey: .bytecode)
        try container.encode(String(valueEncoding), forKey: .valueEncoding)
    }
}

extension ChainParameters: Codable {
    enum Keys: String, CodingKey, CaseIterable {
        case minimumGasPrice = "minimum_gas_price", blockGasLimit = "block_gas_limit"
        case maxTransactionBytes = "max_transaction_bytes", maxBlockBytes = "max_block_bytes"
        case transferGas = "transfer_gas", contractBaseGas = "contract_base_gas", contractByteGas = "contract_byte_gas"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(Keys.self)
        self.init(
            minimumGasPrice: try container.decodeAmount(forKey: .minimumGasPrice),
            blockGasLimit: try container.decodeNumber(UInt64.self, forKey: .blockGasLimit),
            maxTransactionBytes: try container.decodeNumber(Int.self, forKey: .maxTransactionBytes),
            maxBlockBytes: try container.decodeNumber(Int.self, forKey: .maxBlockBytes),
            transferGas: try container.decodeNumber(UInt64.self, forKey: .transferGas),
            contractBaseGas: try container.decodeNumber(UInt64.self, forKey: .contractBaseGas),
            contractByteGas: try container.decodeNumber(UInt64.self, forKey: .contractByteGas))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(minimumGasPrice.description, forKey: .minimumGasPrice)
        try container.encode(String(blockGasLimit), forKey: .blockGasLimit)
        try container.encode(String(maxTransactionBytes), forKey: .maxTransactionBytes)
        try container.encode(String(maxBlockBytes), forKey: .maxBlockBytes)
        try container.encode(String(transferGas), forKey: .transferGas)
        try container.encode(String(contractBaseGas), forKey: .contractBaseGas)
        try container.encode(String(contractByteGas), forKey: .contractByteGas)
    }
}

/// Any key, to list the keys an object holds.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// The keyed container of an object that must hold no key outside `keys`.
    fileprivate func strictContainer<K: CodingKey & CaseIterable>(_ keys: K.Type) throws -> KeyedDecodingContainer<K> {
        let all = try container(keyedBy: AnyKey.self)
        let known = Set(K.allCases.map(\.stringValue))
        if let unknown = all.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "unknown field '\(unknown.prefix(60))' (known: \(K.allCases.map(\.stringValue).joined(separator: ", ")))"))
        }
        return try container(keyedBy: K.self)
    }
}

extension KeyedDecodingContainer {
    /// A whole number written as a decimal string ("42"), as CometBFT writes 64-bit numbers.
    fileprivate func decodeNumber<T: FixedWidthInteger>(_ type: T.Type, forKey key: Key) throws -> T {
        let text = try decode(String.self, forKey: key)
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), text == "0" || !text.hasPrefix("0"),
            let value = T(text)
        else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "'\(text.prefix(60))' is not a whole number from 0 to \(T.max) written as a decimal string")
        }
        return value
    }

    /// An amount of CMT written as a decimal string with at most 18 decimals ("1000.5").
    fileprivate func decodeAmount(forKey key: Key) throws -> Amount {
        let text = try decode(String.self, forKey: key)
        guard let amount = Amount(cmt: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "'\(text.prefix(60))' is not an amount of CMT (decimal digits, at most 18 decimals)")
        }
        return amount
    }
}
