import GRDB

/// A ``NodeStore`` in a ``ChainDatabase``: the state tree's nodes (`tree_node`, keyed by
/// ``NodeCodec``'s node keys, so one version's nodes are neighbours), the root of every retained
/// version (`tree_root`) and the stale log (`tree_stale`, keyed by the version since which a node
/// is stale, so pruning reads it from the front).
///
/// ``write(_:)`` applies a batch in one SQL transaction, or inside the caller's when there is one
/// (``SQLiteChainStore/commit(_:)`` commits the tree within the block's transaction). Database
/// failures are ``StateTreeError/Code/storeFailure``; bytes that do not decode are
/// ``StateTreeError/Code/missingNode`` (a damaged store).
public final class SQLiteNodeStore: NodeStore {
    /// The database holding the nodes.
    public let database: ChainDatabase

    public init(database: ChainDatabase) {
        self.database = database
    }

    static let selectNode = "SELECT node FROM tree_node WHERE key = ?1"
    static let insertNode = "INSERT OR REPLACE INTO tree_node (key, node) VALUES (?1, ?2)"
    static let insertStale = "INSERT OR IGNORE INTO tree_stale (since, node) VALUES (?1, ?2)"
    static let insertRoot = "INSERT OR REPLACE INTO tree_root (version, hash, node) VALUES (?1, ?2, ?3)"
    static let selectRoot = "SELECT hash, node FROM tree_root WHERE version = ?1"
    static let selectVersions = "SELECT MIN(version), MAX(version) FROM tree_root"
    static let deleteStaleNodes = "DELETE FROM tree_node WHERE key IN (SELECT node FROM tree_stale WHERE since <= ?1)"
    static let deleteStaleLog = "DELETE FROM tree_stale WHERE since <= ?1"
    static let deleteRoots = "DELETE FROM tree_root WHERE version < ?1"

    public func node(_ key: NodeKey) throws(StateTreeError) -> Node? {
        let bytes = try run("reading node \(key)") { db -> [UInt8]? in
            let statement = try RawStatement(db, Self.selectNode)
            try statement.bind(1, NodeCodec.encode(key))
            return try statement.step() ? statement.bytes(0) : nil
        }
        guard let bytes else { return nil }
        guard let node = NodeCodec.decode(bytes) else {
            throw StateTreeError(.missingNode, "node \(key) in the database does not decode (\(bytes.count) bytes)")
        }
        return node
    }

    public func root(at version: UInt64) throws(StateTreeError) -> TreeRoot? {
        guard let stored = Int64(exactly: version) else { return nil }
        let row = try run("reading the root of version \(version)") { db -> (hash: [UInt8], node: [UInt8]?)? in
            let statement = try RawStatement(db, Self.selectRoot)
            try statement.bind(1, stored)
            guard try statement.step() else { return nil }
            return (statement.bytes(0), statement.isNull(1) ? nil : statement.bytes(1))
        }
        guard let row else { return nil }
        guard let hash = StateHash(bytes: row.hash) else {
            throw StateTreeError(.missingNode, "the root of version \(version) has a hash of \(row.hash.count) bytes")
        }
        var node: NodeKey?
        if let bytes = row.node {
            guard let key = NodeCodec.decodeKey(bytes) else {
                throw StateTreeError(.missingNode, "the root node key of version \(version) does not decode")
            }
            node = key
        }
        return TreeRoot(version: version, hash: hash, node: node)
    }

    public func retainedVersions() throws(StateTreeError) -> ClosedRange<UInt64>? {
        let row = try run("reading the retained versions") { db -> (Int64, Int64)? in
            let statement = try RawStatement(db, Self.selectVersions)
            guard try statement.step(), !statement.isNull(0), !statement.isNull(1) else { return nil }
            return (statement.int64(0), statement.int64(1))
        }
        guard let (low, high) = row else { return nil }
        guard let oldest = UInt64(exactly: low), let latest = UInt64(exactly: high) else {
            throw StateTreeError(.missingNode, "the tree's versions \(low)...\(high) are out of range")
        }
        return oldest...latest
    }

    public func write(_ batch: NodeBatch) throws(StateTreeError) {
        guard let version = Int64(exactly: batch.version) else {
            throw StateTreeError(.storeFailure, "version \(batch.version) does not fit the database")
        }
        try transaction("writing version \(batch.version) of the state tree") { db in
            for (key, node) in batch.nodes {
                let statement = try RawStatement(db, Self.insertNode)
                try statement.bind(1, NodeCodec.encode(key))
                try statement.bind(2, NodeCodec.encode(node))
                try statement.run()
            }
            for key in batch.stale {
                let statement = try RawStatement(db, Self.insertStale)
                try statement.bind(1, version)
                try statement.bind(2, NodeCodec.encode(key))
                try statement.run()
            }
            let statement = try RawStatement(db, Self.insertRoot)
            try statement.bind(1, version)
            try statement.bind(2, batch.root.hash.bytes)
            if let node = batch.root.node { try statement.bind(3, NodeCodec.encode(node)) } else { try statement.bindNull(3) }
            try statement.run()
        }
    }

    public func prune(before oldest: UInt64) throws(StateTreeError) {
        guard let current = try retainedVersions() else { return }
        guard oldest <= current.upperBound else {
            throw StateTreeError(.badRetention, "cannot prune before version \(oldest): the latest is \(current.upperBound)")
        }
        guard oldest > current.lowerBound, let bound = Int64(exactly: oldest) else { return }
        try transaction("pruning the state tree before version \(oldest)") { db in
            for sql in [Self.deleteStaleNodes, Self.deleteStaleLog, Self.deleteRoots] {
                let statement = try RawStatement(db, sql)
                try statement.bind(1, bound)
                try statement.run()
            }
        }
    }

    /// How many nodes the store holds (live and stale-but-retained): a count, for checks.
    public func nodeCount() throws(StateTreeError) -> Int {
        try run("counting nodes") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tree_node") ?? 0 }
    }

    /// How many entries the stale log holds: a count, for checks.
    public func staleCount() throws(StateTreeError) -> Int {
        try run("counting stale nodes") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tree_stale") ?? 0 }
    }

    private func run<T>(_ what: @autoclosure () -> String, _ body: (Database) throws -> T) throws(StateTreeError) -> T {
        do {
            return try database.access(.readFailed, what(), body)
        } catch {
            throw StateTreeError(.storeFailure, error.message)
        }
    }

    /// `body` in its own SQL transaction, or in the caller's when one is open.
    private func transaction(_ what: @autoclosure () -> String, _ body: (Database) throws -> Void) throws(StateTreeError) {
        do {
            try database.access(.writeFailed, what()) { db in
                if db.isInsideTransaction {
                    try body(db)
                } else {
                    try db.inTransaction(.immediate) {
                        try body(db)
                        return .commit
                    }
                }
            }
        } catch {
            throw StateTreeError(.storeFailure, error.message)
        }
    }
}
