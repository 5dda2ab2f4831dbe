import CMTBytecode

extension ChainApplication {
    /// An account as the last committed state holds it (``AccountRecord/empty`` when it was never
    /// written).
    public func account(_ address: Address) throws(ChainError) -> AccountRecord {
        try Self.store { () throws(ChainStoreError) in try AccountBook(state: StateOverlay(backing: storage.state)).account(address) }
    }

    /// The proof of a committed transaction's receipt against the app hash of `version` (the
    /// latest committed version by default; any retained version at or after the block), or nil
    /// for an unknown transaction.
    /// - Throws: ``ChainError/Code/storeFailure`` for a version outside the retained window.
    public func receiptProof(transactionHash hash: [UInt8], at version: UInt64? = nil) throws(ChainError) -> (proof: ReceiptProof, appHash: StateHash)? {
        guard let record = try Self.store({ () throws(ChainStoreError) in try storage.transaction(hash: hash) }) else { return nil }
        let block = try Self.store { () throws(ChainStoreError) in try storage.transactions(at: record.height) }
        let list = MerkleList(kind: .receipts, items: block.map(\.encodedReceipt))
        guard let inclusion = list.proof(of: Int(record.index)) else { return nil }
        let head = try Self.store { () throws(ChainStoreError) in try storage.head() }
        let at = version ?? head?.version ?? record.height
        let key = StateKey.blockResult(height: record.height).bytes
        let (value, proof) = try Self.tree { () throws(StateTreeError) in try storage.tree.proof(of: key, at: at) }
        guard let value else { return nil }
        let appHash = try Self.tree { () throws(StateTreeError) in try storage.tree.rootHash(at: at) }
        return (ReceiptProof(height: record.height, receipt: record.encodedReceipt, inclusion: inclusion, blockResult: value, stateProof: proof), appHash)
    }
}
