/// An account or contract address: exactly 20 bytes, compared and ordered by those bytes, written
/// as bech32 (BIP-173) with the prefix `cmt` wherever it meets people (printing, literals, `--arg`,
/// JSON). ``parse(_:)`` is the one validation every edge uses.
public struct Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The human-readable bech32 prefix of every address.
    public static let prefix = "cmt"
    /// Bytes in an address.
    public static let size = 20

    /// The 20 bytes.
    public let bytes: [UInt8]

    /// The address with these bytes; nil unless there are exactly 20.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Address.size else { return nil }
        self.bytes = Array(bytes)
    }

    /// Parses bech32 text (`cmt1…`), any single case; see ``parse(_:)``.
    public init(_ text: String) throws(AddressError) {
        self = try Address.parse(text)
    }

    /// The shared validation of address text: a valid bech32 string (BIP-173 checksum and rules)
    /// whose prefix is `cmt` and whose data is exactly 20 bytes.
    public static func parse(_ text: String) throws(AddressError) -> Address {
        let (prefix, data) = try Bech32.decode(text)
        guard prefix == Address.prefix else {
            throw AddressError(.wrongPrefix, "the prefix is '\(prefix)'; addresses start with '\(Address.prefix)1'")
        }
        let bytes = try Bech32.fromFiveBit(data)
        guard let address = Address(bytes: bytes) else {
            throw AddressError(.wrongSize, "\(bytes.count) bytes; an address has \(Address.size)")
        }
        return address
    }

    /// The address of a public key: the first 20 bytes of SHA-256 of the key's bytes (for
    /// Ed25519, its 32-byte raw representation).
    public static func derived(fromPublicKey key: [UInt8]) -> Address {
        Address(unchecked: ContentHash.sha256(key).prefix(Address.size))
    }

    /// A deterministic address for a name that no key owns (test accounts, the tools' fixed
    /// accounts): the first 20 bytes of SHA-256 of `"cmt-named-address:" + name`. The prefix keeps
    /// these apart from ``derived(fromPublicKey:)``: no key hashes to a named address in practice.
    public static func named(_ name: String) -> Address {
        Address(unchecked: ContentHash.sha256(Array(("cmt-named-address:" + name).utf8)).prefix(Address.size))
    }

    private init(unchecked bytes: some Collection<UInt8>) { self.bytes = Array(bytes) }

    /// The bech32 text, lower case (`cmt1` + 32 data characters + 6 checksum characters).
    public var text: String { Bech32.encode(prefix: Address.prefix, data: Bech32.toFiveBit(bytes)) }

    public var description: String { text }

    public static func < (lhs: Address, rhs: Address) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
