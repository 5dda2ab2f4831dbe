// The SQLite parts of cmt-chain-bench (docs/performance.md, "Chain store"):
//
//   cmt-chain-bench sqlite-upserts [--rows N] [--batch B] [--dir PATH]
//   cmt-chain-bench state --store sqlite --keys N [--blocks B] [--writes W] [--dir PATH]
import CMTChain
import CallgrindControl
import Foundation
import GRDB
import GRDBSQLite

/// The machine's bound for the store: SQLite upserts per second into a table shaped as the chain's
/// state table (`key BLOB PRIMARY KEY, value BLOB, WITHOUT ROWID`), with the chain database's
/// settings (WAL, `synchronous = NORMAL`, 64 MiB of page cache), `batch` rows per transaction (a
/// block's commit), random 21-byte keys (an account key) and 25-byte values (an account record),
/// through one prepared statement and SQLite's C interface. Nothing of the chain's own code runs.
enum SQLiteBound {
    static func upsertsPerSecond(directory: String, rows: Int, batch: Int) throws -> Double {
        let path = directory + "/upserts.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { db in
            try db.execute(sql: "CREATE TABLE state (key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID")
        }
        var random = Generator(state: 77)
        // Keys and values are made before the clock starts; half the upserts hit existing keys.
        let distinct = max(rows / 2, 1)
        let keys: [[UInt8]] = (0..<distinct).map { _ in [0x01] + (0..<20).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
        let order: [Int] = (0..<rows).map { $0 < distinct ? $0 : Int(random.next() % UInt64(distinct)) }
        let value: [UInt8] = (0..<25).map { UInt8($0) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let started = ContinuousClock.now
        var done = 0
        while done < rows {
            let end = min(done + batch, rows)
            try pool.writeWithoutTransaction { db in
                try db.inTransaction {
                    let statement = try db.cachedStatement(
                        sql: "INSERT INTO state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                    ).sqliteStatement
                    for index in order[done..<end] {
                        keys[index].withUnsafeBytes { _ = sqlite3_bind_blob(statement, 1, $0.baseAddress, Int32($0.count), transient) }
                        value.withUnsafeBytes { _ = sqlite3_bind_blob(statement, 2, $0.baseAddress, Int32($0.count), transient) }
                        guard sqlite3_step(statement) == SQLITE_DONE else { throw DatabaseError(message: "upsert failed") }
                        sqlite3_reset(statement)
                    }
                    return .commit
                }
            }
            done = end
        }
        let elapsed = ContinuousClock.now - started
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        return Double(rows) / seconds(elapsed)
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Where the SQLite benchmarks put their database files: --dir, or Benchmarks/chain/out.
func benchDirectory() throws -> String {
    let directory = stringOption("--dir")
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("out").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
}

func stringOption(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func runSQLiteUpserts() throws {
    let rows = option("--rows", default: 200_000)
    let batch = option("--batch", default: 10_000)
    let rate = try SQLiteBound.upsertsPerSecond(directory: try benchDirectory(), rows: rows, batch: batch)
    print("sqlite upserts/s \(Int(rate)) (rows \(rows), \(batch) per transaction, WAL, synchronous NORMAL)")
}

/// The state benchmark on the SQLite store: the same blocks as the in-memory run, each committed
/// with `SQLiteChainStore.commit` (state rows, tree nodes, stale log, pruning, block record and
/// head in one SQL transaction); callgrind counts only the measured commits.
func runStoreCommitBench(keys: UInt64, blocks: Int, writesPerBlock: Int) throws {
    let window: UInt64 = 10
    let path = try benchDirectory() + "/state-\(keys).sqlite"
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    let store = try SQLiteChainStore(path: path, retention: .keepLatest(window))
    var random = Generator(state: 2026)
    try store.commitWrites([], version: 0, time: 0)
    var version: UInt64 = 1
    var next: UInt64 = 0
    func commit(_ writes: [[UInt8]: [UInt8]]) throws -> StateHash {
        let changes = writes.map { (key: $0.key, value: Optional($0.value)) }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let hash = withUnsafeBytes(of: version.bigEndian) { Array($0) }
        defer { version += 1 }
        return try store.commitWrites(
            changes, version: version, time: Int64(version), block: BlockHeaderFields(proposer: DevAccounts.key(0).address, hash: hash))
    }
    while next < keys {
        var writes: [[UInt8]: [UInt8]] = [:]
        while next < keys, writes.count < 10_000 {
            writes[key(next)] = value(&random)
            next += 1
        }
        _ = try commit(writes)
    }
    try store.tree.prune(before: version - 1)
    var batches: [[[UInt8]: [UInt8]]] = []
    for _ in 0..<(Int(window) + blocks) {
        var writes: [[UInt8]: [UInt8]] = [:]
        while writes.count < writesPerBlock - 1 { writes[key(random.next() % keys)] = value(&random) }
        writes[key(next)] = value(&random)
        next += 1
        batches.append(writes)
    }
    for writes in batches.prefix(Int(window)) { _ = try commit(writes) }
    let started = ContinuousClock.now
    cmt_callgrind_start()
    var root = StateHash.placeholder
    for writes in batches.dropFirst(Int(window)) { root = try commit(writes) }
    cmt_callgrind_stop()
    let perBlock = Int(seconds(ContinuousClock.now - started) * 1e9) / blocks
    print("keys \(keys) blocks \(blocks) writes \(writesPerBlock) ns/block \(perBlock)", terminator: " ")
    print("root \(root.hex.prefix(16)) callgrind \(cmt_callgrind_available()) store sqlite")
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}
