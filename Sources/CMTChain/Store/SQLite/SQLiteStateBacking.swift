import GRDB

/// Committed state read from the `state` table of a ``ChainDatabase``: a point read is one
/// primary-key lookup, and a walk step (``next(from:prefix:)``) one indexed range query
/// `key >= ? AND key < prefixEnd ORDER BY key LIMIT 1`, both through statements prepared once and
/// cached. ``SQLiteChainStore/commit(_:)`` writes the table, in the block's SQL transaction.
public final class SQLiteStateBacking: StateBacking {
    /// The database read.
    public let database: ChainDatabase

    public init(database: ChainDatabase) {
        self.database = database
    }

    static let selectValue = "SELECT value FROM state WHERE key = ?1"
    static let selectNextBounded = "SELECT key, value FROM state WHERE key >= ?1 AND key < ?2 ORDER BY key LIMIT 1"
    static let selectNextUnbounded = "SELECT key, value FROM state WHERE key >= ?1 ORDER BY key LIMIT 1"
    static let upsert = "INSERT INTO state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    static let delete = "DELETE FROM state WHERE key = ?1"

    public func value(of key: [UInt8]) throws(ChainStoreError) -> [UInt8]? {
        try database.access(.readFailed, "reading state key \(Hex.encode(key))") { db in
            let statement = try RawStatement(db, Self.selectValue)
            try statement.bind(1, key)
            return try statement.step() ? statement.bytes(0) : nil
        }
    }

    public func next(from: [UInt8], prefix: [UInt8]) throws(ChainStoreError) -> (key: [UInt8], value: [UInt8])? {
        let start = SortedKeys.later(from, prefix)
        let end = Self.prefixEnd(prefix)
        return try database.access(.readFailed, "walking state under prefix \(Hex.encode(prefix))") { db in
            let statement = try RawStatement(db, end == nil ? Self.selectNextUnbounded : Self.selectNextBounded)
            try statement.bind(1, start)
            if let end { try statement.bind(2, end) }
            guard try statement.step() else { return nil }
            let key = statement.bytes(0)
            // Without an upper bound (a prefix of all 0xFF bytes) the prefix is checked here.
            return key.starts(with: prefix) ? (key, statement.bytes(1)) : nil
        }
    }

    /// How many keys the committed state holds (a count over the table: for checks, not hot paths).
    public func count() throws(ChainStoreError) -> Int {
        try database.access(.readFailed, "counting state keys") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM state") ?? 0 }
    }

    /// Every committed pair in key order, `limit` at most from `after` (exclusive; nil starts at the
    /// first key): for checks and exports, not hot paths.
    public func pairs(after: [UInt8]?, limit: Int) throws(ChainStoreError) -> [(key: [UInt8], value: [UInt8])] {
        try database.access(.readFailed, "listing state keys") { db in
            let statement = try RawStatement(
                db, after == nil
                    ? "SELECT key, value FROM state ORDER BY key LIMIT ?1"
                    : "SELECT key, value FROM state WHERE key > ?2 ORDER BY key LIMIT ?1")
            try statement.bind(1, Int64(max(limit, 0)))
            if let after { try statement.bind(2, after) }
            var out: [(key: [UInt8], value: [UInt8])] = []
            while try statement.step() { out.append((statement.bytes(0), statement.bytes(1))) }
            return out
        }
    }

    /// Writes one block's net changes (nil deletes) on `db`, inside the caller's SQL transaction.
    static func apply(_ changes: [(key: [UInt8], value: [UInt8]?)], on db: Database) throws {
        for (key, value) in changes {
            if let value {
                let statement = try RawStatement(db, upsert)
                try statement.bind(1, key)
                try statement.bind(2, value)
                try statement.run()
            } else {
                let statement = try RawStatement(db, delete)
                try statement.bind(1, key)
                try statement.run()
            }
        }
    }

    /// The smallest byte string above every string that starts with `prefix`, or nil when there is
    /// none (an empty prefix, or one of all 0xFF bytes).
    static func prefixEnd(_ prefix: [UInt8]) -> [UInt8]? {
        var end = prefix
        while let last = end.last {
            if last < 0xFF {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return nil
    }
}
