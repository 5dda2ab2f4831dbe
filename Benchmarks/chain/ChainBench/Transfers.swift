import CMTChain
import ChainWorkloads
import Foundation

/// `cmt-chain-bench transfers`: signed transfers per second through the whole block path on the
/// in-memory storage: CheckTx (signatures verified on every core) → PrepareProposal →
/// ProcessProposal → FinalizeBlock (app hash every block) → Commit.
func runTransfers() {
    let accounts = option("--accounts", default: 100_000)
    let senders = option("--senders", default: 2_000)
    let total = option("--transactions", default: 100_000)
    let blockSize = option("--block", default: 2_000)
    do {
        let workload = TransferWorkload(funded: accounts, senders: senders)
        let storage = try MemoryChainStorage(retention: .keepLatest(10))
        let app = try ChainApplication(storage: storage)
        try app.initChain(InitChainRequest(
            chainID: TransferWorkload.chainID, initialHeight: 1, time: 1_700_000_000, appState: workload.genesis().json()))
        let transactions = workload.transfers(count: total, seed: 7)
        let bound = Ed25519Bound.measure(signatures: 20_000)

        let started = ContinuousClock.now
        var committed = 0
        var height: UInt64 = 1
        var offset = 0
        while offset < transactions.count {
            let batch = Array(transactions[offset..<min(transactions.count, offset + blockSize)])
            offset += batch.count
            let admitted = zip(batch, app.checkTxs(batch)).filter { $0.1.isAccepted }.map(\.0)
            let context = ProposalContext(height: height, time: 1_700_000_000 + Int64(height), proposer: workload.keys[0].address)
            let proposal = app.prepareProposal(context, candidates: admitted, maxBytes: 64 << 20)
            guard app.processProposal(context, transactions: proposal) == .accept else { fail("block \(height) was refused") }
            let result = try app.finalizeBlock(FinalizeBlockRequest(
                height: height, time: context.time, proposer: context.proposer, transactions: proposal))
            try app.commit()
            committed += result.results.filter { $0.code == 0 }.count
            height += 1
        }
        let seconds = Ed25519Bound.seconds(since: started)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("transfers \(committed) of \(total) committed in \(height - 1) blocks of \(blockSize), \(accounts + senders) funded accounts, in-memory storage")
        print(String(format: "signed transfers/s %.0f  (%.2f s)", Double(committed) / seconds, seconds))
        print(String(format: "ed25519 verifications/s %.0f on one core, %.0f on %d cores", bound.oneCore, bound.allCores, cores))
        print("state keys \(storage.stateKeyCount) app hash \(try app.info().lastBlockAppHash.hex.prefix(16))")
    } catch {
        fail("\(error)")
    }
}
