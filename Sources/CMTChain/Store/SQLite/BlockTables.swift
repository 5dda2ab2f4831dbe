import CMTBytecode
import GRDB

/// The block history tables of the chain database (`block`, `tx`, `receipt`, `event`,
/// `event_topic`): written once per block inside its SQL transaction, read by height, hash and
/// log queries.
enum BlockTables {
    /// The most topic conditions one event query may carry.
    static let maximumQueryTopics = 8

    static func insert(_ block: StoredBlockCommit, appHash: StateHash, on db: Database) throws {
        let height = try Self.height(block.height)
        let blockRow = try RawStatement(db, "INSERT INTO block (height, hash, header, app_hash) VALUES (?1, ?2, ?3, ?4)")
        try blockRow.bind(1, height)
        try blockRow.bind(2, block.hash)
        try blockRow.bind(3, block.header)
        try blockRow.bind(4, appHash.bytes)
        try blockRow.run()
        for (index, transaction) in block.transactions.enumerated() {
            let row = try RawStatement(db, "INSERT INTO tx (height, tx_index, hash, bytes) VALUES (?1, ?2, ?3, ?4)")
            try row.bind(1, height)
            try row.bind(2, Int64(index))
            try row.bind(3, transaction.hash)
            try row.bind(4, transaction.bytes)
            try row.run()
            let receipt = try RawStatement(db, "INSERT INTO receipt (height, tx_index, tx_hash, bytes) VALUES (?1, ?2, ?3, ?4)")
            try receipt.bind(1, height)
            try receipt.bind(2, Int64(index))
            try receipt.bind(3, transaction.hash)
            try receipt.bind(4, transaction.receipt)
            try receipt.run()
        }
        for event in block.events {
            let row = try RawStatement(
                db, "INSERT INTO event (height, tx_index, log_index, contract, name, fields) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            try row.bind(1, height)
            try row.bind(2, Int64(event.transactionIndex))
            try row.bind(3, Int64(event.logIndex))
            try row.bind(4, event.contract.bytes)
            try row.bind(5, text: event.name)
            try row.bind(6, event.fields)
            try row.run()
            for (position, topic) in event.topics.enumerated() {
                let topicRow = try RawStatement(
                    db, "INSERT INTO event_topic (height, tx_index, log_index, position, topic) VALUES (?1, ?2, ?3, ?4, ?5)")
                try topicRow.bind(1, height)
                try topicRow.bind(2, Int64(event.transactionIndex))
                try topicRow.bind(3, Int64(event.logIndex))
                try topicRow.bind(4, Int64(position))
                try topicRow.bind(5, topic)
                try topicRow.run()
            }
        }
    }

    static func block(_ db: Database, height: UInt64) throws -> StoredBlock? {
        let statement = try RawStatement(db, "SELECT height, hash, header, app_hash FROM block WHERE height = ?1")
        try statement.bind(1, try Self.height(height))
        return try statement.step() ? try storedBlock(statement) : nil
    }

    static func block(_ db: Database, hash: [UInt8]) throws -> StoredBlock? {
        let statement = try RawStatement(db, "SELECT height, hash, header, app_hash FROM block WHERE hash = ?1")
        try statement.bind(1, hash)
        return try statement.step() ? try storedBlock(statement) : nil
    }

    static func transaction(_ db: Database, hash: [UInt8]) throws -> StoredTransaction? {
        let statement = try RawStatement(
            db, "SELECT height, tx_index, hash, bytes FROM tx WHERE hash = ?1 ORDER BY height, tx_index LIMIT 1")
        try statement.bind(1, hash)
        return try statement.step() ? try storedTransaction(statement) : nil
    }

    static func transactions(_ db: Database, height: UInt64) throws -> [StoredTransaction] {
        let statement = try RawStatement(db, "SELECT height, tx_index, hash, bytes FROM tx WHERE height = ?1 ORDER BY tx_index")
        try statement.bind(1, try Self.height(height))
        var out: [StoredTransaction] = []
        while try statement.step() { out.append(try storedTransaction(statement)) }
        return out
    }

    static func receipt(_ db: Database, transactionHash: [UInt8]) throws -> StoredReceipt? {
        let statement = try RawStatement(
            db, "SELECT height, tx_index, tx_hash, bytes FROM receipt WHERE tx_hash = ?1 ORDER BY height, tx_index LIMIT 1")
        try statement.bind(1, transactionHash)
        guard try statement.step() else { return nil }
        let (height, index) = try place(statement)
        return StoredReceipt(transactionHash: statement.bytes(2), height: height, index: index, bytes: statement.bytes(3))
    }

    static func events(_ db: Database, _ query: EventQuery) throws -> [StoredEvent] {
        guard query.topics.count <= maximumQueryTopics else {
            throw ChainStoreError(.badQuery, "an event query takes at most \(maximumQueryTopics) topics, not \(query.topics.count)")
        }
        guard query.limit > 0 else { return [] }
        var conditions: [String] = []
        var arguments: [Argument] = []
        var from = "event e"
        // The first topic drives the search through its index; the others are checked per event.
        for (number, topic) in query.topics.enumerated() {
            arguments += [.bytes(topic.bytes), .integer(Int64(topic.position))]
            let (topicParameter, positionParameter) = (arguments.count - 1, arguments.count)
            if number == 0 {
                from = "event_topic t JOIN event e ON e.height = t.height AND e.tx_index = t.tx_index AND e.log_index = t.log_index"
                conditions.append("t.topic = ?\(topicParameter) AND t.position = ?\(positionParameter)")
            } else {
                conditions.append(
                    "EXISTS (SELECT 1 FROM event_topic o WHERE o.height = e.height AND o.tx_index = e.tx_index"
                        + " AND o.log_index = e.log_index AND o.topic = ?\(topicParameter) AND o.position = ?\(positionParameter))")
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
        let sql = "SELECT e.height, e.tx_index, e.log_index, e.contract, e.name, e.fields FROM \(from)\(whereClause)"
            + " ORDER BY e.height, e.tx_index, e.log_index LIMIT ?\(arguments.count)"
        let statement = try RawStatement(db, sql)
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            switch argument {
            case .bytes(let bytes): try statement.bind(index, bytes)
            case .integer(let value): try statement.bind(index, value)
            case .text(let text): try statement.bind(index, text: text)
            }
        }
        var out: [StoredEvent] = []
        while try statement.step() {
            let (height, transactionIndex) = try place(statement)
            guard let logIndex = UInt32(exactly: statement.int64(2)), let contract = Address(bytes: statement.bytes(3)),
                let name = String(validating: statement.bytes(4), as: UTF8.self)
            else { throw ChainStoreError(.corrupt, "an event row at height \(height) does not decode") }
            out.append(
                StoredEvent(
                    height: height, transactionIndex: transactionIndex, logIndex: logIndex, contract: contract, name: name,
                    topics: [], fields: statement.bytes(5)))
        }
        for index in out.indices { out[index].topics = try topics(db, of: out[index]) }
        return out
    }

    /// A value bound to a query's parameter.
    private enum Argument {
        case bytes([UInt8])
        case integer(Int64)
        case text(String)
    }

    private static func topics(_ db: Database, of event: StoredEvent) throws -> [[UInt8]] {
        let statement = try RawStatement(
            db, "SELECT topic FROM event_topic WHERE height = ?1 AND tx_index = ?2 AND log_index = ?3 ORDER BY position")
        try statement.bind(1, try height(event.height))
        try statement.bind(2, Int64(event.transactionIndex))
        try statement.bind(3, Int64(event.logIndex))
        var out: [[UInt8]] = []
        while try statement.step() { out.append(statement.bytes(0)) }
        return out
    }

    private static func storedBlock(_ statement: borrowing RawStatement) throws -> StoredBlock {
        guard let height = UInt64(exactly: statement.int64(0)), let appHash = StateHash(bytes: statement.bytes(3)) else {
            throw ChainStoreError(.corrupt, "a block row does not decode")
        }
        return StoredBlock(height: height, hash: statement.bytes(1), header: statement.bytes(2), appHash: appHash)
    }

    private static func storedTransaction(_ statement: borrowing RawStatement) throws -> StoredTransaction {
        let (height, index) = try place(statement)
        return StoredTransaction(hash: statement.bytes(2), height: height, index: index, bytes: statement.bytes(3))
    }

    /// Columns 0 and 1 as a height and an index within the block.
    private static func place(_ statement: borrowing RawStatement) throws -> (UInt64, UInt32) {
        guard let height = UInt64(exactly: statement.int64(0)), let index = UInt32(exactly: statement.int64(1)) else {
            throw ChainStoreError(.corrupt, "a row's height or index is out of range")
        }
        return (height, index)
    }

    /// A height as SQLite's signed integer.
    static func height(_ height: UInt64) throws -> Int64 {
        guard let value = Int64(exactly: height) else { throw ChainStoreError(.heightOrder, "height \(height) does not fit the database") }
        return value
    }
}
