import CMTBytecode
import Crypto
import Testing

@testable import CMTChain

/// A fresh in-memory chain with funded dev accounts, and helpers to sign, check and run blocks.
final class ChainFixture {
    static let chainID = "cmt-exec-1"
    static let baseFee = Amount(atto: 1_000_000_000)
    static let cmt = Amount.attoPerCMT

    let storage: any ChainStorage
    let app: ChainApplication
    let genesis: Genesis
    var height: UInt64 = 0
    var time: Int64 = 1_700_000_000
    let proposer = Address.named("proposer")

    /// Dev accounts 0...3 funded with 100, 200, 300 and 400 CMT.
    /// On `storage` (by default a new in-memory one keeping every version).
    init(
        executor: (any ContractExecutor)? = nil, parameters: ChainParameters = .standard, funded: UInt32 = 4,
        storage: (any ChainStorage)? = nil
    ) throws {
        if let storage {
            self.storage = storage
        } else {
            self.storage = try MemoryChainStorage(retention: .keepAll)
        }
        app = try ChainApplication(storage: self.storage, executor: executor)
        genesis = Genesis(
            chainID: Self.chainID, parameters: parameters,
            accounts: (0..<funded).map {
                Genesis.Account(address: DevAccounts.key($0).address, balance: Amount(atto: UInt128($0 + 1) * 100 * Self.cmt))
            })
        try app.initChain(InitChainRequest(chainID: Self.chainID, initialHeight: 1, time: time, appState: genesis.json()))
    }

    static func key(_ index: UInt32) -> SigningKey { DevAccounts.key(index) }

    /// A transaction signed by dev account `signer`.
    static func transaction(
        _ signer: UInt32, nonce: UInt64, action: TxAction, gasLimit: UInt64 = 21_000, maxFee: Amount = Amount(atto: 3_000_000_000),
        priority: Amount = Amount(atto: 1_000_000_000), expiry: UInt64? = nil, feePayer: UInt32? = nil, chainID: String = chainID
    ) throws -> [UInt8] {
        let tx = Transaction(
            chainID: chainID, nonce: nonce, gasLimit: gasLimit, maxFeePerGas: maxFee, priorityFeePerGas: priority,
            expiryHeight: expiry, signer: key(signer).publicKey, feePayer: feePayer.map { key($0).publicKey }, action: action)
        return try tx.signed(by: key(signer), feePayer: feePayer.map(key))
    }

    static func transfer(_ from: UInt32, to: Address, _ amount: Amount, nonce: UInt64, gasLimit: UInt64 = 21_000,
                         maxFee: Amount = Amount(atto: 3_000_000_000), priority: Amount = Amount(atto: 1_000_000_000),
                         expiry: UInt64? = nil, feePayer: UInt32? = nil) throws -> [UInt8] {
        try transaction(from, nonce: nonce, action: .transfer(to: to, amount: amount), gasLimit: gasLimit, maxFee: maxFee,
                        priority: priority, expiry: expiry, feePayer: feePayer)
    }

    /// Finalizes and commits the next block.
    @discardableResult
    func block(_ transactions: [[UInt8]]) throws -> FinalizeBlockResult {
        height += 1
        time += 5
        let result = try app.finalizeBlock(FinalizeBlockRequest(height: height, time: time, proposer: proposer, transactions: transactions))
        try app.commit()
        return result
    }

    func balance(_ address: Address) throws -> Amount { try app.account(address).balance }
    func nonce(_ address: Address) throws -> UInt64 { try app.account(address).nonce }

    /// Every pair of committed state, in key order.
    func allState() throws -> [(key: [UInt8], value: [UInt8])] {
        var out: [(key: [UInt8], value: [UInt8])] = []
        var cursor: [UInt8] = []
        while let (key, value) = try storage.state.next(from: cursor, prefix: []) {
            out.append((key, value))
            cursor = key + [0]
        }
        return out
    }

    /// Every account record in committed state, in key order.
    func accounts() throws -> [[UInt8]: [UInt8]] {
        var out: [[UInt8]: [UInt8]] = [:]
        var cursor: [UInt8] = [StateKey.Tag.account.rawValue]
        while let (key, value) = try storage.state.next(from: cursor, prefix: [StateKey.Tag.account.rawValue]) {
            out[key] = value
            cursor = key + [0]
        }
        return out
    }

    /// The sum of every balance in committed state.
    func totalBalances() throws -> UInt128 {
        try accounts().values.reduce(UInt128(0)) { $0 + (try AccountRecord(decoding: $1)).balance.atto }
    }
}
