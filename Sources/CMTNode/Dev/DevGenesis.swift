import CMTBytecode
import CMTChain

/// The dev chain's genesis: ten funded dev accounts (``DevAccounts``, keys everyone can compute)
/// and the dev faucet that `dev_setBalance` pays from (docs/node.md, "The dev chain").
public enum DevGenesis {
    /// The dev chain's id.
    public static let chainID = "cmt-dev-1"
    /// How many funded dev accounts the chain starts with.
    public static let accountCount = 10
    /// Each dev account's balance: 1,000,000 CMT.
    public static let accountBalance = Amount(atto: 1_000_000 * Amount.attoPerCMT)
    /// The faucet's dev account index and balance (10^12 CMT).
    public static let faucetIndex: UInt32 = 1000
    public static let faucetBalance = Amount(atto: 1_000_000_000_000 * Amount.attoPerCMT)

    /// The faucet's key.
    public static var faucet: SigningKey { DevAccounts.key(faucetIndex) }

    /// The dev accounts' keys, in order.
    public static var keys: [SigningKey] { DevAccounts.keys(accountCount) }

    /// The genesis `app_state`.
    public static func genesis(chainID: String = chainID) -> Genesis {
        var accounts = keys.map { Genesis.Account(address: $0.address, balance: accountBalance) }
        accounts.append(Genesis.Account(address: faucet.address, balance: faucetBalance))
        return Genesis(chainID: chainID, accounts: accounts)
    }
}
