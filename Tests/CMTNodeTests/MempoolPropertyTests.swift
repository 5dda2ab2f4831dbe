import CMTBytecode
import CMTChain
import Testing

@testable import CMTNode

/// Random workloads of admissions, replacements, duplicates, blocks and re-checks, run on the
/// mempool and on ``ReferencePool``: every answer, eviction, proposal and removal must agree.
@Suite struct MempoolPropertyTests {
    static let senders = Array(TxFactory.keys.prefix(4))
    static let payers = [TxFactory.keys[4], TxFactory.keys[5]]

    struct Workload {
        var random: SeededGenerator
        var state = TestAccounts()
        var height: UInt64 = 1
        var sent: [CheckedTransaction] = []

        mutating func randomTransaction(gap: UInt64) throws -> CheckedTransaction {
            if !sent.isEmpty, Int.random(in: 0..<10, using: &random) == 0 { return sent.randomElement(using: &random) ?? sent[0] }
            let signer = senders.randomElement(using: &random) ?? senders[0]
            let base = state.nonce(of: signer.address)
            let offset = Int64.random(in: -1...Int64(gap) + 1, using: &random)
            let nonce = UInt64(max(0, Int64(base) + offset))
            let maxFee = [40, 50, 55, 60, 100, 110, 121].randomElement(using: &random) ?? 100
            let tip = min(maxFee, [0, 5, 10, 11, 50, 70].randomElement(using: &random) ?? 0)
            let expiry: UInt64? = Bool.random(using: &random) ? nil : max(1, height + UInt64.random(in: 0...3, using: &random)) - UInt64.random(in: 0...1, using: &random)
            let payer = Int.random(in: 0..<5, using: &random) == 0 ? payers.randomElement(using: &random) : nil
            let tx = try TxFactory.transfer(
                signer, nonce: nonce, maxFee: UInt128(maxFee), tip: UInt128(tip), gas: [21_000, 30_000].randomElement(using: &random) ?? 21_000,
                amount: UInt128.random(in: 0..<1_000_000, using: &random), expiry: expiry == 0 ? 1 : expiry, feePayer: payer)
            sent.append(tx)
            return tx
        }
    }

    func run(seed: UInt64, steps: Int) throws {
        let sample = try TxFactory.transfer(Self.senders[0], nonce: 0)
        let configuration = MempoolConfiguration(
            maxTransactions: 7, maxBytes: sample.bytes.count * 6, maxNonceGap: 3, priceBumpPercent: 10, baseFeePerGas: Amount(atto: 50))
        var pool = Mempool(configuration: configuration)
        var model = ReferencePool(configuration: configuration)
        var work = Workload(random: SeededGenerator(seed: seed))
        for key in Self.senders + Self.payers {
            work.state.balances[key.address] = Amount(atto: UInt128(21_000 * 121 * Int.random(in: 1...5, using: &work.random)))
        }
        var outcomes: [String: Int] = [:]
        for step in 0..<steps {
            let choice = Int.random(in: 0..<10, using: &work.random)
            if choice < 7 {
                let tx = try work.randomTransaction(gap: configuration.maxNonceGap)
                let expected = model.insert(tx, state: work.state)
                do {
                    let admission = try pool.insert(tx, state: work.state)
                    guard case .accepted(let replaced, let evicted) = expected else {
                        Issue.record("step \(step): the pool accepted what the model refuses (\(expected))")
                        return
                    }
                    #expect(admission.replaced == replaced, "step \(step)")
                    #expect(admission.evicted == evicted, "step \(step)")
                    outcomes[admission.replaced != nil ? "replaced" : admission.evicted.isEmpty ? "added" : "evicting", default: 0] += 1
                } catch {
                    guard case .rejected(let code) = expected else {
                        Issue.record("step \(step): the pool refused what the model accepts: \(error)")
                        return
                    }
                    #expect(code == error.code, "step \(step): \(error)")
                    outcomes[error.code.description, default: 0] += 1
                }
            } else if choice < 9 {
                // A block: the proposal under a random gas limit commits; balances move at random.
                let maxGas = UInt64.random(in: 20_000...120_000, using: &work.random)
                let block = pool.proposal(maxGas: maxGas)
                #expect(block == model.proposal(maxGas: maxGas), "step \(step)")
                for tx in block {
                    let t = tx.transaction
                    work.state.nonces[t.sender] = t.nonce + 1
                    let cost = model.senderCost(t)
                    work.state.balances[t.sender] = Amount(atto: work.state.balance(of: t.sender).atto - min(cost, work.state.balance(of: t.sender).atto))
                }
                let lucky = Self.senders.randomElement(using: &work.random) ?? Self.senders[0]
                work.state.balances[lucky.address] = Amount(atto: UInt128(21_000 * 121 * Int.random(in: 0...5, using: &work.random)))
                work.height += 1
                let removed = pool.recheck(work.state, nextHeight: work.height)
                #expect(removed == model.recheck(work.state, nextHeight: work.height), "step \(step)")
                outcomes["removed", default: 0] += removed.count
                outcomes["proposed", default: 0] += block.count
            } else {
                #expect(pool.proposal() == model.proposal(maxGas: .max), "step \(step)")
            }
            #expect(pool.all == model.all, "step \(step)")
            #expect(pool.count == model.items.count)
            #expect(pool.bytes == model.items.reduce(0) { $0 + $1.size })
            #expect(pool.count <= configuration.maxTransactions && pool.bytes <= configuration.maxBytes)
        }
        // The workload must reach every rule, or the comparison proves little.
        for outcome in ["added", "replaced", "evicting", "alreadyKnown", "nonceTooLow", "nonceTooFarAhead", "replacementUnderpriced",
                        "poolFull", "insufficientBalance", "feeBelowBase", "expired", "removed", "proposed"] {
            #expect(outcomes[outcome, default: 0] > 0, "seed \(seed): no '\(outcome)' in \(outcomes)")
        }
    }

    @Test("the mempool agrees with the reference model on random workloads", arguments: [1, 2, 3] as [UInt64])
    func agreesWithModel(seed: UInt64) throws {
        try run(seed: seed, steps: 600)
    }
}
