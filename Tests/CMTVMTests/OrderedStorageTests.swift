import CMTBytecode
import CMTVM
import Testing

/// `InMemoryHost.storageNext`: ordered walks over a contract's storage keys, with prefixes,
/// through inserts, deletes and rollbacks.
@Suite struct OrderedStorageTests {
    let contract = Address.named("contract")

    /// Every key with `prefix`, walked with `storageNext` as a table walks them.
    func walk(_ host: InMemoryHost, prefix: [UInt8], from: [UInt8]? = nil) -> [[UInt8]] {
        var keys: [[UInt8]] = []
        var cursor = from
        while let next = host.storageNext(contract: contract, from: cursor, prefix: prefix) {
            keys.append(next.key)
            cursor = next.key + [0]
        }
        return keys
    }

    /// 3,000 distinct keys in a scrambled order (enough to split the host's chunks many times).
    static let keys: [[UInt8]] = (0..<3_000).map { index in
        let scrambled = (index * 7_919) % 3_000
        return [UInt8(scrambled % 3)] + Array(String(scrambled).utf8)
    }

    @Test("a walk gives every key with the prefix once, in byte order, from the bound on")
    func walksInOrder() {
        let host = InMemoryHost()
        for key in Self.keys { host.storageSet(contract: contract, key: key, value: [1]) }
        let sorted = Self.keys.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(walk(host, prefix: []) == sorted)
        #expect(walk(host, prefix: [1]) == sorted.filter { $0.first == 1 })
        #expect(walk(host, prefix: [2, UInt8(ascii: "9")]) == sorted.filter { $0.starts(with: [2, UInt8(ascii: "9")]) })
        let bound: [UInt8] = [1, UInt8(ascii: "5")]
        #expect(walk(host, prefix: [1], from: bound) == sorted.filter { $0.first == 1 && !$0.lexicographicallyPrecedes(bound) })
        // A bound below the prefix starts at the prefix.
        #expect(walk(host, prefix: [2], from: [0]) == sorted.filter { $0.first == 2 })
        #expect(host.storageNext(contract: Address.named("other"), from: nil, prefix: []) == nil)
    }

    @Test("deleted keys leave the walk, and a rollback brings them and their values back")
    func deletesAndRollback() {
        let host = InMemoryHost()
        for key in Self.keys { host.storageSet(contract: contract, key: key, value: key) }
        let snapshot = host.snapshot()
        for key in Self.keys.prefix(2_000) { host.storageSet(contract: contract, key: key, value: nil) }
        host.storageSet(contract: contract, key: [9], value: [9])
        let remaining = Self.keys.dropFirst(2_000).sorted { $0.lexicographicallyPrecedes($1) }
        #expect(walk(host, prefix: []) == remaining + [[9]])
        host.rollback(to: snapshot)
        #expect(walk(host, prefix: []) == Self.keys.sorted { $0.lexicographicallyPrecedes($1) })
        let first = host.storageNext(contract: contract, from: nil, prefix: [])
        #expect(first?.value == first?.key)
    }
}
