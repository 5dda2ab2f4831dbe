import CMTBytecode
import CMTChain
import Crypto

/// The fixed 50-block script of the determinism vectors (docs/chain.md, "Determinism"): eight
/// dev accounts funded at genesis send transfers to each other and to fresh addresses, some with a
/// fee payer, some failing (a replayed nonce, a gapped nonce, an expired transaction, a value
/// above the balance, a gas limit above the block's, a bad signature), plus deploys and calls,
/// which end as `unsupported` on a node without a contract executor. Proposers rotate. Every
/// choice comes from a seeded SplitMix64, so every run, in any process, feeds the same blocks.
public enum ChainScript {
    public static let chainID = "cmt-script-1"
    public static let accountCount: UInt32 = 8
    public static let blocks = 50

    public static func genesis() -> Genesis {
        var parameters = ChainParameters.standard
        parameters.blockGasLimit = 2_000_000
        return Genesis(
            chainID: chainID, initialHeight: 1, parameters: parameters,
            accounts: (0..<accountCount).map { index in
                Genesis.Account(address: DevAccounts.key(index).address, balance: Amount(atto: UInt128(index + 1) * 1_000 * Amount.attoPerCMT))
            })
    }

    /// What a run ends with.
    public struct Outcome: Sendable, Equatable {
        /// The app hash InitChain returned.
        public let genesisAppHash: StateHash
        public let appHash: StateHash
        /// SHA-256 over every receipt's bytes in order.
        public let receiptsDigest: [UInt8]
        public let receiptCount: Int
        /// How many receipts were not a success.
        public let failures: Int
        /// How many receipts of each outcome: a status name, or "rejected:" and the rejection's name.
        public let outcomes: [String: Int]
    }

    /// Runs the script on a fresh in-memory chain.
    public static func run() throws -> Outcome { try run(storage: try MemoryChainStorage()) }

    /// Runs the script on `storage`, which must hold no chain yet. With `reopen`, the application
    /// restarts every `reopenEvery` blocks over the storage `reopen` gives (the same database
    /// opened again): a restarted node resumes at the committed head.
    public static func run(storage: any ChainStorage, reopenEvery: Int = 10, reopen: (() throws -> any ChainStorage)? = nil) throws -> Outcome {
        var app = try ChainApplication(storage: storage)
        let genesis = genesis()
        let genesisAppHash = try app.initChain(InitChainRequest(chainID: chainID, initialHeight: 1, time: 1_700_000_000, appState: genesis.json()))
        var random = SplitMix64(seed: 50)
        var nonces = [UInt64](repeating: 0, count: Int(accountCount))
        var digest = SHA256()
        var count = 0
        var failures = 0
        var outcomes: [String: Int] = [:]
        var appHash = StateHash.placeholder
        for height in 1...UInt64(blocks) {
            if let reopen, height % UInt64(max(reopenEvery, 1)) == 0 { app = try ChainApplication(storage: try reopen()) }
            var transactions: [[UInt8]] = []
            for _ in 0..<(2 + Int(random.next() % 6)) {
                transactions.append(try transaction(height: height, random: &random, nonces: &nonces))
            }
            let proposer = DevAccounts.key(UInt32(height % UInt64(accountCount))).address
            let result = try app.finalizeBlock(FinalizeBlockRequest(
                height: height, time: 1_700_000_000 + Int64(height) * 2, proposer: proposer, transactions: transactions))
            try app.commit()
            for item in result.results {
                digest.update(data: item.receipt.encoded)
                count += 1
                if item.receipt.status != .success { failures += 1 }
                let name = item.receipt.rejection.map { "rejected:\($0)" } ?? item.receipt.status.description
                outcomes[name, default: 0] += 1
            }
            appHash = result.appHash
        }
        return Outcome(genesisAppHash: genesisAppHash, appHash: appHash, receiptsDigest: Array(digest.finalize()), receiptCount: count, failures: failures, outcomes: outcomes)
    }

    private static func transaction(height: UInt64, random: inout SplitMix64, nonces: inout [UInt64]) throws -> [UInt8] {
        let from = Int(random.next() % UInt64(accountCount))
        let key = DevAccounts.key(UInt32(from))
        let kind = random.next() % 20
        var nonce = nonces[from]
        var gasLimit: UInt64 = 30_000
        var expiry: UInt64? = height + 5
        var amount = Amount(atto: UInt128(random.next() % 50) * Amount.attoPerCMT / 10 + UInt128(random.next() % 1000))
        var feePayer: SigningKey?
        var action: TxAction
        let to = random.next() % 4 == 0
            ? Address.named("fresh-\(random.next() % 16)")
            : DevAccounts.key(UInt32(random.next() % UInt64(accountCount))).address
        switch kind {
        case 0: nonce = nonce == 0 ? 1 : nonce - 1  // a replayed (or, for a new account, gapped) nonce
        case 1: nonce += 2  // a gap
        case 2: expiry = height - 1  // expired
        case 3: amount = Amount(atto: 1_000_000 * Amount.attoPerCMT)  // more than any balance
        case 4: gasLimit = 3_000_000  // above the block gas limit
        case 5: feePayer = DevAccounts.key(UInt32((from + 1) % Int(accountCount)))
        default: break
        }
        switch kind {
        case 6: action = .deploy(bundle: Array("bundle \(height)".utf8), constructorArguments: [], parameters: [], value: .zero)
        case 7: action = .call(contract: to, function: "ping", arguments: [1], value: .zero)
        default: action = .transfer(to: to, amount: amount)
        }
        if case .transfer = action {} else { gasLimit = 60_000 }
        let tx = Transaction(
            chainID: chainID, nonce: nonce, gasLimit: gasLimit, maxFeePerGas: Amount(atto: 3_000_000_000),
            priorityFeePerGas: Amount(atto: UInt128(random.next() % 3) * 1_000_000_000), expiryHeight: expiry,
            signer: key.publicKey, feePayer: feePayer?.publicKey, action: action)
        var bytes = try tx.signed(by: key, feePayer: feePayer)
        if kind == 8 { bytes[bytes.count - 1] ^= 1 }  // a bad signature
        if kind > 1, kind != 2, kind != 3, kind != 4, kind != 8 { nonces[from] += 1 }
        return bytes
    }
}

/// SplitMix64: the seeded generator of scripts and workloads.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
