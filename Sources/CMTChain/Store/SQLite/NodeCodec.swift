/// The bytes a persistent node store keeps for the state tree's node keys and nodes
/// (docs/chain.md, "The store"). Only the store reads them back: they are not part of the app hash.
///
/// - A node key is its version (8 bytes big-endian), its nibble count (1 byte) and its nibbles
///   packed two to a byte (high half first; a last odd nibble leaves the low half zero). Version
///   first, so the nodes one block writes are neighbours in the table's key order.
/// - A leaf is `01`, its key hash and value hash (32 bytes each), the key's length (4 bytes
///   big-endian), the key and the value. Its leaf hash is computed again when read.
/// - An internal node is `02`, the child mask and the leaf-child mask (2 bytes big-endian each, bit
///   n for nibble n), each child's version (8 bytes) and hash (32 bytes) in nibble order, then the
///   hashes of the node's binary levels that join two or more leaves (slots 1…15 in order; the
///   others follow from the children without hashing).
enum NodeCodec {
    static let leafTag: UInt8 = 1
    static let internalTag: UInt8 = 2

    static func encode(_ key: NodeKey) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: keySize(key)) { buffer, count in
            count = write(key, into: UnsafeMutableRawBufferPointer(buffer), at: 0)
        }
    }

    /// Several node keys one after the other (a version's entry of the stale log); each says its
    /// own length, so ``splitKeys(_:)`` takes them apart again.
    static func encode(keys: [NodeKey]) -> [UInt8] {
        let total = keys.reduce(0) { $0 + keySize($1) }
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var offset = 0
            for key in keys { offset = write(key, into: raw, at: offset) }
            count = offset
        }
    }

    /// The encoded node keys in `bytes` (as ``encode(keys:)`` wrote them), or nil when the bytes
    /// do not split into whole keys.
    static func splitKeys(_ bytes: [UInt8]) -> [[UInt8]]? {
        var keys: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 9 else { return nil }
            let count = Int(bytes[offset + 8])
            let size = 9 + (count + 1) / 2
            guard count <= 64, bytes.count - offset >= size else { return nil }
            keys.append(Array(bytes[offset..<(offset + size)]))
            offset += size
        }
        return keys
    }

    private static func keySize(_ key: NodeKey) -> Int { 9 + (key.path.count + 1) / 2 }

    /// Writes `key` at `offset` (the caller made room for ``keySize(_:)`` bytes); returns the
    /// offset after it.
    private static func write(_ key: NodeKey, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        buffer.storeBytes(of: key.version.bigEndian, toByteOffset: offset, as: UInt64.self)
        buffer[offset + 8] = UInt8(key.path.count)
        let prefix = key.path.prefix
        let packed = (key.path.count + 1) / 2
        for index in 0..<packed {
            buffer[offset + 9 + index] = UInt8(truncatingIfNeeded: prefix.word(index / 8) >> UInt64(56 - 8 * (index % 8)))
        }
        return offset + 9 + packed
    }

    /// The node key in `bytes`, or nil when they are not a canonical encoding of one.
    static func decodeKey(_ bytes: [UInt8]) -> NodeKey? {
        guard bytes.count >= 9 else { return nil }
        let count = Int(bytes[8])
        guard count <= 64, bytes.count == 9 + (count + 1) / 2 else { return nil }
        if count % 2 == 1, let last = bytes.last, last & 0x0F != 0 { return nil }
        let version = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        var padded = Array(bytes[9...])
        padded += [UInt8](repeating: 0, count: 32 - padded.count)
        guard let prefix = StateHash(bytes: padded) else { return nil }
        return NodeKey(version: version, path: NibblePath(prefix: prefix, count: count))
    }

    static func encode(_ node: Node) -> [UInt8] {
        switch node {
        case .leaf(let leaf):
            return [UInt8](unsafeUninitializedCapacity: 69 + leaf.key.count + leaf.value.count) { buffer, count in
                let raw = UnsafeMutableRawBufferPointer(buffer)
                raw[0] = leafTag
                leaf.keyHash.store(into: raw, at: 1)
                leaf.valueHash.store(into: raw, at: 33)
                raw.storeBytes(of: UInt32(leaf.key.count).bigEndian, toByteOffset: 65, as: UInt32.self)
                var offset = 69
                for part in [leaf.key, leaf.value] {
                    part.withUnsafeBytes { bytes in
                        UnsafeMutableRawBufferPointer(rebasing: raw[offset..<(offset + bytes.count)]).copyMemory(from: bytes)
                    }
                    offset += part.count
                }
                count = offset
            }
        case .internal(let node):
            let slots = node.slots
            var childMask: UInt16 = 0
            var leafMask: UInt16 = 0
            var composites = 0
            for nibble in 0..<16 where slots[16 + nibble].kind != .empty {
                childMask |= 1 << UInt16(nibble)
                if slots[16 + nibble].kind == .leaf { leafMask |= 1 << UInt16(nibble) }
            }
            for index in 1..<16 where slots[index].kind == .composite { composites += 1 }
            let size = 5 + 40 * childMask.nonzeroBitCount + 32 * composites
            return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                let raw = UnsafeMutableRawBufferPointer(buffer)
                raw[0] = internalTag
                raw.storeBytes(of: childMask.bigEndian, toByteOffset: 1, as: UInt16.self)
                raw.storeBytes(of: leafMask.bigEndian, toByteOffset: 3, as: UInt16.self)
                var offset = 5
                for nibble in 0..<16 where slots[16 + nibble].kind != .empty {
                    raw.storeBytes(of: slots[16 + nibble].version.bigEndian, toByteOffset: offset, as: UInt64.self)
                    slots[16 + nibble].hash.store(into: raw, at: offset + 8)
                    offset += 40
                }
                for index in 1..<16 where slots[index].kind == .composite {
                    slots[index].hash.store(into: raw, at: offset)
                    offset += 32
                }
                count = offset
            }
        }
    }

    /// The node in `bytes`, or nil when they are not an encoding of one.
    static func decode(_ bytes: [UInt8]) -> Node? {
        bytes.withUnsafeBytes { buffer -> Node? in
            var reader = Reader(buffer: buffer)
            switch reader.byte() {
            case leafTag:
                guard let keyHash = reader.hash(), let valueHash = reader.hash(), let keyCount = reader.uint32(),
                    let key = reader.bytes(Int(keyCount))
                else { return nil }
                let value = reader.rest()
                return .leaf(LeafNode(keyHash: keyHash, valueHash: valueHash, key: key, value: value))
            case internalTag:
                return decodeInternal(&reader).map(Node.internal)
            default:
                return nil
            }
        }
    }

    private static func decodeInternal(_ reader: inout Reader) -> InternalNode? {
        guard let childMask = reader.uint16(), let leafMask = reader.uint16(), leafMask & ~childMask == 0 else { return nil }
        var slots = [InternalNode.Slot](repeating: .empty, count: 32)
        for nibble in 0..<16 where childMask & (1 << UInt16(nibble)) != 0 {
            guard let version = reader.uint64(), let hash = reader.hash() else { return nil }
            let kind: InternalNode.Kind = leafMask & (1 << UInt16(nibble)) != 0 ? .leaf : .composite
            slots[16 + nibble] = InternalNode.Slot(hash: hash, kind: kind, version: version)
        }
        // The kinds of the binary levels follow from the children; composite ones carry a stored hash.
        for index in stride(from: 15, through: 1, by: -1) {
            let left = slots[2 * index]
            let right = slots[2 * index + 1]
            switch (left.kind, right.kind) {
            case (.empty, .empty): slots[index] = .empty
            case (.empty, .leaf): slots[index] = InternalNode.Slot(hash: right.hash, kind: .leaf, version: 0)
            case (.leaf, .empty): slots[index] = InternalNode.Slot(hash: left.hash, kind: .leaf, version: 0)
            default: slots[index] = InternalNode.Slot(hash: .placeholder, kind: .composite, version: 0)
            }
        }
        for index in 1..<16 where slots[index].kind == .composite {
            guard let hash = reader.hash() else { return nil }
            slots[index].hash = hash
        }
        guard reader.atEnd else { return nil }
        return InternalNode(slots: slots)
    }

    /// Reads fixed-width fields from the front of a buffer; nil past its end.
    private struct Reader {
        let buffer: UnsafeRawBufferPointer
        var offset = 0

        var atEnd: Bool { offset == buffer.count }

        mutating func byte() -> UInt8? {
            guard offset < buffer.count else { return nil }
            defer { offset += 1 }
            return buffer[offset]
        }

        mutating func uint16() -> UInt16? { integer() }
        mutating func uint32() -> UInt32? { integer() }
        mutating func uint64() -> UInt64? { integer() }

        mutating func hash() -> StateHash? {
            guard buffer.count - offset >= 32 else { return nil }
            defer { offset += 32 }
            return StateHash(loading: UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + 32)]))
        }

        mutating func bytes(_ count: Int) -> [UInt8]? {
            guard count >= 0, buffer.count - offset >= count else { return nil }
            defer { offset += count }
            return [UInt8](buffer[offset..<(offset + count)])
        }

        mutating func rest() -> [UInt8] {
            defer { offset = buffer.count }
            return [UInt8](buffer[offset...])
        }

        private mutating func integer<T: FixedWidthInteger>() -> T? {
            let size = MemoryLayout<T>.size
            guard buffer.count - offset >= size else { return nil }
            defer { offset += size }
            return T(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
    }
}
