import Crypto

/// An account address: 20 bytes, the first 20 of SHA-256 of the account's Ed25519 public key.
///
/// Written as 40 lowercase hexadecimal digits for now; the bech32 form with prefix `cmt` comes
/// with the runtime's bech32 codec (README, "Not built yet").
public struct Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 20 bytes.
    public let bytes: [UInt8]

    /// The number of bytes in an address.
    public static let byteCount = 20

    /// The address with these 20 bytes.
    /// - Throws: ``KeyError/Code/badAddress`` for any other length.
    public init(bytes: [UInt8]) throws(KeyError) {
        guard bytes.count == Self.byteCount else {
            throw KeyError(.badAddress, "an address is \(Self.byteCount) bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// The address of `publicKey`.
    public init(publicKey: PublicKey) {
        bytes = Array(SHA256.hash(data: publicKey.bytes).prefix(Self.byteCount))
    }

    /// The address written as 40 hexadecimal digits, optionally after `0x`.
    /// - Throws: ``KeyError/Code/badAddress`` for anything else.
    public init(hex text: String) throws(KeyError) {
        let digits = text.hasPrefix("0x") ? text.dropFirst(2) : Substring(text)
        guard digits.utf8.count == 2 * Self.byteCount, let bytes = Hex.decode(digits) else {
            throw KeyError(
                .badAddress, "'\(text)' is not an address: expected \(2 * Self.byteCount) hexadecimal digits")
        }
        self.bytes = bytes
    }

    /// 40 lowercase hexadecimal digits.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    public static func < (lhs: Address, rhs: Address) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
