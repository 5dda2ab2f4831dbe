import CMTChain

/// Why the node refused or failed a request, with the JSON-RPC error it becomes (docs/rpc.md,
/// "Errors").
public struct NodeError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: Sendable, Equatable {
        /// The transaction failed the chain's checks: the ``TxRejection`` code.
        case rejected(UInt32, name: String)
        /// The mempool refused it: the ``MempoolRejection`` code.
        case mempool(UInt32, name: String)
        /// A parameter the request gave does not fit (−32602).
        case invalidParams
        /// An action estimated or called did not succeed (−32010).
        case executionFailed
        /// The store failed to answer (−32002).
        case store
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public init(_ rejection: TxRejection) {
        self.init(.rejected(rejection.code.rawValue, name: rejection.code.description), rejection.message)
    }

    public init(_ rejection: MempoolRejection) {
        self.init(.mempool(rejection.code.rawValue, name: rejection.code.description), rejection.message)
    }

    /// A store failure from the chain's state machine.
    public init(_ error: ChainError) { self.init(.store, "\(error)") }

    public var description: String { "\(kind): \(message)" }
}
