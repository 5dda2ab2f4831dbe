/// An account or contract address in its text form (`cmt1…`); a distinct kind in the language.
public struct Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// What every address starts with.
    public static let prefix = "cmt1"
    /// The longest address text (BIP-173's limit for a bech32 string).
    public static let maximumLength = 90

    public var text: String
    public init(_ text: String) { self.text = text }

    /// The one validation of address text every edge uses (`--arg`, `--sender`, JSON): `cmt1`
    /// followed by lower-case letters and digits, at most 90 characters in all.
    public static func parse(_ text: String) throws(AddressError) -> Address {
        guard text.hasPrefix(prefix) else { throw AddressError(message: "addresses start with '\(prefix)'") }
        let rest = text.utf8.dropFirst(prefix.utf8.count)
        guard !rest.isEmpty else { throw AddressError(message: "nothing follows '\(prefix)'") }
        guard text.utf8.count <= maximumLength else { throw AddressError(message: "longer than \(maximumLength) characters") }
        guard rest.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw AddressError(message: "only lower-case letters and digits follow '\(prefix)'")
        }
        return Address(text)
    }
    public var description: String { text }
    public static func < (lhs: Address, rhs: Address) -> Bool { Array(lhs.text.utf8).lexicographicallyPrecedes(rhs.text.utf8) }
}

/// Why a text is not an address (``Address/parse(_:)``).
public struct AddressError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
