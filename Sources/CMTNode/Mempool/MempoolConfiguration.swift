import CMTChain

/// The limits and prices of a ``Mempool`` (docs/node.md, "Mempool").
public struct MempoolConfiguration: Sendable, Equatable {
    /// The most transactions the pool holds.
    public var maxTransactions: Int
    /// The most bytes (sum of the transactions' envelope sizes) the pool holds.
    public var maxBytes: Int
    /// How far a transaction's nonce may run ahead of its sender's committed nonce: nonces from
    /// the committed one to the committed one plus this are accepted, the ones beyond a gap queued.
    public var maxNonceGap: UInt64
    /// How much higher, in percent, both fees of a replacement must be than the ones it replaces.
    public var priceBumpPercent: UInt128
    /// The base fee per gas: the least maximum fee per gas a transaction may offer; the rest of
    /// its fee is the tip that ranks it.
    public var baseFeePerGas: Amount

    public init(
        maxTransactions: Int = 10_000, maxBytes: Int = 64 << 20, maxNonceGap: UInt64 = 64,
        priceBumpPercent: UInt128 = 10, baseFeePerGas: Amount = .zero
    ) {
        self.maxTransactions = maxTransactions
        self.maxBytes = maxBytes
        self.maxNonceGap = maxNonceGap
        self.priceBumpPercent = priceBumpPercent
        self.baseFeePerGas = baseFeePerGas
    }
}
