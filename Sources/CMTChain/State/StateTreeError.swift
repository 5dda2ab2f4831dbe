/// Why a state tree operation failed: a version outside the retained window, a commit out of
/// order, a proof that does not decode, or a node store that lost a node it must hold.
public struct StateTreeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An extensible error category; the raw values are stable.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The version was never committed, or was pruned.
        public static let unknownVersion = Code(rawValue: "unknownVersion")
        /// A commit's version is not the one after the latest.
        public static let versionOrder = Code(rawValue: "versionOrder")
        /// A retention policy that keeps no version.
        public static let badRetention = Code(rawValue: "badRetention")
        /// Proof bytes that are not a canonical encoding (docs/chain.md, "Proof format").
        public static let malformedProof = Code(rawValue: "malformedProof")
        /// The node store has no node that a retained version refers to: the store is damaged.
        public static let missingNode = Code(rawValue: "missingNode")
        /// The node store failed (a database error in a persistent store).
        public static let storeFailure = Code(rawValue: "storeFailure")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
