/// A host that can list a contract's storage under a key prefix, in key byte order. The rules
/// engine uses it to rebuild a stored rule session's memories from the facts kept in storage
/// (work that is never charged, so the host may do it however it likes, as long as the entries are
/// the current, journaled ones).
public protocol StorageScanning: AnyObject {
    /// The entries of `contract`'s storage whose keys start with `prefix`, sorted by key bytes.
    func storageEntries(of contract: Address, prefix: [UInt8]) -> [(key: [UInt8], value: [UInt8])]
}

extension InMemoryHost: StorageScanning {
    public func storageEntries(of contract: Address, prefix: [UInt8]) -> [(key: [UInt8], value: [UInt8])] {
        (storage[contract] ?? [:]).filter { $0.key.starts(with: prefix) }.map { (key: $0.key, value: $0.value) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }
}
