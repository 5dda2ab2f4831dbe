/// An account or contract address in its text form (`cmt1…`); a distinct kind in the language.
public struct Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var text: String
    public init(_ text: String) { self.text = text }
    public var description: String { text }
    public static func < (lhs: Address, rhs: Address) -> Bool { Array(lhs.text.utf8).lexicographicallyPrecedes(rhs.text.utf8) }
}
