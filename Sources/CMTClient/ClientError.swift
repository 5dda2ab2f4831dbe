import CMTNode

/// Why a client operation failed, with a stable code (docs/client.md, "Errors"). `cmtc` prints
/// `error[C001]: no node: …` and exits 1.
public struct ClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stable error code; the raw values never change meaning.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Nothing answers at the RPC URL (connection refused, host not found, timed out).
        public static let unreachable = Code(rawValue: "C001")
        /// The node answered with something that is not a JSON-RPC 2.0 response of the expected shape.
        public static let badResponse = Code(rawValue: "C002")
        /// The node answered the request with a JSON-RPC error (its code is in ``ClientError/rpcCode``).
        public static let rpcError = Code(rawValue: "C003")
        /// The node refused the transaction (its rejection code is in ``ClientError/rpcCode``).
        public static let rejected = Code(rawValue: "C004")
        /// The transaction was not included before the wait ended.
        public static let notIncluded = Code(rawValue: "C005")
        /// No contract at the address.
        public static let unknownContract = Code(rawValue: "C006")
        /// The contract publishes no function of that name.
        public static let unknownFunction = Code(rawValue: "C007")
        /// A command-line argument that is not a value of its parameter's type, or the wrong count.
        public static let badArgument = Code(rawValue: "C008")
        /// The URL, an address, an amount, a hash or another option is malformed.
        public static let badInput = Code(rawValue: "C009")
        /// A bundle or a project that cannot be read or deployed.
        public static let badBundle = Code(rawValue: "C010")
        /// The transaction was included but did not succeed (reverted, out of gas, …).
        public static let failedReceipt = Code(rawValue: "C011")
        /// No signing key: the named key cannot be opened, or none was named on a chain that is not a dev chain.
        public static let noKey = Code(rawValue: "C012")

        /// A short name for the code.
        public var description: String {
            switch self {
            case .unreachable: "no node"
            case .badResponse: "bad response"
            case .rpcError: "node error"
            case .rejected: "transaction rejected"
            case .notIncluded: "not included"
            case .unknownContract: "unknown contract"
            case .unknownFunction: "unknown function"
            case .badArgument: "bad argument"
            case .badInput: "bad input"
            case .badBundle: "bad bundle"
            case .failedReceipt: "transaction failed"
            case .noKey: "no key"
            default: rawValue
            }
        }
    }

    public var code: Code
    public var message: String
    /// The node's own code, when it gave one: the JSON-RPC error code, or a rejected transaction's
    /// rejection code (docs/chain.md, docs/node.md).
    public var rpcCode: Int?

    public init(_ code: Code, _ message: String, rpcCode: Int? = nil) {
        self.code = code
        self.message = message
        self.rpcCode = rpcCode
    }

    /// `error[C004]: transaction rejected: …`
    public var description: String { "error[\(code.rawValue)]: \(code): \(message)" }

    /// The error as JSON for `--json` output: `code`, `name`, `message` and `rpc_code` when known.
    public var json: JSONValue {
        var members = [JSONMember("code", .string(code.rawValue)), JSONMember("name", .string(code.description)), JSONMember("message", .string(message))]
        if let rpcCode { members.append(JSONMember("rpc_code", .integer(rpcCode))) }
        return .object([JSONMember("error", .object(members))])
    }
}
