import GRDB

/// The chain's SQLite database file (docs/chain.md, "The store"): committed state, the state
/// tree's nodes, blocks, transactions, receipts, events and the chain's metadata, in one file in
/// WAL mode, its schema brought up to date by ``ChainSchema`` when it opens.
///
/// Every access goes through the one writing connection, so a read never sees half of a block's
/// SQL transaction: ``SQLiteChainStore/commit(_:)`` holds the connection for the whole of it.
/// Database errors surface as ``ChainStoreError`` (`readFailed`, `writeFailed`, `openFailed`),
/// never as a crash.
public final class ChainDatabase: Sendable {
    /// How hard SQLite works to make a commit survive a crash (`PRAGMA synchronous`).
    public enum Durability: Sendable, Equatable {
        /// `synchronous = NORMAL`: a commit survives the process being killed; a power loss or an
        /// operating system crash may roll back the last commits (never half of one). The default:
        /// a validator's blocks are replayed by CometBFT (docs/chain.md, "Durability").
        case normal
        /// `synchronous = FULL`: the WAL is synced to disk at every commit, so a commit also
        /// survives a power loss; one `fsync` per block.
        case full

        /// The setting every node, test and benchmark uses unless told otherwise.
        public static let standard = Durability.normal

        var pragma: String {
            switch self {
            case .normal: "NORMAL"
            case .full: "FULL"
            }
        }
    }

    /// The database file.
    public let path: String
    /// The durability it was opened with.
    public let durability: Durability
    let pool: DatabasePool

    /// Opens the database at `path`, creating it when it does not exist, and applies the schema
    /// migrations it lacks.
    /// - Parameter cacheKiB: SQLite's page cache of the connection, in KiB.
    /// - Throws: ``ChainStoreError/Code/openFailed`` when the file cannot be opened, is not a
    ///   SQLite database, or was written by a newer schema than this build knows.
    public init(path: String, durability: Durability = .standard, cacheKiB: Int = 65_536) throws(ChainStoreError) {
        self.path = path
        self.durability = durability
        var configuration = Configuration()
        configuration.label = "cmt-chain"
        configuration.foreignKeysEnabled = false
        configuration.maximumReaderCount = 2
        let cache = max(cacheKiB, 256)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -\(cache)") }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // After the pool's own WAL setup, which sets NORMAL on the writing connection.
            try pool.unsafeReentrantWrite { db in try db.execute(sql: "PRAGMA synchronous = \(durability.pragma)") }
        } catch {
            throw ChainStoreError(.openFailed, "cannot open the chain database \(path): \(error)")
        }
        do {
            try ChainSchema.migrate(pool)
        } catch let error as ChainStoreError {
            throw error
        } catch {
            throw ChainStoreError(.openFailed, "cannot bring the schema of \(path) up to date: \(error)")
        }
    }

    /// The migrations applied to the file, oldest first.
    public func appliedMigrations() throws(ChainStoreError) -> [String] {
        try access(.readFailed, "reading the schema version") { db in try ChainSchema.applied(db) }
    }

    /// The value of `PRAGMA name` on the connection, as text (for checks and diagnostics).
    public func pragma(_ name: String) throws(ChainStoreError) -> String? {
        try access(.readFailed, "reading PRAGMA \(name)") { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
    }

    /// Runs `body` on the connection (re-entrant: inside a block's SQL transaction it runs in that
    /// transaction); any error becomes a ``ChainStoreError`` of `code` naming `what` failed.
    func access<T>(_ code: ChainStoreError.Code, _ what: @autoclosure () -> String, _ body: (Database) throws -> T)
        throws(ChainStoreError) -> T
    {
        do {
            return try pool.unsafeReentrantWrite(body)
        } catch let error as ChainStoreError {
            throw error
        } catch {
            throw ChainStoreError(code, "\(what()): \(error)")
        }
    }

    /// Runs `body` in one SQL transaction: it commits when `body` returns and rolls back when it
    /// throws, so either all of its writes are durable or none is.
    func transaction<T>(_ what: @autoclosure () -> String, _ body: (Database) throws -> T) throws(ChainStoreError) -> T {
        try access(.writeFailed, what()) { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            guard let result else { throw ChainStoreError(.writeFailed, "\(what()): the transaction gave no result") }
            return result
        }
    }
}
