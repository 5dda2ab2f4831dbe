/// A host that could not do what it was asked: a storage read or write that failed (a database
/// error, a disk fault), as opposed to a missing key or a refused transfer. A fault is never a
/// contract's business: the VM stops the call with ``TrapReason/hostFault(_:)`` as soon as it sees
/// one, the callers up the stack stop too (the fault stays on the host), and the node abandons the
/// whole block on that node instead of committing what a broken read produced.
public struct HostFault: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable category.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Reading storage (a key, a walk, a file) failed.
        public static let storageRead = Code(rawValue: "storageRead")
        /// Writing storage failed.
        public static let storageWrite = Code(rawValue: "storageWrite")
        /// Any other failure of the host itself.
        public static let internalError = Code(rawValue: "internal")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
