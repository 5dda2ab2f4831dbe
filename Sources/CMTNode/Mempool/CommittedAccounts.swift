import CMTBytecode
import CMTChain

/// What the mempool needs to know of the chain's committed state: the only questions it asks
/// (docs/node.md, "Mempool"). The chain implements it over its latest committed block; tests
/// implement it with a dictionary.
public protocol CommittedAccounts {
    /// The nonce the account's next transaction must carry (0 for an account never seen).
    func nonce(of account: Address) -> UInt64
    /// The account's committed balance (zero for an account never seen).
    func balance(of account: Address) -> Amount
}
