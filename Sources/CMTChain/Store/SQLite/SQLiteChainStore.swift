import GRDB

/// The chain's persistent ``ChainStorage`` over one ``ChainDatabase`` (docs/chain.md, "The
/// store"): the committed state (``state``, what a block's ``StateOverlay`` reads), the state tree
/// over ``SQLiteNodeStore`` (the app hash, past versions and proofs within the
/// ``RetentionPolicy``), the head, and the history of blocks, transactions with their receipts,
/// and events.
///
/// ``commit(_:)`` writes a whole block in ONE SQL transaction: after a crash the database is at
/// the last block whose commit returned (or, with ``ChainDatabase/Durability/normal`` after a
/// power loss, an earlier one), never inside a block.
public final class SQLiteChainStore: ChainStorage {
    /// The database file.
    public let database: ChainDatabase
    /// Committed state as the `state` table (with its counting and listing helpers).
    public let stateTable: SQLiteStateBacking
    /// The state tree's nodes.
    public let nodes: SQLiteNodeStore
    /// The authenticated state: its root at a version is that version's app hash.
    public let tree: StateTree

    /// The store over `database`, keeping the state versions `retention` says.
    /// - Throws: ``ChainStoreError/Code/corrupt`` when the head and the state tree disagree (a
    ///   database changed by something else than this store).
    public init(database: ChainDatabase, retention: RetentionPolicy = .standard) throws(ChainStoreError) {
        self.database = database
        stateTable = SQLiteStateBacking(database: database)
        nodes = SQLiteNodeStore(database: database)
        do {
            tree = try StateTree(store: nodes, retention: retention)
        } catch {
            throw ChainStoreError(.openFailed, error.message)
        }
        let head = try head()
        let latest = try treeCall("reading the tree's latest version") { () throws(StateTreeError) in try tree.latestVersion() }
        guard head?.version == latest else {
            throw ChainStoreError(
                .corrupt,
                "the chain head is at \(head.map { "version \($0.version)" } ?? "no version") but the state tree at \(latest.map { "\($0)" } ?? "no version")")
        }
        if let head, let latest {
            let root = try treeCall("reading the latest root") { () throws(StateTreeError) in try tree.rootHash(at: latest) }
            guard root == head.appHash else {
                throw ChainStoreError(.corrupt, "the app hash of version \(head.version) is \(head.appHash) but the state tree's root is \(root)")
            }
        }
    }

    /// Opens (or creates) the database at `path` and the store over it.
    public convenience init(
        path: String, durability: ChainDatabase.Durability = .standard, retention: RetentionPolicy = .standard
    ) throws(ChainStoreError) {
        try self.init(database: ChainDatabase(path: path, durability: durability), retention: retention)
    }

    public var state: any StateBacking { stateTable }

    /// The head, or nil before genesis.
    public func head() throws(ChainStoreError) -> ChainHead? {
        try database.access(.readFailed, "reading the chain head") { db in try ChainMeta.readHead(db) }
    }

    /// Commits `commit` in one SQL transaction: the state's net changes, the state tree's new
    /// version (its ``NodeBatch`` and the pruning of versions beyond the retention window), the
    /// head, and the block with its transactions, receipts and events. Either all of it is in the
    /// database afterwards or, when anything fails, none of it.
    /// - Throws: ``ChainStoreError/Code/heightOrder`` for a commit that does not follow the head
    ///   (``BlockCommit/refusal(after:treeVersion:)``); ``ChainStoreError/Code/writeFailed`` when
    ///   the database fails.
    public func commit(_ commit: BlockCommit) throws(ChainStoreError) {
        try database.transaction("committing version \(commit.head.version)") { db in
            let latest = try tree.latestVersion()
            if let refusal = commit.refusal(after: try ChainMeta.readHead(db), treeVersion: latest) { throw refusal }
            try SQLiteStateBacking.apply(commit.changes, on: db)
            try tree.apply(commit.tree)
            try ChainMeta.writeHead(commit.head, on: db)
            if let block = commit.block {
                try BlockTables.insert(block, transactions: commit.transactions, events: commit.events, on: db)
            }
        }
    }

    private func treeCall<T>(_ what: String, _ body: () throws(StateTreeError) -> T) throws(ChainStoreError) -> T {
        do {
            return try body()
        } catch {
            throw ChainStoreError(.readFailed, "\(what): \(error)")
        }
    }
}
