import CMTBytecode
import CMTChain
@testable import CMTNode

/// The mempool's rules written the plainest way, over one flat list (docs/node.md, "Mempool"):
/// the reference the randomized tests hold ``Mempool`` to.
struct ReferencePool {
    struct Item {
        let tx: CheckedTransaction
        let sequence: UInt64
        var sender: Address { tx.transaction.sender }
        var nonce: UInt64 { tx.transaction.nonce }
        var size: Int { tx.bytes.count }
    }

    let configuration: MempoolConfiguration
    var nextHeight: UInt64 = 1
    var items: [Item] = []
    var committed: [Address: UInt64] = [:]
    var sequence: UInt64 = 0

    init(configuration: MempoolConfiguration) { self.configuration = configuration }

    func tip(_ item: Item) -> UInt128 {
        let tx = item.tx.transaction
        return min(tx.priorityFeePerGas.atto, tx.maxFeePerGas.atto - configuration.baseFeePerGas.atto)
    }

    func fee(_ tx: Transaction) -> UInt128 { UInt128(tx.gasLimit) * tx.maxFeePerGas.atto }

    func senderCost(_ tx: Transaction) -> UInt128 {
        guard case .transfer(_, let amount) = tx.action else { return 0 }
        return amount.atto + (tx.feePayer == nil ? fee(tx) : 0)
    }

    /// What an admission gives.
    enum Outcome {
        case accepted(replaced: CheckedTransaction?, evicted: [CheckedTransaction])
        case rejected(MempoolRejection.Code)
    }

    /// Accepts or refuses; on acceptance, returns the replaced transaction and the evicted ones.
    mutating func insert(_ tx: CheckedTransaction, state: TestAccounts) -> Outcome {
        let t = tx.transaction
        if items.contains(where: { $0.tx.hash == tx.hash }) { return .rejected(.alreadyKnown) }
        if tx.bytes.count > configuration.maxBytes { return .rejected(.oversize) }
        if t.maxFeePerGas < configuration.baseFeePerGas { return .rejected(.feeBelowBase) }
        if let expiry = t.expiryHeight, expiry < nextHeight { return .rejected(.expired) }
        let base = state.nonce(of: t.sender)
        if t.nonce < base { return .rejected(.nonceTooLow) }
        if t.nonce - base > configuration.maxNonceGap { return .rejected(.nonceTooFarAhead) }
        let old = items.first { $0.sender == t.sender && $0.nonce == t.nonce }
        if let old {
            let o = old.tx.transaction
            let factor = 100 + configuration.priceBumpPercent
            if t.maxFeePerGas.atto < o.maxFeePerGas.atto * factor / 100 || t.priorityFeePerGas.atto < o.priorityFeePerGas.atto * factor / 100 {
                return .rejected(.replacementUnderpriced)
            }
        }
        let others = items.filter { $0.sender == t.sender && $0.nonce != t.nonce }.reduce(UInt128(0)) { $0 + senderCost($1.tx.transaction) }
        if others + senderCost(t) > state.balance(of: t.sender).atto { return .rejected(.insufficientBalance) }
        if let payer = t.feePayer, fee(t) > state.balance(of: payer.address).atto { return .rejected(.insufficientBalance) }
        let new = Item(tx: tx, sequence: sequence)
        var after = items.filter { !($0.sender == t.sender && $0.nonce == t.nonce) }
        var evicted: [CheckedTransaction] = []
        while after.count + 1 > configuration.maxTransactions || after.reduce(new.size, { $0 + $1.size }) > configuration.maxBytes {
            var tails: [Item] = []
            for sender in Set(after.map(\.sender)) where sender != t.sender {
                if let last = after.filter({ $0.sender == sender }).max(by: { $0.nonce < $1.nonce }) { tails.append(last) }
            }
            guard let victim = tails.min(by: { tip($0) != tip($1) ? tip($0) < tip($1) : $0.sequence > $1.sequence }), tip(victim) < tip(new) else {
                return .rejected(.poolFull)
            }
            evicted.append(victim.tx)
            after.removeAll { $0.tx.hash == victim.tx.hash }
        }
        sequence += 1
        committed[t.sender] = base
        items = after + [new]
        return .accepted(replaced: old?.tx, evicted: evicted)
    }

    /// Block order, by repeatedly taking the best executable head.
    func proposal(maxGas: UInt64) -> [CheckedTransaction] {
        var chosen: [CheckedTransaction] = []
        var taken: [Address: UInt64] = [:]
        var blocked: Set<Address> = []
        var gasLeft = maxGas
        while true {
            var heads: [Item] = []
            for sender in Set(items.map(\.sender)) where !blocked.contains(sender) {
                let wanted = (committed[sender] ?? 0) + (taken[sender] ?? 0)
                if let head = items.first(where: { $0.sender == sender && $0.nonce == wanted }) { heads.append(head) }
            }
            guard let best = heads.min(by: { tip($0) != tip($1) ? tip($0) > tip($1) : $0.sequence < $1.sequence }) else { return chosen }
            if best.tx.transaction.gasLimit > gasLeft {
                blocked.insert(best.sender)
                continue
            }
            gasLeft -= best.tx.transaction.gasLimit
            chosen.append(best.tx)
            taken[best.sender, default: 0] += 1
        }
    }

    /// The re-check: what goes, by sender then nonce.
    mutating func recheck(_ state: TestAccounts, nextHeight: UInt64) -> [Mempool.Removal] {
        self.nextHeight = nextHeight
        var removals: [Mempool.Removal] = []
        var kept: [Item] = []
        for sender in Set(items.map(\.sender)).sorted() {
            committed[sender] = state.nonce(of: sender)
            var spent: UInt128 = 0
            for item in items.filter({ $0.sender == sender }).sorted(by: { $0.nonce < $1.nonce }) {
                let t = item.tx.transaction
                if t.nonce < state.nonce(of: sender) {
                    removals.append(.init(transaction: item.tx, reason: .nonceCommitted))
                } else if let expiry = t.expiryHeight, expiry < nextHeight {
                    removals.append(.init(transaction: item.tx, reason: .expired))
                } else if spent + senderCost(t) > state.balance(of: sender).atto
                            || t.feePayer.map({ fee(t) > state.balance(of: $0.address).atto }) == true {
                    removals.append(.init(transaction: item.tx, reason: .insufficientBalance))
                } else {
                    spent += senderCost(t)
                    kept.append(item)
                }
            }
        }
        items = kept
        return removals
    }

    /// Every transaction by sender then nonce.
    var all: [CheckedTransaction] {
        items.sorted { $0.sender != $1.sender ? $0.sender < $1.sender : $0.nonce < $1.nonce }.map(\.tx)
    }
}
