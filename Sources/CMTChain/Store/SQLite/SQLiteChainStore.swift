import GRDB

/// The chain's persistent store over one ``ChainDatabase`` (docs/chain.md, "The store"): the
/// committed state (``state``, what a block's ``StateOverlay`` reads), the state tree over
/// ``SQLiteNodeStore`` (the app hash, past versions and proofs within the ``RetentionPolicy``),
/// and the history of blocks, transactions, receipts and events.
///
/// ``commitBlock(_:)`` writes a whole block in ONE SQL transaction: after a crash the database is
/// at the last block whose commit returned (or, with ``ChainDatabase/Durability/normal`` after a
/// power loss, an earlier one), never inside a block.
public final class SQLiteChainStore {
    /// The database file.
    public let database: ChainDatabase
    /// Committed state, for a block's ``StateOverlay``.
    public let state: SQLiteStateBacking
    /// The state tree's nodes.
    public let nodes: SQLiteNodeStore
    /// The authenticated state: its root at a height is that height's app hash.
    public let tree: StateTree

    /// The chain's head: the latest committed height and its app hash.
    public struct Head: Sendable, Equatable {
        public var height: UInt64
        public var appHash: StateHash

        public init(height: UInt64, appHash: StateHash) {
            self.height = height
            self.appHash = appHash
        }
    }

    /// The store over `database`, keeping the state versions `retention` says.
    /// - Throws: ``ChainStoreError/Code/corrupt`` when the head and the state tree disagree (a
    ///   database changed by something else than this store).
    public init(database: ChainDatabase, retention: RetentionPolicy = .standard) throws(ChainStoreError) {
        self.database = database
        state = SQLiteStateBacking(database: database)
        nodes = SQLiteNodeStore(database: database)
        do {
            tree = try StateTree(store: nodes, retention: retention)
        } catch {
            throw ChainStoreError(.openFailed, error.message)
        }
        let head = try head()
        let latest = try treeCall("reading the tree's latest version") { () throws(StateTreeError) in try tree.latestVersion() }
        guard head?.height == latest else {
            throw ChainStoreError(
                .corrupt, "the chain head is at \(head.map { "\($0.height)" } ?? "no height") but the state tree at \(latest.map { "\($0)" } ?? "no version")")
        }
        if let head, let latest {
            let root = try treeCall("reading the latest root") { () throws(StateTreeError) in try tree.rootHash(at: latest) }
            guard root == head.appHash else {
                throw ChainStoreError(.corrupt, "the app hash of height \(head.height) is \(head.appHash) but the state tree's root is \(root)")
            }
        }
    }

    /// Opens (or creates) the database at `path` and the store over it.
    public convenience init(
        path: String, durability: ChainDatabase.Durability = .standard, retention: RetentionPolicy = .standard
    ) throws(ChainStoreError) {
        try self.init(database: ChainDatabase(path: path, durability: durability), retention: retention)
    }

    /// The latest committed height and its app hash, or nil before genesis.
    public func head() throws(ChainStoreError) -> Head? {
        try database.access(.readFailed, "reading the chain head") { db in try Self.readHead(db) }
    }

    /// Commits the genesis state as version `height` of the state tree (a chain whose first block
    /// is h commits its genesis at h − 1) and returns its app hash. No block is stored.
    /// - Throws: ``ChainStoreError/Code/heightOrder`` when anything is committed already.
    @discardableResult
    public func commitGenesis(height: UInt64, changes: [(key: [UInt8], value: [UInt8]?)]) throws(ChainStoreError) -> StateHash {
        try database.transaction("committing genesis at height \(height)") { db in
            if let head = try Self.readHead(db) {
                throw ChainStoreError(.heightOrder, "genesis is already committed (the head is at height \(head.height))")
            }
            return try commitState(changes, height: height, on: db)
        }
    }

    /// Commits one block in one SQL transaction: the state's net changes, the state tree's new
    /// version (its ``NodeBatch`` and pruning beyond the retention window), the block with its
    /// transactions, receipts and events, and the head. Returns the block's app hash. Either all
    /// of it is in the database afterwards or, when anything fails, none of it.
    /// - Throws: ``ChainStoreError/Code/heightOrder`` unless the block is at the head's height
    ///   plus one; ``ChainStoreError/Code/writeFailed`` when the database fails.
    @discardableResult
    public func commitBlock(_ block: StoredBlockCommit) throws(ChainStoreError) -> StateHash {
        try database.transaction("committing block \(block.height)") { db in
            guard let head = try Self.readHead(db) else {
                throw ChainStoreError(.heightOrder, "block \(block.height) comes before genesis is committed")
            }
            guard head.height < UInt64(Int64.max), block.height == head.height + 1 else {
                throw ChainStoreError(.heightOrder, "block \(block.height) does not follow the head at height \(head.height)")
            }
            let appHash = try commitState(block.changes, height: block.height, on: db)
            try BlockTables.insert(block, appHash: appHash, on: db)
            return appHash
        }
    }

    /// Writes `changes` to the state table, commits them as version `height` of the tree (inside
    /// the caller's transaction) and moves the head.
    private func commitState(_ changes: [(key: [UInt8], value: [UInt8]?)], height: UInt64, on db: Database) throws -> StateHash {
        try SQLiteStateBacking.apply(changes, on: db)
        var writes = WriteSet()
        for (key, value) in changes {
            if let value { writes.put(key, value) } else { writes.delete(key) }
        }
        let appHash = try tree.commit(writes, version: height)
        try Self.writeHead(Head(height: height, appHash: appHash), on: db)
        return appHash
    }

    private func treeCall<T>(_ what: String, _ body: () throws(StateTreeError) -> T) throws(ChainStoreError) -> T {
        do {
            return try body()
        } catch {
            throw ChainStoreError(.readFailed, "\(what): \(error)")
        }
    }

    static func readHead(_ db: Database) throws -> Head? {
        let statement = try RawStatement(db, "SELECT name, value FROM chain_meta WHERE name IN ('height', 'app_hash')")
        var height: UInt64?
        var appHash: StateHash?
        while try statement.step() {
            let name = statement.bytes(0)
            let value = statement.bytes(1)
            if name == Array("height".utf8), value.count == 8 {
                height = value.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            } else if name == Array("app_hash".utf8) {
                appHash = StateHash(bytes: value)
            }
        }
        switch (height, appHash) {
        case (nil, nil): return nil
        case (let height?, let appHash?): return Head(height: height, appHash: appHash)
        default: throw ChainStoreError(.corrupt, "the chain head in chain_meta is incomplete or malformed")
        }
    }

    static func writeHead(_ head: Head, on db: Database) throws {
        let upsert = "INSERT INTO chain_meta (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = excluded.value"
        var height: [UInt8] = []
        withUnsafeBytes(of: head.height.bigEndian) { height.append(contentsOf: $0) }
        for (name, value) in [("height", height), ("app_hash", head.appHash.bytes)] {
            let statement = try RawStatement(db, upsert)
            try statement.bind(1, text: name)
            try statement.bind(2, value)
            try statement.run()
        }
    }
}
