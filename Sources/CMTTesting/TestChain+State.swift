import CMTBytecode
import CMTVM

extension TestChain {
    /// A digest of the state a test left (`cmtc test --state`): SHA-256 over every deployed
    /// contract (in deploy order) with its balance and its storage in key order, then every named
    /// account's balance (in address order). Two hosts that agree on the state give the same.
    public func stateDigest() -> String {
        var bytes: [UInt8] = []
        func add(_ part: [UInt8]) {
            withUnsafeBytes(of: UInt32(clamping: part.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: part)
        }
        for contract in deployed {
            add(contract.bytes)
            add(Array(base.balance(of: contract).description.utf8))
            var from: [UInt8]? = nil
            while let (key, value) = base.storageNext(contract: contract, from: from, prefix: []) {
                add(key)
                add(value)
                from = key + [0]
            }
        }
        for account in labels.keys.sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) where !deployed.contains(account) {
            add(account.bytes)
            add(Array(base.balance(of: account).description.utf8))
        }
        return ContentHash.hex(ContentHash.sha256(bytes))
    }
}
