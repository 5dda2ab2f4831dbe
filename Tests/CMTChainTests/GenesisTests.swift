import CMTBytecode
import Testing

@testable import CMTChain

/// Genesis `app_state`: its JSON form, its validation, and InitChain (docs/chain.md, "Genesis").
@Suite struct GenesisTests {
    static let alice = DevAccounts.key(0).address

    static func json(_ replacing: [String: String] = [:], accounts: String? = nil) -> [UInt8] {
        var fields: [String: String] = [
            "chain_id": "\"cmt-dev-1\"", "initial_height": "\"1\"",
            "versions": "{\"protocol\": \"1\", \"gas_schedule\": \"\(GasSchedule.current.version)\", \"bytecode\": \"\(Module.currentVersion)\", \"value_encoding\": \"1\"}",
            "parameters": """
                {"minimum_gas_price": "0.000000001", "block_gas_limit": "100000000", "max_transaction_bytes": "1048576",
                 "max_block_bytes": "4194304", "transfer_gas": "21000", "contract_base_gas": "21000", "contract_byte_gas": "1"}
                """,
            "accounts": accounts ?? "[{\"address\": \"\(alice.text)\", \"balance\": \"1000.5\"}]",
        ]
        for (key, value) in replacing { fields[key] = value }
        let body = fields.keys.sorted().map { "\"\($0)\": \(fields[$0] ?? "")" }.joined(separator: ",\n")
        return Array("{\(body)}".utf8)
    }

    static func error(_ bytes: [UInt8]) -> GenesisError? {
        do {
            _ = try Genesis(json: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("a genesis decodes from app_state JSON and writes back the same JSON")
    func decodes() throws {
        let genesis = try Genesis(json: Self.json())
        #expect(genesis.chainID == "cmt-dev-1")
        #expect(genesis.initialHeight == 1)
        #expect(genesis.versions == .current)
        #expect(genesis.parameters == .standard)
        #expect(genesis.accounts == [Genesis.Account(address: Self.alice, balance: Amount(atto: 1_000_500_000_000_000_000_000))])
        #expect(try Genesis(json: genesis.json()) == genesis)
        #expect(String(decoding: genesis.json(), as: UTF8.self).contains("\"balance\" : \"1000.5\""))
    }

    @Test("bad genesis fields are refused with a code and the field's path")
    func refusals() {
        let cases: [([UInt8], GenesisError.Code, String)] = [
            (Array("not json".utf8), .malformed, "app_state"),
            (Self.json(["chain_id": "\"\""]), .badChainID, "chain_id"),
            (Self.json(["chain_id": "\"has space\""]), .badChainID, "chain_id"),
            (Self.json(["initial_height": "\"0\""]), .badInitialHeight, "initial_height"),
            (Self.json(["initial_height": "1"]), .malformed, "initial_height"),
            (Self.json(["initial_height": "\"01\""]), .malformed, "initial_height"),
            (Self.json(["extra": "1"]), .malformed, "unknown field 'extra'"),
            (Self.json(["versions": "{\"protocol\": \"2\", \"gas_schedule\": \"3\", \"bytecode\": \"2\", \"value_encoding\": \"1\"}"]), .unknownVersion, "versions.protocol"),
            (Self.json(["versions": "{\"protocol\": \"1\", \"gas_schedule\": \"1\", \"bytecode\": \"2\", \"value_encoding\": \"1\"}"]), .unknownVersion, "versions.gas_schedule"),
            (Self.json(["parameters": "{}"]), .malformed, "parameters.minimum_gas_price"),
            (Self.json(accounts: "[{\"address\": \"cmt1nope\", \"balance\": \"1\"}]"), .malformed, "accounts[0].address"),
            (Self.json(accounts: "[{\"address\": \"\(Self.alice.text)\", \"balance\": \"1.0000000000000000001\"}]"), .malformed, "accounts[0].balance"),
            (Self.json(accounts: "[{\"address\": \"\(Self.alice.text)\", \"balance\": \"-1\"}]"), .malformed, "accounts[0].balance"),
            (Self.json(accounts: "[{\"address\": \"\(Self.alice.text)\", \"balance\": \"1\"}, {\"address\": \"\(Self.alice.text)\", \"balance\": \"2\"}]"), .badAccount, "listed twice"),
        ]
        for (bytes, code, fragment) in cases {
            let error = Self.error(bytes)
            #expect(error?.code == code, "\(fragment): \(String(describing: error))")
            #expect(error?.message.contains(fragment) == true, "\(fragment): \(String(describing: error))")
        }
    }

    @Test("parameters out of range are refused")
    func parameterRanges() throws {
        var parameters = ChainParameters.standard
        parameters.blockGasLimit = 0
        #expect(throws: GenesisError.self) { try parameters.validate() }
        parameters = .standard
        parameters.maxBlockBytes = parameters.maxTransactionBytes - 1
        #expect(throws: GenesisError.self) { try parameters.validate() }
        parameters = .standard
        parameters.transferGas = 0
        #expect(throws: GenesisError.self) { try parameters.validate() }
        #expect(throws: Never.self) { try ChainParameters.standard.validate() }
        #expect(try ChainParameters(decoding: ChainParameters.standard.encoded) == .standard)
        #expect(try ChainVersions(decoding: ChainVersions.current.encoded) == .current)
    }

    @Test("CMT amounts in decimal text parse exactly")
    func amountText() {
        #expect(Amount(cmt: "0")?.atto == 0)
        #expect(Amount(cmt: "1")?.atto == Amount.attoPerCMT)
        #expect(Amount(cmt: "0.000000000000000001")?.atto == 1)
        #expect(Amount(cmt: "12.5")?.atto == 12_500_000_000_000_000_000)
        for bad in ["", ".5", "5.", "1e3", "+1", "01", "1.0000000000000000000", "340282366920938463464"] {
            #expect(Amount(cmt: bad) == nil, "\(bad)")
        }
        #expect(Amount(cmt: Amount(atto: 123_456_789).description)?.atto == 123_456_789)
    }

    @Test("InitChain writes the accounts and configuration into state; a genesis not matching consensus is refused")
    func initChain() throws {
        let storage = try MemoryChainStorage()
        let app = try ChainApplication(storage: storage)
        #expect(throws: ChainError.self) {
            try app.initChain(InitChainRequest(chainID: "other", initialHeight: 1, time: 0, appState: Self.json()))
        }
        #expect(throws: ChainError.self) {
            try app.initChain(InitChainRequest(chainID: "cmt-dev-1", initialHeight: 5, time: 0, appState: Self.json()))
        }
        #expect(throws: ChainError.self) {
            try app.initChain(InitChainRequest(chainID: "cmt-dev-1", initialHeight: 1, time: 0, appState: Array("{}".utf8)))
        }
        #expect(app.config == nil)
        let hash = try app.initChain(InitChainRequest(chainID: "cmt-dev-1", initialHeight: 1, time: 0, appState: Self.json()))
        #expect(try app.info() == ChainInfo(lastBlockHeight: 0, lastBlockAppHash: hash, appVersion: 1))
        #expect(try app.account(Self.alice) == AccountRecord(nonce: 0, balance: Amount(atto: 1_000_500_000_000_000_000_000)))
        #expect(app.config?.chainID == "cmt-dev-1")
        #expect(try storage.tree.latestVersion() == 0)
    }

    @Test("a chain may start at a later initial height")
    func laterInitialHeight() throws {
        let app = try ChainApplication(storage: try MemoryChainStorage())
        try app.initChain(InitChainRequest(chainID: "cmt-dev-1", initialHeight: 100, time: 0, appState: Self.json(["initial_height": "\"100\""])))
        #expect(try app.info().lastBlockHeight == 0)
        #expect(throws: ChainError.self) { try app.finalizeBlock(FinalizeBlockRequest(height: 1, time: 0, proposer: Self.alice, transactions: [])) }
        let result = try app.finalizeBlock(FinalizeBlockRequest(height: 100, time: 0, proposer: Self.alice, transactions: []))
        try app.commit()
        #expect(try app.info() == ChainInfo(lastBlockHeight: 100, lastBlockAppHash: result.appHash, appVersion: 1))
    }
}
