import CMTChain

/// One sender's pooled transactions, sorted by nonce, and the committed nonce they follow.
struct SenderQueue: Sendable {
    /// The sender's committed nonce as last seen: its next executable transaction carries it.
    var committedNonce: UInt64
    /// The transactions, ascending nonce, at most one per nonce.
    var entries: [MempoolEntry] = []

    init(committedNonce: UInt64) { self.committedNonce = committedNonce }

    /// The position of `nonce` in ``entries``, or where it would go.
    func position(of nonce: UInt64) -> (index: Int, found: Bool) {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].nonce < nonce { low = middle + 1 } else { high = middle }
        }
        return (low, low < entries.count && entries[low].nonce == nonce)
    }

    /// How many leading entries are executable: consecutive nonces from the committed nonce.
    var executableCount: Int {
        var count = 0
        var expected = committedNonce
        for entry in entries {
            guard entry.nonce == expected else { break }
            count += 1
            expected &+= 1
        }
        return count
    }
}
