import CMTBytecode
import Foundation

/// The chain's genesis: what CometBFT's `genesis.json` holds under `app_state` (docs/chain.md,
/// "Genesis"). JSON with snake_case names; amounts are CMT as decimal strings ("1000.5"), 64-bit
/// numbers are decimal strings as CometBFT writes them ("1"), addresses are bech32 `cmt1…`.
///
///     {
///       "chain_id": "cmt-dev-1",
///       "initial_height": "1",
///       "versions": { "protocol": "1", "gas_schedule": "3", "bytecode": "2", "value_encoding": "1" },
///       "parameters": { "minimum_gas_price": "0.000000001", "block_gas_limit": "100000000", … },
///       "accounts": [ { "address": "cmt1…", "balance": "1000" } ]
///     }
public struct Genesis: Hashable, Sendable {
    /// One funded account.
    public struct Account: Hashable, Sendable {
        public var address: Address
        public var balance: Amount

        public init(address: Address, balance: Amount) {
            self.address = address
            self.balance = balance
        }
    }

    /// The chain id every transaction signs over.
    public var chainID: String
    /// The height of the first block (CometBFT's `initial_height`), at least 1.
    public var initialHeight: UInt64
    /// The versions in force from the first block.
    public var versions: ChainVersions
    /// Fees, limits and gas of transfers.
    public var parameters: ChainParameters
    /// The funded accounts, each once.
    public var accounts: [Account]

    public init(
        chainID: String, initialHeight: UInt64 = 1, versions: ChainVersions = .current,
        parameters: ChainParameters = .standard, accounts: [Account]
    ) {
        self.chainID = chainID
        self.initialHeight = initialHeight
        self.versions = versions
        self.parameters = parameters
        self.accounts = accounts
    }

    /// Checks everything a chain needs to start from this genesis.
    /// - Throws: the first ``GenesisError`` found, naming the field.
    public func validate() throws(GenesisError) {
        let id = Array(chainID.utf8)
        guard !id.isEmpty, id.count <= SignBytes.maxChainIDBytes,
            id.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else {
            throw GenesisError(.badChainID, "chain_id '\(chainID.prefix(60))' must be 1 to \(SignBytes.maxChainIDBytes) printable ASCII characters without spaces")
        }
        guard initialHeight >= 1, initialHeight < UInt64(Int64.max) else {
            throw GenesisError(.badInitialHeight, "initial_height must be at least 1, got \(initialHeight)")
        }
        try versions.validate()
        try parameters.validate()
        var seen = Set<Address>()
        var total = Amount.zero
        for (index, account) in accounts.enumerated() {
            guard seen.insert(account.address).inserted else {
                throw GenesisError(.badAccount, "accounts[\(index)]: \(account.address.text) is listed twice")
            }
            guard let sum = total.adding(account.balance) else {
                throw GenesisError(.badAccount, "accounts[\(index)]: the balances add up to more than an amount holds")
            }
            total = sum
        }
    }

    /// The total CMT of the genesis accounts.
    public var totalSupply: Amount {
        accounts.reduce(Amount.zero) { $0.adding($1.balance) ?? $0 }
    }

    /// Decodes and validates `app_state` JSON.
    /// - Throws: ``GenesisError/Code/malformed`` for JSON that does not decode, then what
    ///   ``validate()`` finds.
    public init(json: [UInt8]) throws(GenesisError) {
        do {
            self = try JSONDecoder().decode(Genesis.self, from: Data(json))
        } catch let error as GenesisError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw GenesisError(.malformed, "\(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw GenesisError(.malformed, "\(Self.path(context.codingPath + [key])) is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw GenesisError(.malformed, "\(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw GenesisError(.malformed, "\(Self.path(context.codingPath)) is null")
        } catch {
            throw GenesisError(.malformed, "app_state is not JSON: \(error)")
        }
        try validate()
    }

    /// The `app_state` JSON: keys sorted, so the same genesis always gives the same bytes.
    public func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding strings, arrays and objects of strings cannot fail.
        return (try? Array(encoder.encode(self))) ?? []
    }

    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return out.isEmpty ? "app_state" : out
    }
}
