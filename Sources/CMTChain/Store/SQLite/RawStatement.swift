import GRDB
import GRDBSQLite

/// One use of a statement that GRDB prepared and caches, driven through SQLite's C interface: the
/// hot paths (state reads and writes, tree nodes) bind and read byte strings directly rather than
/// through GRDB's argument and row values. The statement is reset when the use ends.
struct RawStatement: ~Copyable {
    private let statement: OpaquePointer
    private let connection: OpaquePointer?

    /// The cached statement for `sql` on `db`.
    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql).sqliteStatement
        connection = db.sqliteConnection
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    deinit { sqlite3_reset(statement) }

    /// Binds `bytes` as a blob to parameter `index` (1-based); an empty array is an empty blob,
    /// not NULL.
    func bind(_ index: Int32, _ bytes: [UInt8]) throws {
        let code = bytes.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return sqlite3_bind_zeroblob(statement, index, 0) }
            return sqlite3_bind_blob(statement, index, base, Int32(buffer.count), RawStatement.transient)
        }
        try check(code)
    }

    /// Binds `value` to parameter `index`.
    func bind(_ index: Int32, _ value: Int64) throws { try check(sqlite3_bind_int64(statement, index, value)) }

    /// Binds `text` as UTF-8 text to parameter `index`.
    func bind(_ index: Int32, text: String) throws {
        try check(sqlite3_bind_text(statement, index, text, -1, RawStatement.transient))
    }

    /// Binds NULL to parameter `index`.
    func bindNull(_ index: Int32) throws { try check(sqlite3_bind_null(statement, index)) }

    /// Steps once: true when a row is available, false when the statement is done.
    func step() throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw error(code)
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws {
        while try step() {}
    }

    /// Column `index` (0-based) of the current row as bytes (NULL and an empty blob both read as
    /// empty; the schema's columns are NOT NULL where that matters).
    func bytes(_ index: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, index))
        guard count > 0, let base = sqlite3_column_blob(statement, index) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Column `index` of the current row as an integer.
    func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }

    /// True when column `index` of the current row is NULL.
    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(statement, index) == SQLITE_NULL }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw error(code) }
    }

    private func error(_ code: Int32) -> SQLiteFailure {
        SQLiteFailure(code: code, message: connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "")
    }

    /// SQLITE_TRANSIENT: SQLite copies the bound bytes.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}

/// A failed SQLite call: its result code and SQLite's message. ``ChainDatabase`` reports it as the
/// ``ChainStoreError`` of the operation that failed.
struct SQLiteFailure: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    var description: String { "SQLite error \(code): \(message)" }
}
