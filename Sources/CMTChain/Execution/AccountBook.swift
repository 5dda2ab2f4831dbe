import CMTBytecode

/// Reads and writes account records (``StateKey/account(_:)``) in a block's ``StateOverlay``. An
/// absent account reads as ``AccountRecord/empty``; a record that does not decode, or a failing
/// store read, is a ``ChainStoreError`` that stops the block.
struct AccountBook {
    let state: StateOverlay

    func account(_ address: Address) throws(ChainStoreError) -> AccountRecord {
        let value = state.value(of: StateKey.account(address).bytes)
        if let fault = state.fault { throw fault }
        guard let value else { return .empty }
        return try AccountRecord(decoding: value)
    }

    func set(_ address: Address, _ record: AccountRecord) {
        state.put(StateKey.account(address).bytes, record.encoded)
    }

    /// Adds `amount` to `address`'s balance.
    /// - Throws: ``ChainStoreError/Code/corrupt`` when the balance would pass UInt128 (the total
    ///   supply fits in one amount, so only a damaged state can get there).
    func credit(_ address: Address, _ amount: Amount) throws(ChainStoreError) {
        guard amount > .zero else { return }
        var record = try account(address)
        guard let balance = record.balance.adding(amount) else {
            throw ChainStoreError(.corrupt, "the balance of \(address.text) would pass the largest amount")
        }
        record.balance = balance
        set(address, record)
    }
}
