/// A 32-byte SHA-256 value of the authenticated state tree: a key hash, a value hash or a node hash.
///
/// Held as four big-endian 64-bit words so that it is a trivial value (no heap, no reference
/// counting) and so that bit `i` of the hash (most significant bit of byte 0 first) and nibble `i`
/// (high half of byte 0 first) are a shift and a mask. Ordering is the byte order of ``bytes``.
public struct StateHash: Hashable, Comparable, Sendable, CustomStringConvertible {
    var w0: UInt64
    var w1: UInt64
    var w2: UInt64
    var w3: UInt64

    /// The placeholder of an empty subtree: 32 zero bytes (docs/chain.md, "Hashing").
    public static let placeholder = StateHash(w0: 0, w1: 0, w2: 0, w3: 0)

    init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// The hash with these 32 bytes, or nil when `bytes` does not hold exactly 32.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in bytes.enumerated() { words[index / 8] = words[index / 8] << 8 | UInt64(byte) }
        self.init(w0: words[0], w1: words[1], w2: words[2], w3: words[3])
    }

    /// Reads 32 bytes at the start of `buffer` (the caller checks there are 32).
    init(loading buffer: UnsafeRawBufferPointer) {
        func word(_ index: Int) -> UInt64 {
            UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
        }
        self.init(w0: word(0), w1: word(1), w2: word(2), w3: word(3))
    }

    /// Writes the 32 bytes at `offset` in `buffer` (the caller checks there is room).
    func store(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
        buffer.storeBytes(of: w0.bigEndian, toByteOffset: offset, as: UInt64.self)
        buffer.storeBytes(of: w1.bigEndian, toByteOffset: offset + 8, as: UInt64.self)
        buffer.storeBytes(of: w2.bigEndian, toByteOffset: offset + 16, as: UInt64.self)
        buffer.storeBytes(of: w3.bigEndian, toByteOffset: offset + 24, as: UInt64.self)
    }

    /// The 32 bytes.
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { store(into: $0, at: 0) }
        return out
    }

    /// Lowercase hexadecimal text of the 32 bytes.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    func word(_ index: Int) -> UInt64 {
        switch index {
        case 0: w0
        case 1: w1
        case 2: w2
        default: w3
        }
    }

    /// Bit `index` (0...255), most significant bit of byte 0 first: the branch taken at binary depth `index`.
    func bit(_ index: Int) -> Int { Int(truncatingIfNeeded: word(index >> 6) >> UInt64(63 - index & 63)) & 1 }

    /// Nibble `index` (0...63), high half of byte 0 first: the child taken at nibble depth `index`.
    func nibble(_ index: Int) -> Int {
        Int(truncatingIfNeeded: word(index >> 4) >> UInt64(60 - 4 * (index & 15))) & 0xF
    }

    /// How many leading bits `self` and `other` share (256 when equal).
    func commonPrefixBits(with other: StateHash) -> Int {
        for index in 0..<4 {
            let difference = word(index) ^ other.word(index)
            if difference != 0 { return index * 64 + difference.leadingZeroBitCount }
        }
        return 256
    }

    /// The hash with every bit from `bitCount` on cleared: the prefix that names a subtree.
    func prefix(bits bitCount: Int) -> StateHash {
        func mask(_ index: Int) -> UInt64 {
            let kept = bitCount - index * 64
            if kept >= 64 { return ~0 }
            if kept <= 0 { return 0 }
            return ~0 << UInt64(64 - kept)
        }
        return StateHash(w0: w0 & mask(0), w1: w1 & mask(1), w2: w2 & mask(2), w3: w3 & mask(3))
    }

    public static func < (lhs: StateHash, rhs: StateHash) -> Bool {
        (lhs.w0, lhs.w1, lhs.w2, lhs.w3) < (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
    }
}
