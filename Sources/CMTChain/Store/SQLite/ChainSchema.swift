import GRDB

/// The chain database's schema as GRDB migrations (docs/chain.md, "The store"). A migration, once
/// released, is never edited: a change of schema is a new migration appended to the list.
enum ChainSchema {
    /// The migrations in order: identifier and SQL.
    static let migrations: [(identifier: String, sql: String)] = [("v1", version1), ("v2", version2)]

    /// Version 1: every table the chain keeps.
    static let version1 = """
        CREATE TABLE state (
            key BLOB PRIMARY KEY NOT NULL,
            value BLOB NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE tree_node (
            key BLOB PRIMARY KEY NOT NULL,
            node BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE tree_root (
            version INTEGER PRIMARY KEY NOT NULL,
            hash BLOB NOT NULL,
            node BLOB
        );
        CREATE TABLE tree_stale (
            since INTEGER NOT NULL,
            node BLOB NOT NULL,
            PRIMARY KEY (since, node)
        ) WITHOUT ROWID;

        CREATE TABLE block (
            height INTEGER PRIMARY KEY NOT NULL,
            hash BLOB NOT NULL UNIQUE,
            header BLOB NOT NULL,
            app_hash BLOB NOT NULL
        );
        CREATE TABLE tx (
            height INTEGER NOT NULL,
            tx_index INTEGER NOT NULL,
            hash BLOB NOT NULL,
            bytes BLOB NOT NULL,
            PRIMARY KEY (height, tx_index)
        ) WITHOUT ROWID;
        CREATE INDEX tx_by_hash ON tx (hash);
        CREATE TABLE receipt (
            height INTEGER NOT NULL,
            tx_index INTEGER NOT NULL,
            tx_hash BLOB NOT NULL,
            bytes BLOB NOT NULL,
            PRIMARY KEY (height, tx_index)
        ) WITHOUT ROWID;
        CREATE INDEX receipt_by_tx ON receipt (tx_hash);
        CREATE TABLE event (
            height INTEGER NOT NULL,
            tx_index INTEGER NOT NULL,
            log_index INTEGER NOT NULL,
            contract BLOB NOT NULL,
            name TEXT NOT NULL,
            fields BLOB NOT NULL,
            PRIMARY KEY (height, tx_index, log_index)
        ) WITHOUT ROWID;
        CREATE INDEX event_by_contract ON event (contract, name, height);
        CREATE INDEX event_by_name ON event (name, height);
        CREATE TABLE event_topic (
            height INTEGER NOT NULL,
            tx_index INTEGER NOT NULL,
            log_index INTEGER NOT NULL,
            position INTEGER NOT NULL,
            topic BLOB NOT NULL,
            PRIMARY KEY (height, tx_index, log_index, position)
        ) WITHOUT ROWID;
        CREATE INDEX event_topic_by_topic ON event_topic (topic, position, height);

        CREATE TABLE chain_meta (
            name TEXT PRIMARY KEY NOT NULL,
            value BLOB NOT NULL
        ) WITHOUT ROWID;
        """

    /// Version 2: the block history holds the chain's own records (``BlockRecord``,
    /// ``TransactionRecord`` with its receipt, ``EventRecord``), and the head in `chain_meta` gains
    /// the block time and whether any block exists. No chain ran on version 1, so a version 1 file
    /// that holds a head is refused rather than converted (its block rows have no block record).
    static let version2 = """
        DROP TABLE event_topic;
        DROP TABLE event;
        DROP TABLE receipt;
        DROP TABLE tx;
        DROP TABLE block;

        CREATE TABLE block (
            height INTEGER PRIMARY KEY NOT NULL,
            hash BLOB NOT NULL,
            record BLOB NOT NULL
        );
        CREATE INDEX block_by_hash ON block (hash);
        CREATE TABLE tx (
            height INTEGER NOT NULL,
            tx_index INTEGER NOT NULL,
            hash BLOB NOT NULL,
            bytes BLOB NOT NULL,
            sender BLOB,
            nonce INTEGER,
            receipt BLOB NOT NULL,
            PRIMARY KEY (height, tx_index)
        ) WITHOUT ROWID;
        CREATE INDEX tx_by_hash ON tx (hash);
        CREATE TABLE event (
            height INTEGER NOT NULL,
            log_index INTEGER NOT NULL,
            tx_index INTEGER NOT NULL,
            tx_hash BLOB NOT NULL,
            contract BLOB NOT NULL,
            name TEXT NOT NULL,
            fields BLOB NOT NULL,
            PRIMARY KEY (height, log_index)
        ) WITHOUT ROWID;
        CREATE INDEX event_by_contract ON event (contract, name, height);
        CREATE INDEX event_by_name ON event (name, height);
        CREATE TABLE event_topic (
            height INTEGER NOT NULL,
            log_index INTEGER NOT NULL,
            position INTEGER NOT NULL,
            topic BLOB NOT NULL,
            PRIMARY KEY (height, log_index, position)
        ) WITHOUT ROWID;
        CREATE INDEX event_topic_by_topic ON event_topic (topic, position, height);
        """

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (identifier, sql) in migrations {
            migrator.registerMigration(identifier) { db in
                if identifier == "v2", try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chain_meta") ?? 0 > 0 {
                    throw ChainStoreError(
                        .openFailed, "the database holds a chain in the version 1 format, which this build cannot convert: start the chain afresh")
                }
                try db.execute(sql: sql)
            }
        }
        return migrator
    }

    /// Applies the migrations the database lacks; refuses a database that has migrations this
    /// build does not know (written by a newer version).
    static func migrate(_ pool: DatabasePool) throws {
        let known = Set(migrations.map(\.identifier))
        let unknown = try pool.unsafeReentrantWrite { db in try migrator.appliedIdentifiers(db) }.subtracting(known)
        guard unknown.isEmpty else {
            throw ChainStoreError(
                .openFailed,
                "the database was written by a newer schema (migrations \(unknown.sorted().joined(separator: ", ")) are unknown to this build)")
        }
        try migrator.migrate(pool)
    }

    /// The identifiers of the applied migrations, in registration order.
    static func applied(_ db: Database) throws -> [String] {
        let applied = try migrator.appliedIdentifiers(db)
        return migrations.map(\.identifier).filter(applied.contains)
    }
}
