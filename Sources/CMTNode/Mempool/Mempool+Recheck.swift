import CMTBytecode
import CMTChain

extension Mempool {
    /// Re-checks every pooled transaction against the state a block just committed, before the
    /// next block: drops those whose nonce is now committed (included, or superseded by another
    /// transaction with that nonce), those whose expiry height is below `nextHeight`, and, per
    /// sender in nonce order, each one its balance no longer covers after the ones before it (or
    /// whose fee payer cannot pay its fee). Later nonces of a sender stay, queued behind the gap.
    ///
    /// - Returns: what was removed and why, by sender address then nonce.
    @discardableResult
    public mutating func recheck(_ state: some CommittedAccounts, nextHeight: UInt64) -> [Removal] {
        self.nextHeight = nextHeight
        var removals: [Removal] = []
        for sender in senders.keys.sorted() {
            guard var queue = senders[sender] else { continue }
            queue.committedNonce = state.nonce(of: sender)
            let balance = state.balance(of: sender).atto
            var spent: UInt128 = 0
            var kept: [MempoolEntry] = []
            for entry in queue.entries {
                let reason: RemovalReason?
                if entry.nonce < queue.committedNonce {
                    reason = .nonceCommitted
                } else if let expiry = entry.checked.transaction.expiryHeight, expiry < nextHeight {
                    reason = .expired
                } else if TxCost.sum(spent, entry.senderCost) > balance {
                    reason = .insufficientBalance
                } else if let payer = entry.feePayer, entry.maxFee > state.balance(of: payer).atto {
                    reason = .insufficientBalance
                } else {
                    reason = nil
                }
                guard let reason else {
                    spent = TxCost.sum(spent, entry.senderCost)
                    kept.append(entry)
                    continue
                }
                removals.append(Removal(transaction: entry.checked, reason: reason))
                locations[entry.hash] = nil
                count -= 1
                bytes -= entry.size
            }
            queue.entries = kept
            senders[sender] = kept.isEmpty ? nil : queue
        }
        return removals
    }
}
