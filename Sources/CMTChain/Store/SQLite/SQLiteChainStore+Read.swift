extension SQLiteChainStore {
    /// The record of the block at `height`, or nil.
    public func block(at height: UInt64) throws(ChainStoreError) -> BlockRecord? {
        try database.access(.readFailed, "reading block \(height)") { db in try BlockTables.block(db, height: height) }
    }

    /// The record of the block whose consensus hash is `hash` (the lowest such height), or nil.
    public func block(hash: [UInt8]) throws(ChainStoreError) -> BlockRecord? {
        try database.access(.readFailed, "reading block \(Hex.encode(hash))") { db in try BlockTables.block(db, hash: hash) }
    }

    /// The transaction whose hash is `hash` with its receipt (its first inclusion when the same
    /// bytes were included twice), or nil.
    public func transaction(hash: [UInt8]) throws(ChainStoreError) -> TransactionRecord? {
        try database.access(.readFailed, "reading transaction \(Hex.encode(hash))") { db in try BlockTables.transaction(db, hash: hash) }
    }

    /// The transactions of the block at `height` with their receipts, in order.
    public func transactions(at height: UInt64) throws(ChainStoreError) -> [TransactionRecord] {
        try database.access(.readFailed, "reading the transactions of block \(height)") { db in
            try BlockTables.transactions(db, height: height)
        }
    }

    /// The events `query` matches, in chain order.
    /// - Throws: ``ChainStoreError/Code/badQuery`` for more than ``EventQuery/maximumTopics`` topics.
    public func events(_ query: EventQuery) throws(ChainStoreError) -> [EventRecord] {
        try database.access(.readFailed, "querying events") { db in try BlockTables.events(db, query) }
    }

    /// The value of `key` at `height`, read through the state tree: any height the retention
    /// window keeps.
    /// - Throws: ``ChainStoreError/Code/badQuery`` for a height outside the window.
    public func value(of key: [UInt8], at height: UInt64) throws(ChainStoreError) -> [UInt8]? {
        try historical(height) { () throws(StateTreeError) in try tree.value(of: key, at: height) }
    }

    /// The value of `key` at `height` and its proof against that height's app hash.
    /// - Throws: ``ChainStoreError/Code/badQuery`` for a height outside the window.
    public func proof(of key: [UInt8], at height: UInt64) throws(ChainStoreError) -> (value: [UInt8]?, proof: StateProof) {
        try historical(height) { () throws(StateTreeError) in try tree.proof(of: key, at: height) }
    }

    /// The app hash of `height` (any height the retention window keeps).
    /// - Throws: ``ChainStoreError/Code/badQuery`` for a height outside the window.
    public func appHash(at height: UInt64) throws(ChainStoreError) -> StateHash {
        try historical(height) { () throws(StateTreeError) in try tree.rootHash(at: height) }
    }

    /// The heights whose state can be read and proven, or nil before genesis.
    public func retainedHeights() throws(ChainStoreError) -> ClosedRange<UInt64>? {
        try historical(0) { () throws(StateTreeError) in try tree.retainedVersions() }
    }

    /// Runs a read of the state tree holding the connection throughout, so that a block committed
    /// from another thread (and the pruning it does) cannot happen in the middle of it.
    private func historical<T>(_ height: UInt64, _ body: () throws(StateTreeError) -> T) throws(ChainStoreError) -> T {
        let result: Result<T, StateTreeError> = try database.access(.readFailed, "reading state at height \(height)") { _ in
            do throws(StateTreeError) {
                return .success(try body())
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let value):
            return value
        case .failure(let error) where error.code == .unknownVersion:
            throw ChainStoreError(.badQuery, error.message)
        case .failure(let error):
            throw ChainStoreError(.readFailed, "reading state at height \(height): \(error)")
        }
    }
}
