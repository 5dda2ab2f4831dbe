import CMTBytecode
import CMTChain

extension Mempool {
    /// The executable transactions in the order a block takes them: the highest tip first across
    /// senders (ties: earlier arrival), each sender's in nonce order from its committed nonce. A
    /// sender whose next transaction does not fit the remaining gas or bytes is passed over for
    /// the rest of the block (its later nonces cannot go before it). Nothing is removed: the
    /// re-check after the block's commit does that.
    public func proposal(maxGas: UInt64 = .max, maxBytes: Int = .max, maxCount: Int = .max) -> [CheckedTransaction] {
        var heap = EntryHeap()
        var executable: [Address: ArraySlice<MempoolEntry>] = [:]
        for (sender, queue) in senders {
            let run = queue.executable
            guard let head = run.first else { continue }
            executable[sender] = run.dropFirst()
            heap.push(head)
        }
        var chosen: [CheckedTransaction] = []
        var gasLeft = maxGas
        var bytesLeft = maxBytes
        while chosen.count < maxCount, let best = heap.pop() {
            let gas = best.checked.transaction.gasLimit
            guard gas <= gasLeft, best.size <= bytesLeft else { continue }
            gasLeft -= gas
            bytesLeft -= best.size
            chosen.append(best.checked)
            if let next = executable[best.sender]?.first {
                executable[best.sender] = executable[best.sender]?.dropFirst()
                heap.push(next)
            }
        }
        return chosen
    }

    /// Every pooled transaction, by sender address then nonce (for inspection and tests).
    public var all: [CheckedTransaction] {
        senders.keys.sorted().flatMap { senders[$0]?.entries.map(\.checked) ?? [] }
    }
}
