import CMTBytecode
import CMTChain
@testable import CMTNode

/// A seeded generator (SplitMix64) so every random test replays the same workload.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Committed accounts kept in dictionaries: the chain's side of the mempool in tests.
struct TestAccounts: CommittedAccounts {
    var nonces: [Address: UInt64] = [:]
    var balances: [Address: Amount] = [:]

    func nonce(of account: Address) -> UInt64 { nonces[account] ?? 0 }
    func balance(of account: Address) -> Amount { balances[account] ?? .zero }

    /// Every dev account in `keys` funded with `cmt` CMT.
    static func funded(_ keys: [SigningKey], cmt: UInt128 = 1_000) -> TestAccounts {
        var accounts = TestAccounts()
        for key in keys { accounts.balances[key.address] = Amount(atto: cmt * Amount.attoPerCMT) }
        return accounts
    }
}

/// Signed, checked transactions for mempool tests.
enum TxFactory {
    static let chainID = "cmt-node-test"
    static let check = StatelessCheck(chainID: chainID)
    static let keys = DevAccounts.keys(8)

    /// A transfer from `signer` with these fees (atto-CMT per gas) and nonce, as the stateless
    /// check returns it. `tag` varies the bytes (and hash) of otherwise equal transactions.
    static func transfer(
        _ signer: SigningKey, nonce: UInt64, maxFee: UInt128 = 100, tip: UInt128 = 10, gas: UInt64 = 21_000,
        amount: UInt128 = 1, expiry: UInt64? = nil, feePayer: SigningKey? = nil, tag: UInt128 = 0
    ) throws -> CheckedTransaction {
        let tx = Transaction(
            chainID: chainID, nonce: nonce, gasLimit: gas, maxFeePerGas: Amount(atto: maxFee),
            priorityFeePerGas: Amount(atto: tip), expiryHeight: expiry, signer: signer.publicKey,
            feePayer: feePayer?.publicKey, action: .transfer(to: keys[7].address, amount: Amount(atto: amount + tag)))
        return try check.check(try tx.signed(by: signer, feePayer: feePayer))
    }
}
