import CMTBytecode
import GRDB

/// The block history tables of the chain database (`block`, `tx`, `event`, `event_topic`):
/// written once per block inside its SQL transaction, read by height, hash and log queries. They
/// hold the chain's own records (``BlockRecord``, ``TransactionRecord``, ``EventRecord``).
enum BlockTables {
    static let insertBlock = "INSERT INTO block (height, hash, record) VALUES (?1, ?2, ?3)"
    static let insertTransaction =
        "INSERT INTO tx (height, tx_index, hash, bytes, sender, nonce, receipt) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    static let insertEvent =
        "INSERT INTO event (height, log_index, tx_index, tx_hash, contract, name, fields) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    static let insertTopic = "INSERT INTO event_topic (height, log_index, position, topic) VALUES (?1, ?2, ?3, ?4)"
    static let transactionColumns = "height, tx_index, hash, bytes, sender, nonce, receipt"

    /// Writes a block's record, transactions and events (inside the caller's transaction).
    static func insert(_ block: BlockRecord, transactions: [TransactionRecord], events: [EventRecord], on db: Database) throws {
        let height = try Self.height(block.height)
        let blockRow = try RawStatement(db, insertBlock)
        try blockRow.bind(1, height)
        try blockRow.bind(2, block.hash)
        try blockRow.bind(3, block.encoded)
        try blockRow.run()
        for transaction in transactions {
            let row = try RawStatement(db, insertTransaction)
            try row.bind(1, try Self.height(transaction.height))
            try row.bind(2, Int64(transaction.index))
            try row.bind(3, transaction.hash)
            try row.bind(4, transaction.bytes)
            if let sender = transaction.sender { try row.bind(5, sender.bytes) } else { try row.bindNull(5) }
            if let nonce = transaction.nonce { try row.bind(6, Int64(bitPattern: nonce)) } else { try row.bindNull(6) }
            try row.bind(7, transaction.encodedReceipt)
            try row.run()
        }
        for record in events {
            let eventHeight = try Self.height(record.height)
            let row = try RawStatement(db, insertEvent)
            try row.bind(1, eventHeight)
            try row.bind(2, Int64(record.index))
            try row.bind(3, Int64(record.transactionIndex))
            try row.bind(4, record.transactionHash)
            try row.bind(5, record.event.contract.bytes)
            try row.bind(6, text: record.event.name)
            try row.bind(7, record.event.fields)
            try row.run()
            for (position, topic) in record.event.topics.enumerated() {
                let topicRow = try RawStatement(db, insertTopic)
                try topicRow.bind(1, eventHeight)
                try topicRow.bind(2, Int64(record.index))
                try topicRow.bind(3, Int64(position))
                try topicRow.bind(4, topic)
                try topicRow.run()
            }
        }
    }

    static func block(_ db: Database, height: UInt64) throws -> BlockRecord? {
        let statement = try RawStatement(db, "SELECT record FROM block WHERE height = ?1")
        try statement.bind(1, try Self.height(height))
        return try statement.step() ? try blockRecord(statement.bytes(0)) : nil
    }

    static func block(_ db: Database, hash: [UInt8]) throws -> BlockRecord? {
        let statement = try RawStatement(db, "SELECT record FROM block WHERE hash = ?1 ORDER BY height LIMIT 1")
        try statement.bind(1, hash)
        return try statement.step() ? try blockRecord(statement.bytes(0)) : nil
    }

    static func transaction(_ db: Database, hash: [UInt8]) throws -> TransactionRecord? {
        let statement = try RawStatement(
            db, "SELECT \(transactionColumns) FROM tx WHERE hash = ?1 ORDER BY height, tx_index LIMIT 1")
        try statement.bind(1, hash)
        return try statement.step() ? try transactionRecord(statement) : nil
    }

    static func transactions(_ db: Database, height: UInt64) throws -> [TransactionRecord] {
        let statement = try RawStatement(db, "SELECT \(transactionColumns) FROM tx WHERE height = ?1 ORDER BY tx_index")
        try statement.bind(1, try Self.height(height))
        var out: [TransactionRecord] = []
        while try statement.step() { out.append(try transactionRecord(statement)) }
        return out
    }

    static func events(_ db: Database, _ query: EventQuery) throws -> [EventRecord] {
        try query.validate()
        guard query.limit > 0 else { return [] }
        var conditions: [String] = []
        var arguments: [Argument] = []
        var from = "event e"
        // The first topic drives the search through its index; the others are checked per event.
        for (number, topic) in query.topics.enumerated() {
            arguments += [.bytes(topic.bytes), .integer(Int64(clamping: topic.position))]
            let (topicParameter, positionParameter) = (arguments.count - 1, arguments.count)
            if number == 0 {
                from = "event_topic t JOIN event e ON e.height = t.height AND e.log_index = t.log_index"
                conditions.append("t.topic = ?\(topicParameter) AND t.position = ?\(positionParameter)")
            } else {
                conditions.append(
                    "EXISTS (SELECT 1 FROM event_topic o WHERE o.height = e.height AND o.log_index = e.log_index"
                        + " AND o.topic = ?\(topicParameter) AND o.position = ?\(positionParameter))")
            }
        }
        if let contract = query.contract {
            arguments.append(.bytes(contract.bytes))
            conditions.append("e.contract = ?\(arguments.count)")
        }
        if let name = query.name {
            arguments.append(.text(name))
            conditions.append("e.name = ?\(arguments.count)")
        }
        if let heights = query.heights {
            arguments += [.integer(Int64(clamping: heights.lowerBound)), .integer(Int64(clamping: heights.upperBound))]
            conditions.append("e.height BETWEEN ?\(arguments.count - 1) AND ?\(arguments.count)")
        }
        arguments.append(.integer(Int64(query.limit)))
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT e.height, e.log_index, e.tx_index, e.tx_hash, e.contract, e.name, e.fields FROM \(from)\(whereClause)"
            + " ORDER BY e.height, e.log_index LIMIT ?\(arguments.count)"
        let statement = try RawStatement(db, sql)
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            switch argument {
            case .bytes(let bytes): try statement.bind(index, bytes)
            case .integer(let value): try statement.bind(index, value)
            case .text(let text): try statement.bind(index, text: text)
            }
        }
        var rows: [(height: UInt64, index: UInt32, transactionIndex: UInt32, transactionHash: [UInt8], contract: Address, name: String, fields: [UInt8])] = []
        while try statement.step() {
            guard let height = UInt64(exactly: statement.int64(0)), let index = UInt32(exactly: statement.int64(1)),
                let transactionIndex = UInt32(exactly: statement.int64(2)), let contract = Address(bytes: statement.bytes(4)),
                let name = String(validating: statement.bytes(5), as: UTF8.self)
            else { throw ChainStoreError(.corrupt, "an event row does not decode") }
            rows.append((height, index, transactionIndex, statement.bytes(3), contract, name, statement.bytes(6)))
        }
        return try rows.map { row in
            EventRecord(
                height: row.height, transactionIndex: row.transactionIndex, transactionHash: row.transactionHash, index: row.index,
                event: ReceiptEvent(
                    contract: row.contract, name: row.name, topics: try topics(db, height: row.height, index: row.index), fields: row.fields))
        }
    }

    /// A value bound to a query's parameter.
    private enum Argument {
        case bytes([UInt8])
        case integer(Int64)
        case text(String)
    }

    private static func topics(_ db: Database, height: UInt64, index: UInt32) throws -> [[UInt8]] {
        let statement = try RawStatement(db, "SELECT topic FROM event_topic WHERE height = ?1 AND log_index = ?2 ORDER BY position")
        try statement.bind(1, try Self.height(height))
        try statement.bind(2, Int64(index))
        var out: [[UInt8]] = []
        while try statement.step() { out.append(statement.bytes(0)) }
        return out
    }

    private static func blockRecord(_ bytes: [UInt8]) throws -> BlockRecord {
        do {
            return try BlockRecord(decoding: bytes)
        } catch {
            throw ChainStoreError(.corrupt, "a block row does not decode: \(error)")
        }
    }

    /// The columns of ``transactionColumns`` as a record.
    private static func transactionRecord(_ statement: borrowing RawStatement) throws -> TransactionRecord {
        guard let height = UInt64(exactly: statement.int64(0)), let index = UInt32(exactly: statement.int64(1)) else {
            throw ChainStoreError(.corrupt, "a transaction row's height or index is out of range")
        }
        var sender: Address?
        if !statement.isNull(4) {
            guard let address = Address(bytes: statement.bytes(4)) else {
                throw ChainStoreError(.corrupt, "the sender of transaction \(index) of block \(height) does not decode")
            }
            sender = address
        }
        let nonce = statement.isNull(5) ? nil : UInt64(bitPattern: statement.int64(5))
        let encoded = statement.bytes(6)
        let receipt: Receipt
        do {
            receipt = try Receipt(decoding: encoded)
        } catch {
            throw ChainStoreError(.corrupt, "the receipt of transaction \(index) of block \(height) does not decode: \(error)")
        }
        return TransactionRecord(
            height: height, index: index, hash: statement.bytes(2), bytes: statement.bytes(3), sender: sender, nonce: nonce,
            receipt: receipt, encodedReceipt: encoded)
    }

    /// A height as SQLite's signed integer.
    static func height(_ height: UInt64) throws -> Int64 {
        guard let value = Int64(exactly: height) else { throw ChainStoreError(.heightOrder, "height \(height) does not fit the database") }
        return value
    }
}
