import CMTChain
import ChainWorkloads
import Foundation

/// `cmt-chain-bench calls --kind token|loan --bundle FILE.sbc`: signed contract calls per second,
/// and gas per second, through the same block path as `transfers` (``BlockLoop``), with the
/// contract executor plugged in; the bundle is deployed (and set up) in blocks before the clock
/// starts. `Benchmarks/chain/calls.sh` bundles the contracts and runs both kinds.
func runCalls() {
    guard let kindName = stringOption("--kind"), let kind = CallWorkload.Kind(rawValue: kindName) else {
        fail("calls needs --kind \(CallWorkload.Kind.allCases.map(\.rawValue).joined(separator: "|"))")
    }
    guard let path = stringOption("--bundle"), let bundle = FileManager.default.contents(atPath: path) else {
        fail("calls needs --bundle FILE.sbc (a bundle that exists)")
    }
    let accounts = option("--accounts", default: 100_000)
    let senders = option("--senders", default: 2_000)
    let total = option("--transactions", default: 20_000)
    let blockSize = option("--block", default: 1_000)
    let pipelined = CommandLine.arguments.contains("--pipelined")
    do {
        let workload = CallWorkload(kind: kind, accounts: TransferWorkload(funded: accounts, senders: senders))
        let storage = try MemoryChainStorage(retention: .keepLatest(10))
        let app = try ChainApplication(storage: storage, executor: BundleContractExecutor())
        try app.initChain(InitChainRequest(
            chainID: TransferWorkload.chainID, initialHeight: 1, time: 1_700_000_000, appState: workload.accounts.genesis().json()))
        var loop = BlockLoop(app: app, proposer: workload.accounts.keys[0], height: 1, time: 1_700_000_001)
        let deployed = try loop.setUp([workload.deploy(bundle: Array(bundle))])
        guard deployed.first?.receipt.createdContract == workload.contract else { fail("the deploy created no contract at \(workload.contract.text)") }
        let setUp = workload.setUp()
        if !setUp.transactions.isEmpty { _ = try loop.setUp(setUp.transactions) }
        let transactions = workload.calls(count: total, nonces: setUp.nextNonces, seed: 11)
        let run = try loop.run(transactions, blockSize: blockSize, pipelined: pipelined)
        print("calls (\(kind.rawValue)) \(run.succeeded) of \(total) succeeded in \(run.blocks) blocks of \(blockSize), \(accounts + senders) funded accounts, in-memory storage\(pipelined ? ", pipelined verification" : "")")
        print(String(format: "contract calls/s %.0f  gas/s %.0f  gas per call %.0f  (%.2f s)",
            Double(run.succeeded) / run.seconds, Double(run.gasUsed) / run.seconds, Double(run.gasUsed) / Double(max(run.transactions, 1)), run.seconds))
        print("state keys \(storage.stateKeyCount) app hash \(try app.info().lastBlockAppHash.hex.prefix(16))")
        if !run.failures.isEmpty { print("not successful: \(run.failures.sorted { $0.key < $1.key })") }
    } catch {
        fail("\(error)")
    }
}
