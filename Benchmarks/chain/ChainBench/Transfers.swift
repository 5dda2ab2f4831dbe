import CMTChain
import ChainWorkloads
import Foundation

/// `cmt-chain-bench transfers`: signed transfers per second through the whole block path on the
/// in-memory storage: CheckTx (signatures verified on every core) → PrepareProposal →
/// ProcessProposal → FinalizeBlock (app hash every block) → Commit. `--pipelined` verifies the
/// next block's signatures while the current block runs (``BlockLoop``).
func runTransfers() {
    let accounts = option("--accounts", default: 100_000)
    let senders = option("--senders", default: 2_000)
    let total = option("--transactions", default: 100_000)
    let blockSize = option("--block", default: 2_000)
    let pipelined = CommandLine.arguments.contains("--pipelined")
    do {
        let workload = TransferWorkload(funded: accounts, senders: senders)
        let storage = try MemoryChainStorage(retention: .keepLatest(10))
        let app = try ChainApplication(storage: storage)
        try app.initChain(InitChainRequest(
            chainID: TransferWorkload.chainID, initialHeight: 1, time: 1_700_000_000, appState: workload.genesis().json()))
        let transactions = workload.transfers(count: total, seed: 7)
        // The machine's bound in the same run; `--bound 0` leaves it out (under callgrind).
        let boundSignatures = optionAllowingZero("--bound", default: 20_000)
        let bound = boundSignatures > 0 ? Ed25519Bound.measure(signatures: boundSignatures) : (oneCore: 0, allCores: 0)
        var loop = BlockLoop(app: app, proposer: workload.keys[0], height: 1, time: 1_700_000_001)
        let run = try loop.run(transactions, blockSize: blockSize, pipelined: pipelined)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("transfers \(run.succeeded) of \(total) committed in \(run.blocks) blocks of \(blockSize), \(accounts + senders) funded accounts, in-memory storage\(pipelined ? ", pipelined verification" : "")")
        print(String(format: "signed transfers/s %.0f  (%.2f s)", Double(run.succeeded) / run.seconds, run.seconds))
        print(String(format: "ed25519 verifications/s %.0f on one core, %.0f on %d cores", bound.oneCore, bound.allCores, cores))
        print("state keys \(storage.stateKeyCount) app hash \(try app.info().lastBlockAppHash.hex.prefix(16))")
        if !run.failures.isEmpty { print("not successful: \(run.failures.sorted { $0.key < $1.key })") }
    } catch {
        fail("\(error)")
    }
}
