/// ``ChainStorage`` in memory, over ``MemoryStateBacking`` and ``MemoryNodeStore``: for tests,
/// tools, the benchmark and the reference the SQLite store is tested against. Nothing persists.
public final class MemoryChainStorage: ChainStorage {
    private let backing = MemoryStateBacking()
    public let tree: StateTree
    private var currentHead: ChainHead?
    private var blocks: [UInt64: BlockRecord] = [:]
    private var blockTransactions: [UInt64: [TransactionRecord]] = [:]
    private var byHash: [[UInt8]: TransactionRecord] = [:]
    /// The events of every committed block, in order (what the SQLite store indexes).
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
        guard commit.tree.version == commit.head.version,
            (try? tree.latestVersion()) == commit.tree.previous
        else {
            throw ChainStoreError(.writeFailed, "the state tree moved since version \(commit.head.version) was prepared")
        }
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
        for record in commit.transactions { byHash[record.hash] = record }
        events += commit.events
        currentHead = commit.head
    }

    public func block(at height: UInt64) -> BlockRecord? { blocks[height] }

    public func transactions(at height: UInt64) -> [TransactionRecord] { blockTransactions[height] ?? [] }

    public func transaction(hash: [UInt8]) -> TransactionRecord? { byHash[hash] }
}
