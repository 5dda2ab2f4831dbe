import CMTBytecode
import CMTChain

/// A pooled transaction with what the pool ranks and checks it by, computed once.
struct MempoolEntry: Sendable {
    let checked: CheckedTransaction
    /// Arrival order: breaks ties between equal tips (earlier first) and eviction ties (later first).
    let sequence: UInt64
    let sender: Address
    let feePayer: Address?
    /// The most fee the transaction can cost: gas limit × maximum fee per gas (saturating).
    let maxFee: UInt128
    /// What the signer's balance must cover: the value, plus ``maxFee`` when it pays its own fee.
    let senderCost: UInt128
    /// The priority fee per gas the proposer actually gets: min(priority fee, max fee − base fee).
    let tip: UInt128

    init(_ checked: CheckedTransaction, sequence: UInt64, baseFee: Amount) {
        self.checked = checked
        self.sequence = sequence
        let tx = checked.transaction
        sender = tx.sender
        feePayer = tx.feePayer?.address
        maxFee = TxCost.product(UInt128(tx.gasLimit), tx.maxFeePerGas.atto)
        let value = TxCost.value(of: tx.action)
        senderCost = feePayer == nil ? TxCost.sum(value, maxFee) : value
        tip = TxCost.tip(tx, baseFee: baseFee)
    }

    var nonce: UInt64 { checked.transaction.nonce }
    var size: Int { checked.bytes.count }
    var hash: [UInt8] { checked.hash }

    /// Block order: the higher tip first, then the earlier arrival.
    func ranksBefore(_ other: MempoolEntry) -> Bool {
        tip != other.tip ? tip > other.tip : sequence < other.sequence
    }

    /// Eviction order: the lower tip first, then the later arrival.
    func cheaperThan(_ other: MempoolEntry) -> Bool {
        tip != other.tip ? tip < other.tip : sequence > other.sequence
    }
}

/// The amounts the pool computes from a transaction, exact and saturating (a cost beyond UInt128
/// is more than any balance).
enum TxCost {
    static func product(_ a: UInt128, _ b: UInt128) -> UInt128 {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : value
    }

    static func sum(_ a: UInt128, _ b: UInt128) -> UInt128 {
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : value
    }

    /// The CMT a transaction moves out of its signer's account besides fees.
    static func value(of action: TxAction) -> UInt128 {
        switch action {
        case .transfer(_, let amount): amount.atto
        case .deploy(_, _, _, let value): value.atto
        case .call(_, _, _, let value): value.atto
        case .webhookEvent: 0
        }
    }

    /// min(priority fee, max fee − base fee), or 0 when the max fee is below the base fee.
    static func tip(_ tx: Transaction, baseFee: Amount) -> UInt128 {
        guard tx.maxFeePerGas >= baseFee else { return 0 }
        return min(tx.priorityFeePerGas.atto, tx.maxFeePerGas.atto - baseFee.atto)
    }

    /// The least a replacement must offer: `old × (100 + percent) / 100`, rounded down as geth
    /// does; nil when that is beyond UInt128 (nothing can replace it).
    static func bumped(_ old: UInt128, percent: UInt128) -> UInt128? {
        let factor = 100 + percent
        let (high, overflow) = (old / 100).multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        let (total, overflowSum) = high.addingReportingOverflow(old % 100 * factor / 100)
        return overflowSum ? nil : total
    }
}
