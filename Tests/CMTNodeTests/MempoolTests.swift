import CMTBytecode
import CMTChain
import Testing

@testable import CMTNode

/// The dev chain's mempool (docs/node.md, "Mempool").
@Suite struct MempoolTests {
    let alice = TxFactory.keys[0]
    let bob = TxFactory.keys[1]
    let carol = TxFactory.keys[2]
    let state = TestAccounts.funded(Array(TxFactory.keys.prefix(4)))

    func rejection(_ body: () throws -> Void) -> MempoolRejection.Code? {
        do {
            try body()
            return nil
        } catch let error as MempoolRejection {
            return error.code
        } catch {
            return nil
        }
    }

    @Test("a transaction already pooled is rejected by hash, and the pool is unchanged")
    func duplicateRejected() throws {
        var pool = Mempool()
        let tx = try TxFactory.transfer(alice, nonce: 0)
        _ = try pool.insert(tx, state: state)
        #expect(rejection { _ = try pool.insert(tx, state: state) } == .alreadyKnown)
        #expect(pool.count == 1)
        #expect(pool.contains(hash: tx.hash))
        #expect(pool.transaction(hash: tx.hash) == tx)
    }

    @Test("a nonce below the committed one is too low; one beyond the gap is too far ahead")
    func nonceBounds() throws {
        var pool = Mempool(configuration: MempoolConfiguration(maxNonceGap: 3))
        var accounts = state
        accounts.nonces[alice.address] = 5
        #expect(rejection { _ = try pool.insert(try TxFactory.transfer(alice, nonce: 4), state: accounts) } == .nonceTooLow)
        #expect(rejection { _ = try pool.insert(try TxFactory.transfer(alice, nonce: 9), state: accounts) } == .nonceTooFarAhead)
        let queued = try pool.insert(try TxFactory.transfer(alice, nonce: 8), state: accounts)
        #expect(!queued.executable)
        #expect(pool.counts == (0, 1))
        #expect(pool.count == 1)
    }

    @Test("a future nonce waits queued until the gap before it is filled")
    func gapFilled() throws {
        var pool = Mempool()
        let later = try TxFactory.transfer(alice, nonce: 1)
        #expect(try !pool.insert(later, state: state).executable)
        #expect(pool.proposal().isEmpty)
        let first = try TxFactory.transfer(alice, nonce: 0)
        #expect(try pool.insert(first, state: state).executable)
        #expect(pool.proposal() == [first, later])
        #expect(pool.pendingNonce(of: alice.address, committed: 0) == 2)
        #expect(pool.counts == (2, 0))
    }

    @Test("a replacement needs both fees at least 10% higher, rounded down as geth does")
    func replacementBump() throws {
        var pool = Mempool()
        let old = try TxFactory.transfer(alice, nonce: 0, maxFee: 1_000, tip: 105)
        _ = try pool.insert(old, state: state)
        // 10% more on the maximum fee but not on the tip (105 → 115, floor of 115.5).
        #expect(rejection { _ = try pool.insert(try TxFactory.transfer(alice, nonce: 0, maxFee: 1_100, tip: 114), state: state) }
                == .replacementUnderpriced)
        #expect(rejection { _ = try pool.insert(try TxFactory.transfer(alice, nonce: 0, maxFee: 1_099, tip: 200), state: state) }
                == .replacementUnderpriced)
        let new = try TxFactory.transfer(alice, nonce: 0, maxFee: 1_100, tip: 115)
        let admission = try pool.insert(new, state: state)
        #expect(admission.replaced == old)
        #expect(pool.all == [new])
        #expect(!pool.contains(hash: old.hash))
        #expect(pool.bytes == new.bytes.count)
    }

    @Test("a zero fee is replaced by any fee, and the bump threshold never overflows")
    func bumpEdges() {
        #expect(TxCost.bumped(0, percent: 10) == 0)
        #expect(TxCost.bumped(99, percent: 10) == 108)
        #expect(TxCost.bumped(100, percent: 10) == 110)
        #expect(TxCost.bumped(.max, percent: 10) == nil)
        #expect(TxCost.bumped(.max / 110 * 100, percent: 10) != nil)
    }

    @Test("blocks take the highest tip first across senders and each sender's nonces in order")
    func priorityKeepsNonceOrder() throws {
        var pool = Mempool()
        let a0 = try TxFactory.transfer(alice, nonce: 0, tip: 1)
        let a1 = try TxFactory.transfer(alice, nonce: 1, tip: 90)
        let b0 = try TxFactory.transfer(bob, nonce: 0, tip: 50)
        let c0 = try TxFactory.transfer(carol, nonce: 0, tip: 50)
        for tx in [a1, a0, b0, c0] { _ = try pool.insert(tx, state: state) }
        // b0 and c0 tie on tip: the earlier arrival first.
        #expect(pool.proposal() == [b0, c0, a0, a1])
    }

    @Test("the tip that ranks a transaction is capped by its maximum fee minus the base fee")
    func effectiveTip() throws {
        var pool = Mempool(configuration: MempoolConfiguration(baseFeePerGas: Amount(atto: 60)))
        let capped = try TxFactory.transfer(alice, nonce: 0, maxFee: 70, tip: 70)  // effective tip 10
        let plain = try TxFactory.transfer(bob, nonce: 0, maxFee: 100, tip: 20)
        _ = try pool.insert(capped, state: state)
        _ = try pool.insert(plain, state: state)
        #expect(pool.proposal() == [plain, capped])
        #expect(rejection { _ = try pool.insert(try TxFactory.transfer(carol, nonce: 0, maxFee: 59, tip: 0), state: state) } == .feeBelowBase)
    }

    @Test("a sender whose next transaction does not fit the block's gas is passed over, its later nonces too")
    func proposalGasLimit() throws {
        var pool = Mempool()
        let a0 = try TxFactory.transfer(alice, nonce: 0, tip: 90, gas: 50_000)
        let a1 = try TxFactory.transfer(alice, nonce: 1, tip: 90, gas: 21_000)
        let b0 = try TxFactory.transfer(bob, nonce: 0, tip: 10, gas: 21_000)
        for tx in [a0, a1, b0] { _ = try pool.insert(tx, state: state) }
        #expect(pool.proposal(maxGas: 45_000) == [b0])
        #expect(pool.proposal(maxGas: 71_000) == [a0, a1])
        #expect(pool.proposal(maxCount: 1) == [a0])
    }

    @Test("a full pool evicts the cheapest other sender's last transaction for a better one")
    func evictsCheapest() throws {
        var pool = Mempool(configuration: MempoolConfiguration(maxTransactions: 3))
        let a0 = try TxFactory.transfer(alice, nonce: 0, tip: 5)
        let a1 = try TxFactory.transfer(alice, nonce: 1, tip: 50)
        let b0 = try TxFactory.transfer(bob, nonce: 0, tip: 20)
        for tx in [a0, a1, b0] { _ = try pool.insert(tx, state: state) }
        // a0 is the cheapest, but evicting it would strand a1: alice's last (a1, tip 50) and
        // bob's last (b0, tip 20) are the candidates.
        let c0 = try TxFactory.transfer(carol, nonce: 0, tip: 30)
        let admission = try pool.insert(c0, state: state)
        #expect(admission.evicted == [b0])
        #expect(Set(pool.all.map(\.hash)) == Set([a0, a1, c0].map(\.hash)))
        // Nothing with a lower tip than 30 is left to evict for a transaction paying 30.
        #expect(rejection { _ = try pool.insert(try TxFactory.transfer(bob, nonce: 0, tip: 30), state: state) } == .poolFull)
        #expect(pool.count == 3)
    }

    @Test("the byte limit evicts as many cheap transactions as the new one needs, or refuses and changes nothing")
    func evictsForBytes() throws {
        let size = try TxFactory.transfer(alice, nonce: 0).bytes.count
        // Sizes differ by a byte or two with the fee digits: room for three, not four.
        var pool = Mempool(configuration: MempoolConfiguration(maxBytes: size * 3 + 8))
        let a0 = try TxFactory.transfer(alice, nonce: 0, tip: 1)
        let b0 = try TxFactory.transfer(bob, nonce: 0, tip: 2)
        let b1 = try TxFactory.transfer(bob, nonce: 1, tip: 40)
        for tx in [a0, b0, b1] { _ = try pool.insert(tx, state: state) }
        let c0 = try TxFactory.transfer(carol, nonce: 0, tip: 30)
        #expect(try pool.insert(c0, state: state).evicted == [a0])
        #expect(rejection { _ = try pool.insert(try TxFactory.transfer(TxFactory.keys[3], nonce: 0, tip: 3), state: state) } == .poolFull)
        #expect(pool.bytes == [b0, b1, c0].reduce(0) { $0 + $1.bytes.count })
        var small = Mempool(configuration: MempoolConfiguration(maxBytes: size - 1))
        #expect(rejection { _ = try small.insert(try TxFactory.transfer(alice, nonce: 0), state: state) } == .oversize)
    }

    @Test("a sender's pooled transactions together must fit its committed balance; a fee payer pays the fee")
    func balanceCovered() throws {
        var accounts = TestAccounts()
        accounts.balances[alice.address] = Amount(atto: 2 * 21_000 * 100 + 2)
        var pool = Mempool()
        _ = try pool.insert(try TxFactory.transfer(alice, nonce: 0), state: accounts)
        _ = try pool.insert(try TxFactory.transfer(alice, nonce: 1), state: accounts)
        #expect(rejection { _ = try pool.insert(try TxFactory.transfer(alice, nonce: 2), state: accounts) } == .insufficientBalance)
        // A fee payer with no balance cannot pay; one with enough can, and the signer pays only the value.
        #expect(rejection { _ = try pool.insert(try TxFactory.transfer(bob, nonce: 0, amount: 0, feePayer: carol), state: accounts) }
                == .insufficientBalance)
        accounts.balances[carol.address] = Amount(atto: 21_000 * 100)
        _ = try pool.insert(try TxFactory.transfer(bob, nonce: 0, amount: 0, feePayer: carol), state: accounts)
        #expect(pool.count == 3)
    }

    @Test("an expired transaction is refused, and the re-check drops those that expire")
    func expiry() throws {
        var pool = Mempool(nextHeight: 10)
        #expect(rejection { _ = try pool.insert(try TxFactory.transfer(alice, nonce: 0, expiry: 9), state: state) } == .expired)
        let lasting = try TxFactory.transfer(alice, nonce: 0, expiry: 10)
        _ = try pool.insert(lasting, state: state)
        let removed = pool.recheck(state, nextHeight: 11)
        #expect(removed == [Mempool.Removal(transaction: lasting, reason: .expired)])
        #expect(pool.count == 0)
    }

    @Test("after a commit the re-check drops committed nonces and unaffordable transactions; later ones stay queued")
    func recheckAfterCommit() throws {
        var pool = Mempool()
        let a = try (0..<4).map { try TxFactory.transfer(alice, nonce: $0) }
        let b0 = try TxFactory.transfer(bob, nonce: 0)
        for tx in a + [b0] { _ = try pool.insert(tx, state: state) }
        var committed = state
        committed.nonces[alice.address] = 1
        // Alice can pay for two more transfers: a1 and a2 stay, a3 goes; Bob for none.
        committed.balances[alice.address] = Amount(atto: 2 * (21_000 * 100 + 1))
        committed.balances[bob.address] = .zero
        let removed = pool.recheck(committed, nextHeight: 2)
        let expected = [
            Mempool.Removal(transaction: a[0], reason: .nonceCommitted),
            Mempool.Removal(transaction: a[3], reason: .insufficientBalance),
            Mempool.Removal(transaction: b0, reason: .insufficientBalance),
        ].sorted { $0.transaction.transaction.sender < $1.transaction.transaction.sender }  // stable: alice's two stay in nonce order
        #expect(removed == expected)
        #expect(pool.all == [a[1], a[2]])
        committed.balances[alice.address] = Amount(atto: 21_000 * 100 + 1)
        #expect(pool.recheck(committed, nextHeight: 3) == [Mempool.Removal(transaction: a[2], reason: .insufficientBalance)])
        #expect(pool.proposal() == [a[1]])
        #expect(pool.count == 1)
        #expect(pool.bytes == a[1].bytes.count)
    }

    @Test("after a commit not yet re-checked, a sender's next transaction is executable and its stale ones are skipped")
    func staleEntriesSkipped() throws {
        var pool = Mempool()
        let a0 = try TxFactory.transfer(alice, nonce: 0)
        _ = try pool.insert(a0, state: state)
        var committed = state
        committed.nonces[alice.address] = 1
        let a1 = try TxFactory.transfer(alice, nonce: 1)
        #expect(try pool.insert(a1, state: committed).executable)
        #expect(pool.proposal() == [a1])
        #expect(pool.recheck(committed, nextHeight: 2) == [Mempool.Removal(transaction: a0, reason: .nonceCommitted)])
        #expect(pool.proposal() == [a1])
    }
}
