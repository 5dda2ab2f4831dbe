/// The bech32 encoding of BIP-173 (checksummed base-32 text with a human-readable prefix), written
/// once for the compiler, the VM and the chain. Only the original bech32 constant (1) is used, as
/// Cosmos addresses do; the segwit witness-version rules of BIP-173 are not applied.
public enum Bech32 {
    /// BIP-173's alphabet: the value of a data character is its index here.
    static let alphabet: [UInt8] = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    /// Longest valid string (BIP-173).
    public static let maxLength = 90

    /// The value of each ASCII character in the alphabet, or -1.
    static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
        return table
    }()

    static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for bit in 0..<5 where (top >> UInt32(bit)) & 1 == 1 { checksum ^= generator[bit] }
        }
        return checksum
    }

    static func expand(_ prefix: [UInt8]) -> [UInt8] { prefix.map { $0 >> 5 } + [0] + prefix.map { $0 & 31 } }

    /// `prefix` (lower-case ASCII) + `1` + the 5-bit `data` + the checksum.
    public static func encode(prefix: String, data: [UInt8]) -> String {
        let hrp = Array(prefix.utf8)
        let checksum = polymod(expand(hrp) + data + [0, 0, 0, 0, 0, 0]) ^ 1
        var out = hrp + [UInt8(ascii: "1")]
        out += data.map { alphabet[Int($0 & 31)] }
        for index in 0..<6 { out.append(alphabet[Int((checksum >> UInt32(5 * (5 - index))) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The prefix (lower case) and the 5-bit data of a valid bech32 string, checked as BIP-173 says:
    /// at most 90 characters, US-ASCII 33...126, one case, a non-empty prefix, the last `1` as
    /// separator, at least 6 data characters, all from the alphabet, and the checksum.
    public static func decode(_ text: String) throws(AddressError) -> (prefix: String, data: [UInt8]) {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxLength else {
            throw AddressError(.badLength, "\(bytes.count) characters; bech32 allows at most \(maxLength)")
        }
        var lower = false
        var upper = false
        for byte in bytes {
            guard (33...126).contains(byte) else { throw AddressError(.badCharacter, "a character outside printable US-ASCII") }
            if (97...122).contains(byte) { lower = true }
            if (65...90).contains(byte) { upper = true }
        }
        guard !(lower && upper) else { throw AddressError(.mixedCase, "upper and lower case letters are mixed") }
        let folded = bytes.map { (65...90).contains($0) ? $0 + 32 : $0 }
        guard let separator = folded.lastIndex(of: UInt8(ascii: "1")) else {
            throw AddressError(.noSeparator, "no '1' separates the prefix from the data")
        }
        guard separator > 0 else { throw AddressError(.emptyPrefix, "nothing before the '1' separator") }
        guard folded.count - separator - 1 >= 6 else {
            throw AddressError(.badLength, "the data part is shorter than the 6-character checksum")
        }
        var data: [UInt8] = []
        for byte in folded[(separator + 1)...] {
            let value = values[Int(byte)]
            guard value >= 0 else {
                throw AddressError(.badCharacter, "'\(Character(Unicode.Scalar(byte)))' is not a bech32 data character")
            }
            data.append(UInt8(value))
        }
        let prefix = Array(folded[..<separator])
        guard polymod(expand(prefix) + data) == 1 else {
            throw AddressError(.badChecksum, "the checksum does not match (a character is mistyped)")
        }
        return (String(decoding: prefix, as: UTF8.self), Array(data.dropLast(6)))
    }

    /// Regroups 8-bit bytes into 5-bit groups, the last one padded with zero bits.
    public static func toFiveBit(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            accumulator = accumulator << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(UInt8((accumulator >> UInt32(bits)) & 31))
            }
        }
        if bits > 0 { out.append(UInt8((accumulator << UInt32(5 - bits)) & 31)) }
        return out
    }

    /// Regroups 5-bit groups into bytes; the padding must be fewer than 5 bits, all zero.
    public static func fromFiveBit(_ groups: [UInt8]) throws(AddressError) -> [UInt8] {
        var out: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for group in groups {
            accumulator = (accumulator << 5 | UInt32(group & 31)) & 0xFFF
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        guard bits < 5, (accumulator << UInt32(8 - bits)) & 0xFF == 0 else {
            throw AddressError(.badPadding, "the data does not end on a byte boundary with zero padding")
        }
        return out
    }
}
