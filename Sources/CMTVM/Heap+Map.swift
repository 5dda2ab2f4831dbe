#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An insertion-ordered hash map: entries in `keys`/`values` (a deleted entry's key becomes null),
/// found through an open-addressing index of entry numbers (-1 empty). Iteration walks the entries,
/// so hashing never influences observable order.
struct MapStorage {
    var keys: [Value] = []
    var values: [Value] = []
    /// The hash of each entry's key, compared before the keys themselves.
    var hashes: [UInt64] = []
    var slots: [Int32] = Array(repeating: -1, count: 8)
    var live = 0
}

extension Heap {
    /// True for the kinds a map accepts as keys.
    static func isKeyKind(_ tag: Tag) -> Bool {
        switch tag {
        case .int, .dec, .bool, .string, .address: true
        default: false
        }
    }

    func hash(_ key: Value) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(key.tag.rawValue)
        @inline(__always) func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        switch key.tag {
        case .string, .address:
            for byte in textBytes(key) { mix(byte) }
        case .dec:
            let bits = UInt128(bitPattern: decimals[key.index])
            for shift in stride(from: 0, to: 128, by: 8) { mix(UInt8(truncatingIfNeeded: bits >> UInt128(shift))) }
        default:
            for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: key.bits >> UInt64(shift))) }
        }
        // Finalizer (MurmurHash3's fmix64): every input bit reaches the low bits the index uses.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }

    /// Value equality of two keys (or any two values for `==`): by content for text and numbers,
    /// by identity for heap objects.
    func equal(_ lhs: Value, _ rhs: Value) -> Bool {
        guard lhs.tag == rhs.tag else { return false }
        switch lhs.tag {
        case .string, .bytes, .address:
            if lhs.bits == rhs.bits { return true }
            let left = textBytes(lhs)
            let right = textBytes(rhs)
            guard left.count == right.count else { return false }
            guard let a = left.baseAddress, let b = right.baseAddress else { return true }
            return memcmp(a, b, left.count) == 0
        case .dec: return decimals[lhs.index] == decimals[rhs.index]
        default: return lhs.bits == rhs.bits
        }
    }

    /// The entry number of `key` in map `index`, or nil.
    func findEntry(_ map: Int, _ key: Value) -> Int? {
        let hashValue = hash(key)
        return maps.withUnsafeBufferPointer { all in
            all[map].slots.withUnsafeBufferPointer { slots in
                all[map].keys.withUnsafeBufferPointer { keys in
                    all[map].hashes.withUnsafeBufferPointer { hashes in
                        let mask = slots.count - 1
                        var slot = Int(truncatingIfNeeded: hashValue) & mask
                        while true {
                            let entry = Int(slots[slot])
                            if entry < 0 { return nil }
                            if hashes[entry] == hashValue, equal(keys[entry], key) { return entry }
                            slot = (slot + 1) & mask
                        }
                    }
                }
            }
        }
    }

    func mapGet(_ map: Int, _ key: Value) -> Value {
        guard let entry = findEntry(map, key) else { return .null }
        return maps[map].values[entry]
    }

    /// Sets `key`; returns the number of new entries (0 or 1) so the caller can charge memory.
    mutating func mapSet(_ map: Int, _ key: Value, _ value: Value) -> Int {
        if let entry = findEntry(map, key) {
            maps[map].values[entry] = value
            return 0
        }
        if (maps[map].keys.count + 1) * 4 > maps[map].slots.count * 3 { rehash(map) }
        let hashValue = hash(key)
        maps[map].keys.append(key)
        maps[map].values.append(value)
        maps[map].hashes.append(hashValue)
        maps[map].live += 1
        insertSlot(map, hashValue, Int32(maps[map].keys.count - 1))
        return 1
    }

    private mutating func insertSlot(_ map: Int, _ hashValue: UInt64, _ entry: Int32) {
        let mask = maps[map].slots.count - 1
        var slot = Int(truncatingIfNeeded: hashValue) & mask
        while maps[map].slots[slot] >= 0 { slot = (slot + 1) & mask }
        maps[map].slots[slot] = entry
    }

    /// Rebuilds the index (and drops deleted entries) with room to grow.
    private mutating func rehash(_ map: Int) {
        var storage = maps[map]
        maps[map] = MapStorage()
        var keys: [Value] = []
        var values: [Value] = []
        var hashes: [UInt64] = []
        for (index, key) in storage.keys.enumerated() where key.tag != .null {
            keys.append(key)
            values.append(storage.values[index])
            hashes.append(storage.hashes[index])
        }
        var size = 8
        while size * 3 < (keys.count + 1) * 8 { size *= 2 }
        storage = MapStorage(keys: keys, values: values, hashes: hashes, slots: Array(repeating: -1, count: size), live: keys.count)
        maps[map] = storage
        for (index, hashValue) in hashes.enumerated() { insertSlot(map, hashValue, Int32(index)) }
    }

    /// Removes `key`; true when it was present. The entry stays as a tombstone until the next rehash.
    mutating func mapDelete(_ map: Int, _ key: Value) -> Bool {
        guard let entry = findEntry(map, key) else { return false }
        maps[map].keys[entry] = .null
        maps[map].values[entry] = .null
        maps[map].live -= 1
        // The slot keeps pointing at the tombstone entry, whose null key never equals a real key.
        return true
    }

    mutating func newMap() -> Value {
        maps.append(MapStorage())
        return Value(tag: .map, bits: UInt64(maps.count - 1))
    }
}
