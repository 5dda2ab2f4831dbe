import CMTBytecode
import CMTVM

/// A contract test's state kept by the chain itself (`cmtc test --host sqlite`): the chain Host
/// over a block's ``StateOverlay`` on a ``ChainStorage`` (the SQLite store for `cmtc test`), the
/// same keys, account records and files a node keeps. Each block of the test (until the test
/// advances time, and at its end) is committed to the storage with ``ChainStorage/commitWrites(_:version:time:block:transactions:events:)``,
/// and the next block reads the committed state back from it.
///
/// Contract calls are the test chain's business (it runs the test's program itself); this host
/// provides state, balances, events, files and journaling. A commit that fails is a host
/// ``fault``.
public final class ChainTestState: Host {
    public let storage: any ChainStorage
    public private(set) var block: BlockContext
    private var host: ChainHost
    private var earlierEvents: [EmittedEvent] = []
    private var earlierOutput: [String] = []
    private var commitFault: HostFault?
    private let bundles = BundleCache()

    /// A test state on `storage` (genesis is committed first when it holds no chain), starting at
    /// `block`.
    public init(storage: any ChainStorage, block: BlockContext = BlockContext(height: 1, time: 0)) throws(ChainStoreError) {
        if try storage.head() == nil { try storage.commitWrites([], version: 0, time: block.time) }
        self.storage = storage
        self.block = block
        host = ChainHost(overlay: StateOverlay(backing: storage.state), block: block, bundles: bundles)
    }

    public var fault: HostFault? { commitFault ?? host.fault }

    public func storageGet(contract: Address, key: [UInt8]) -> [UInt8]? { host.storageGet(contract: contract, key: key) }
    public func storageSet(contract: Address, key: [UInt8], value: [UInt8]?) { host.storageSet(contract: contract, key: key, value: value) }
    public func storageNext(contract: Address, from: [UInt8]?, prefix: [UInt8]) -> (key: [UInt8], value: [UInt8])? {
        host.storageNext(contract: contract, from: from, prefix: prefix)
    }
    public func balance(of account: Address) -> Decimal18 { host.balance(of: account) }
    public func transfer(from: Address, to: Address, amount: Decimal18) -> String? { host.transfer(from: from, to: to, amount: amount) }
    public func emit(contract: Address, name: String, topics: [[UInt8]], fields: [UInt8]) {
        host.emit(contract: contract, name: name, topics: topics, fields: fields)
    }
    public func print(_ line: String) { host.print(line) }
    public func call(caller: Address, target: Address, function: String, arguments: [ContractValue], value: Decimal18, gas: Int64)
        -> HostCallResult
    {
        .failed("the test chain runs contract calls itself", gasUsed: 0)
    }
    public func snapshot() -> Int { host.snapshot() }
    public func rollback(to snapshot: Int) { host.rollback(to: snapshot) }
    public func filePut(_ data: [UInt8]) -> String { host.filePut(data) }
    public func fileGet(_ cid: String) -> [UInt8]? { host.fileGet(cid) }

    /// Events emitted and not undone, in order (committed blocks' first).
    public var events: [EmittedEvent] {
        earlierEvents + host.events.map { EmittedEvent(contract: $0.contract, name: $0.name, topics: $0.topics, fields: $0.fields) }
    }

    /// Lines printed so far.
    public var output: [String] { earlierOutput + host.output }

    /// Sets `account`'s balance in its account record (its nonce kept); a negative amount or one
    /// beyond an amount's range is ignored (the test chain refuses negative ones first).
    public func setBalance(_ amount: Decimal18, for account: Address) {
        guard let balance = ChainAmount.amount(amount) else { return }
        var record = host.account(account)
        record.balance = balance
        host.setAccount(record, for: account)
    }

    /// Commits the block so far as the storage's next version and starts `next`, whose state is
    /// read back from the storage. Snapshots taken before cannot be rolled back to after it.
    public func moveBlock(to next: BlockContext) {
        commit()
        block = next
        host = ChainHost(overlay: StateOverlay(backing: storage.state), block: next, bundles: bundles)
    }

    /// Commits what the current block wrote (the end of a test); a failure is the host's fault.
    public func commit() {
        guard commitFault == nil else { return }
        if let fault = host.fault {
            commitFault = fault
            return
        }
        do {
            let version = (try storage.head()?.version ?? 0) + 1
            try storage.commitWrites(
                host.overlay.changes, version: version, time: block.time,
                block: BlockHeaderFields(proposer: ChainApplication.nobody, hash: []))
        } catch {
            commitFault = HostFault(.storageWrite, "committing the test's block: \(error)")
            return
        }
        earlierEvents = events
        earlierOutput = output
        host = ChainHost(overlay: StateOverlay(backing: storage.state), block: block, bundles: bundles)
    }
}
