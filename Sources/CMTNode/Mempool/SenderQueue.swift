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

    /// The entries that are executable: consecutive nonces from the committed nonce. Entries
    /// below the committed nonce (left when a commit was not yet re-checked) are skipped.
    var executable: ArraySlice<MempoolEntry> {
        let start = position(of: committedNonce).index
        var end = start
        var expected = committedNonce
        while end < entries.count, entries[end].nonce == expected {
            end += 1
            expected &+= 1
        }
        return entries[start..<end]
    }

    /// How many entries are executable.
    var executableCount: Int { executable.count }
}
