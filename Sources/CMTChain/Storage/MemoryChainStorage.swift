/// ``ChainStorage`` in memory, over ``MemoryStateBacking`` and ``MemoryNodeStore``: for tests,
/// tools, the benchmark and the reference the SQLite store is tested against. Nothing persists.
public final class MemoryChainStorage: ChainStorage {
    private let backing = MemoryStateBacking()
    public let tree: StateTree
    private var currentHead: ChainHead?
    private var blocks: [UInt64: BlockRecord] = [:]
    private var blockTransactions: [UInt64: [TransactionRecord]] = [:]
    private var byHash: [[UInt8]: TransactionRecord] = [:]
    /// The events of every committed block, in chain order (what the SQLite store indexes).
    public private(set) var events: [EventRecord] = []

    /// Storage keeping `retention` versions of the state tree.
    public init(retention: RetentionPolicy = .standard) throws(StateTreeError) {
        tree = try StateTree(store: MemoryNodeStore(), retention: retention)
    }

    public var state: any StateBacking { backing }

    /// How many keys committed state holds.
    public var stateKeyCount: Int { backing.count }

    public func head() -> ChainHead? { currentHead }

    public func commit(_ commit: BlockCommit) throws(ChainStoreError) {
        // Check first so that a refused commit changes nothing.
        let latest: UInt64?
        do {
            latest = try tree.latestVersion()
        } catch {
            throw ChainStoreError(.readFailed, "state tree: \(error)")
        }
        if let refusal = commit.refusal(after: currentHead, treeVersion: latest) { throw refusal }
        do {
            try tree.apply(commit.tree)
        } catch {
            throw ChainStoreError(.writeFailed, "state tree: \(error)")
        }
        backing.apply(commit.changes)
        if let block = commit.block {
            blocks[block.height] = block
            blockTransactions[block.height] = commit.transactions
        }
        for record in commit.transactions where byHash[record.hash] == nil { byHash[record.hash] = record }
        events += commit.events
        currentHead = commit.head
    }

    public func block(at height: UInt64) -> BlockRecord? { blocks[height] }

    public func transactions(at height: UInt64) -> [TransactionRecord] { blockTransactions[height] ?? [] }

    public func transaction(hash: [UInt8]) -> TransactionRecord? { byHash[hash] }

    public func events(_ query: EventQuery) throws(ChainStoreError) -> [EventRecord] {
        try query.validate()
        guard query.limit > 0 else { return [] }
        // Events are kept in chain order: start at the first one of the lowest height asked for.
        var start = 0
        if let heights = query.heights {
            var (low, high) = (0, events.count)
            while low < high {
                let middle = (low + high) / 2
                if events[middle].height < heights.lowerBound { low = middle + 1 } else { high = middle }
            }
            start = low
        }
        var out: [EventRecord] = []
        for record in events[start...] {
            if let heights = query.heights, record.height > heights.upperBound { break }
            guard query.matches(record) else { continue }
            out.append(record)
            if out.count == query.limit { break }
        }
        return out
    }
}
