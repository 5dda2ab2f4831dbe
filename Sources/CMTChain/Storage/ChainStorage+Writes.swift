import CMTBytecode

extension ChainStorage {
    /// Commits `changes` as state version `version` without executing anything: the tree's new
    /// version is prepared here, the head and (for a block) the block record are built around it,
    /// and the whole is one ``commit(_:)``. Tools that commit known writes use it (the crash
    /// worker, the store benchmark, tests); the chain itself commits through ``ChainApplication``.
    /// - Parameters:
    ///   - block: the block's header fields, or nil for genesis (no block record).
    ///   - transactions: the block's transactions with their receipts; the block record's
    ///     ``BlockResult`` is computed from their receipts.
    /// - Returns: the app hash of `version`.
    @discardableResult
    public func commitWrites(
        _ changes: [(key: [UInt8], value: [UInt8]?)], version: UInt64, time: Int64, block: BlockHeaderFields? = nil,
        transactions: [TransactionRecord] = [], events: [EventRecord] = []
    ) throws(ChainStoreError) -> StateHash {
        var writes = WriteSet()
        for (key, value) in changes {
            if let value { writes.put(key, value) } else { writes.delete(key) }
        }
        let prepared: PreparedCommit
        do {
            prepared = try tree.prepare(writes, version: version)
        } catch {
            throw ChainStoreError(.heightOrder, "preparing version \(version) of the state tree: \(error)")
        }
        let previous = try head()?.appHash ?? .placeholder
        let record = block.map { fields in
            BlockRecord(
                height: version, time: time, proposer: fields.proposer, protocolVersion: fields.protocolVersion, hash: fields.hash,
                previousAppHash: previous, appHash: prepared.rootHash,
                result: BlockResult(receipts: transactions.map(\.receipt), encodedReceipts: transactions.map(\.encodedReceipt)))
        }
        try commit(
            BlockCommit(
                head: ChainHead(version: version, appHash: prepared.rootHash, time: time, hasBlocks: block != nil),
                block: record, changes: changes, tree: prepared, transactions: transactions, events: events))
        return prepared.rootHash
    }
}

/// The header fields of a block committed through ``ChainStorage/commitWrites(_:version:time:block:transactions:events:)``.
public struct BlockHeaderFields: Sendable {
    public var proposer: Address
    public var protocolVersion: UInt64
    /// The block's hash as consensus names it.
    public var hash: [UInt8]

    public init(proposer: Address, protocolVersion: UInt64 = ChainVersions.currentProtocol, hash: [UInt8]) {
        self.proposer = proposer
        self.protocolVersion = protocolVersion
        self.hash = hash
    }
}
