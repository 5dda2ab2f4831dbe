import CMTChain
import ChainWorkloads
import Dispatch
import Foundation

/// What a run of blocks did.
struct BlockRun {
    var transactions = 0
    var succeeded = 0
    var gasUsed: UInt64 = 0
    var blocks = 0
    var seconds = 0.0
    /// Receipts that were not a success, by status (and rejection code).
    var failures: [String: Int] = [:]
}

/// Feeds transactions to a chain block by block as a node would: CheckTx of the block's batch →
/// PrepareProposal → ProcessProposal → FinalizeBlock (app hash every block) → Commit.
///
/// With `pipelined`, the signatures of batch n + 1 are verified (``SignatureVerifier``, on every
/// core) on another thread while block n runs, as a node's mempool admits transactions while
/// consensus runs; CheckTx then finds them verified. Without it, each block's CheckTx verifies its
/// own batch on every core before the block starts.
struct BlockLoop {
    let app: ChainApplication
    let proposer: SigningKey
    var height: UInt64
    var time: Int64

    mutating func run(_ transactions: [[UInt8]], blockSize: Int, pipelined: Bool) throws -> BlockRun {
        let batches = stride(from: 0, to: transactions.count, by: blockSize).map {
            Array(transactions[$0..<min(transactions.count, $0 + blockSize)])
        }
        guard let verifier = app.signatureVerifier else { fail("the chain has no genesis") }
        var run = BlockRun()
        let started = ContinuousClock.now
        if pipelined, let first = batches.first { verifier.verify(first) }
        for (index, batch) in batches.enumerated() {
            let ahead = DispatchGroup()
            if pipelined, index + 1 < batches.count {
                let next = batches[index + 1]
                DispatchQueue.global().async(group: ahead) { verifier.verify(next) }
            }
            let admitted = zip(batch, app.checkTxs(batch)).filter { $0.1.isAccepted }.map(\.0)
            let context = ProposalContext(height: height, time: time, proposer: proposer.address)
            let proposal = app.prepareProposal(context, candidates: admitted, maxBytes: 64 << 20)
            guard app.processProposal(context, transactions: proposal) == .accept else { fail("block \(height) was refused") }
            let result = try app.finalizeBlock(FinalizeBlockRequest(
                height: height, time: time, proposer: proposer.address, transactions: proposal))
            try app.commit()
            ahead.wait()
            run.transactions += batch.count
            run.blocks += 1
            run.failures["not admitted", default: 0] += batch.count - proposal.count
            for item in result.results {
                if item.code == 0 {
                    run.succeeded += 1
                } else {
                    run.failures["\(item.receipt.status) \(item.code)", default: 0] += 1
                }
                run.gasUsed += item.gasUsed
            }
            height += 1
            time += 1
        }
        run.seconds = Ed25519Bound.seconds(since: started)
        run.failures = run.failures.filter { $0.value > 0 }
        return run
    }

    /// One block of `transactions` outside any measurement (deploys, set-up calls); fails unless
    /// every one succeeds. Returns the results.
    mutating func setUp(_ transactions: [[UInt8]]) throws -> [TxResult] {
        let result = try app.finalizeBlock(FinalizeBlockRequest(height: height, time: time, proposer: proposer.address, transactions: transactions))
        try app.commit()
        height += 1
        time += 1
        for (index, item) in result.results.enumerated() where item.code != 0 {
            fail("set-up transaction \(index) of block \(height - 1) failed: \(item.log)")
        }
        return result.results
    }
}
