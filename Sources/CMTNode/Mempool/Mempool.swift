import CMTBytecode
import CMTChain

/// The dev chain's mempool (docs/node.md, "Mempool"): transactions that passed the stateless check
/// wait here for a block. Bounded in count and bytes; per sender in nonce order, future nonces
/// queued up to a bounded gap; a pending transaction replaced by one with the same sender and
/// nonce paying at least 10% more on both fees; blocks ordered by tip across senders; the
/// cheapest evicted when full; duplicates rejected; re-checked against the committed state after
/// every commit (``recheck(_:nextHeight:)``).
///
/// Deterministic: the same calls give the same results and orders (ties go to arrival order; no
/// result depends on a dictionary's order). Not thread-safe: the node serializes calls.
public struct Mempool: Sendable {
    /// What an admission did besides adding the transaction.
    public struct Admission: Sendable, Equatable {
        /// The pooled transaction with the same sender and nonce that this one replaced.
        public var replaced: CheckedTransaction?
        /// The transactions evicted to make room, cheapest first.
        public var evicted: [CheckedTransaction] = []
        /// True when the transaction is executable now (no nonce gap before it).
        public var executable: Bool
    }

    /// Why a transaction left the pool other than by being proposed.
    public enum RemovalReason: String, Sendable, Equatable {
        /// Its nonce is below the committed one: included in a block, or superseded.
        case nonceCommitted
        /// Its expiry height passed.
        case expired
        /// Its sender or fee payer can no longer pay for it.
        case insufficientBalance
    }

    /// A transaction the re-check removed, and why.
    public struct Removal: Sendable, Equatable {
        public var transaction: CheckedTransaction
        public var reason: RemovalReason
    }

    public let configuration: MempoolConfiguration
    /// The height of the next block: a transaction whose expiry height is below it is refused.
    public internal(set) var nextHeight: UInt64
    var senders: [Address: SenderQueue] = [:]
    var locations: [[UInt8]: Address] = [:]
    public internal(set) var count = 0
    public internal(set) var bytes = 0
    var nextSequence: UInt64 = 0

    public init(configuration: MempoolConfiguration = MempoolConfiguration(), nextHeight: UInt64 = 1) {
        self.configuration = configuration
        self.nextHeight = nextHeight
    }

    /// True when a transaction with this hash is pooled.
    public func contains(hash: [UInt8]) -> Bool { locations[hash] != nil }

    /// The pooled transaction with this hash.
    public func transaction(hash: [UInt8]) -> CheckedTransaction? {
        guard let sender = locations[hash], let queue = senders[sender] else { return nil }
        return queue.entries.first { $0.hash == hash }?.checked
    }

    /// The nonce `sender`'s next transaction should carry, counting its executable pooled ones
    /// (what a wallet asks for as the "pending" nonce).
    public func pendingNonce(of sender: Address, committed: UInt64) -> UInt64 {
        guard let queue = senders[sender], queue.committedNonce == committed else { return committed }
        return committed + UInt64(queue.executableCount)
    }

    /// How many pooled transactions are executable now, and how many wait behind a nonce gap.
    public var counts: (executable: Int, queued: Int) {
        let executable = senders.values.reduce(0) { $0 + $1.executableCount }
        return (executable, count - executable)
    }

    /// Adds a transaction that passed the stateless check, judged against the committed `state`.
    /// - Throws: ``MempoolRejection`` with a stable code; a rejected transaction changes nothing.
    public mutating func insert(_ checked: CheckedTransaction, state: some CommittedAccounts) throws(MempoolRejection) -> Admission {
        let tx = checked.transaction
        guard locations[checked.hash] == nil else {
            throw MempoolRejection(.alreadyKnown, "transaction \(Hex.encode(checked.hash)) is already in the pool")
        }
        guard checked.bytes.count <= configuration.maxBytes else {
            throw MempoolRejection(.oversize, "\(checked.bytes.count) bytes is more than the pool holds (\(configuration.maxBytes))")
        }
        guard tx.maxFeePerGas >= configuration.baseFeePerGas else {
            throw MempoolRejection(.feeBelowBase, "maximum fee per gas \(tx.maxFeePerGas.atto) is below the base fee \(configuration.baseFeePerGas.atto)")
        }
        if let expiry = tx.expiryHeight, expiry < nextHeight {
            throw MempoolRejection(.expired, "expiry height \(expiry) is below the next block's height \(nextHeight)")
        }
        let sender = tx.sender
        let committed = state.nonce(of: sender)
        guard tx.nonce >= committed else {
            throw MempoolRejection(.nonceTooLow, "nonce \(tx.nonce) is below \(sender)'s committed nonce \(committed)")
        }
        guard tx.nonce - committed <= configuration.maxNonceGap else {
            throw MempoolRejection(.nonceTooFarAhead, "nonce \(tx.nonce) is more than \(configuration.maxNonceGap) ahead of \(sender)'s committed nonce \(committed)")
        }
        let entry = MempoolEntry(checked, sequence: nextSequence, baseFee: configuration.baseFeePerGas)
        var queue = senders[sender] ?? SenderQueue(committedNonce: committed)
        queue.committedNonce = committed
        let (index, found) = queue.position(of: tx.nonce)
        let replaced = found ? queue.entries[index] : nil
        if let replaced { try Self.checkReplacement(entry, of: replaced, percent: configuration.priceBumpPercent) }
        let othersCost = queue.entries.reduce(UInt128(0)) { $1.nonce == tx.nonce ? $0 : TxCost.sum($0, $1.senderCost) }
        let balance = state.balance(of: sender).atto
        guard TxCost.sum(othersCost, entry.senderCost) <= balance else {
            throw MempoolRejection(.insufficientBalance, "\(sender) has \(balance) atto-CMT; its pooled transactions and this one need "
                                   + "\(TxCost.sum(othersCost, entry.senderCost))")
        }
        if let payer = entry.feePayer {
            let payerBalance = state.balance(of: payer).atto
            guard entry.maxFee <= payerBalance else {
                throw MempoolRejection(.insufficientBalance, "fee payer \(payer) has \(payerBalance) atto-CMT; the fee may be \(entry.maxFee)")
            }
        }
        let freedBytes = replaced?.size ?? 0
        let victims = try evictionPlan(for: entry, freeing: (replaced == nil ? 0 : 1, freedBytes))

        // Everything is checked: apply.
        nextSequence += 1
        var admission = Admission(replaced: replaced?.checked, executable: false)
        for victim in victims {
            remove(victim)
            admission.evicted.append(victim.checked)
        }
        queue = senders[sender] ?? queue
        queue.committedNonce = committed
        let slot = queue.position(of: tx.nonce)
        if slot.found {
            let old = queue.entries[slot.index]
            locations[old.hash] = nil
            bytes -= old.size
            queue.entries[slot.index] = entry
        } else {
            queue.entries.insert(entry, at: slot.index)
            count += 1
        }
        bytes += entry.size
        locations[entry.hash] = sender
        admission.executable = queue.executable.contains { $0.nonce == tx.nonce }
        senders[sender] = queue
        return admission
    }

    private static func checkReplacement(_ new: MempoolEntry, of old: MempoolEntry, percent: UInt128) throws(MempoolRejection) {
        let oldTx = old.checked.transaction
        let newTx = new.checked.transaction
        let needFee = TxCost.bumped(oldTx.maxFeePerGas.atto, percent: percent)
        let needTip = TxCost.bumped(oldTx.priorityFeePerGas.atto, percent: percent)
        guard let needFee, let needTip, newTx.maxFeePerGas.atto >= needFee, newTx.priorityFeePerGas.atto >= needTip else {
            throw MempoolRejection(.replacementUnderpriced, "replacing nonce \(oldTx.nonce) of \(old.sender) needs a maximum fee per gas of at least "
                                   + "\(needFee.map(String.init) ?? "more than the largest amount") and a priority fee of at least "
                                   + "\(needTip.map(String.init) ?? "more than the largest amount") (\(percent)% more than the pooled one)")
        }
    }

    /// The transactions to evict so that `entry` fits, cheapest first; only other senders' last
    /// transactions are candidates (evicting one never leaves a gap), and each must be strictly
    /// cheaper than `entry`.
    private func evictionPlan(for entry: MempoolEntry, freeing: (count: Int, bytes: Int)) throws(MempoolRejection) -> [MempoolEntry] {
        var newCount = count - freeing.count + 1
        var newBytes = bytes - freeing.bytes + entry.size
        var victims: [MempoolEntry] = []
        var taken: [Address: Int] = [:]
        while newCount > configuration.maxTransactions || newBytes > configuration.maxBytes {
            var cheapest: MempoolEntry?
            for (sender, queue) in senders where sender != entry.sender {
                let remaining = queue.entries.count - (taken[sender] ?? 0)
                guard remaining > 0 else { continue }
                let tail = queue.entries[remaining - 1]
                if cheapest.map({ tail.cheaperThan($0) }) ?? true { cheapest = tail }
            }
            guard let victim = cheapest, victim.tip < entry.tip else {
                throw MempoolRejection(.poolFull, "the pool is full (\(count) transactions, \(bytes) bytes) and holds nothing with a lower tip than "
                                       + "\(entry.tip) atto-CMT per gas to evict")
            }
            victims.append(victim)
            taken[victim.sender, default: 0] += 1
            newCount -= 1
            newBytes -= victim.size
        }
        return victims
    }

    /// Takes `entry` out of the pool.
    mutating func remove(_ entry: MempoolEntry) {
        guard var queue = senders[entry.sender] else { return }
        let (index, found) = queue.position(of: entry.nonce)
        guard found, queue.entries[index].hash == entry.hash else { return }
        queue.entries.remove(at: index)
        locations[entry.hash] = nil
        count -= 1
        bytes -= entry.size
        senders[entry.sender] = queue.entries.isEmpty ? nil : queue
    }
}

extension Mempool {
    /// Takes the transaction with this hash out of the pool (the node drops one that a block
    /// left out and CheckTx now refuses). A later nonce of its sender waits behind the new gap.
    @discardableResult
    public mutating func remove(hash: [UInt8]) -> CheckedTransaction? {
        guard let sender = locations[hash], let entry = senders[sender]?.entries.first(where: { $0.hash == hash }) else { return nil }
        remove(entry)
        return entry.checked
    }
}
