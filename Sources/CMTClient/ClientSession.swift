import CMTBytecode
import CMTChain
import CMTNode

/// What `cmtc deploy/call/send/receipt/logs/process show` do, apart from the command line: one
/// node (its chain id read once), contracts' interfaces from the node, actions built from
/// command-line texts, and submitting with waiting for inclusion.
public struct ClientSession: Sendable {
    public let node: NodeClient
    /// The node's chain id (`cmt_chainId`).
    public let chainID: String

    /// A session with the node at `url`; fails with ``ClientError/Code/unreachable`` when none answers.
    public static func connect(url: String, timeout: Duration = .seconds(30)) async throws(ClientError) -> ClientSession {
        let node = NodeClient(connection: try RPCConnection(url: url, timeout: timeout))
        return ClientSession(node: node, chainID: try await node.chainID())
    }

    public init(node: NodeClient, chainID: String) {
        self.node = node
        self.chainID = chainID
    }

    /// True for a dev chain (``SignerChoice/isDevChain(_:)``).
    public var isDevChain: Bool { SignerChoice.isDevChain(chainID) }

    /// The call action of `function` of `contract` with command-line `arguments` read against the
    /// contract's ABI (from `cmt_getContract`), sending `value`.
    public func callAction(contract: Address, function: String, arguments: [String], value: Amount) async throws(ClientError) -> TxAction {
        let interface = try await node.contract(contract).interface
        let encoded = try interface.encodeArguments(of: try interface.function(function), arguments)
        return .call(contract: contract, function: function, arguments: encoded, value: value)
    }

    /// Runs `function` read-only with command-line `arguments`, as `from` (or the zero address).
    public func call(contract: Address, function: String, arguments: [String], from: Address?, value: Amount) async throws(ClientError) -> CallResult {
        let interface = try await node.contract(contract).interface
        let encoded = try interface.encodeArguments(of: try interface.function(function), arguments)
        return try await node.call(contract: contract, function: function, arguments: encoded, from: from, value: value)
    }

    /// Signs and submits `action` with `key`, then waits for its receipt. `submitted` hears the
    /// hash as soon as the node took it; `progress` the time waited.
    public func execute(
        _ action: TxAction, key: SigningKey, gasLimit: UInt64? = nil, wait: Duration = .seconds(60),
        submitted: @Sendable (TransactionSender.Submitted) -> Void = { _ in }, progress: @Sendable (Duration) -> Void = { _ in }
    ) async throws(ClientError) -> NodeReceipt {
        let sender = TransactionSender(node: node, key: key, chainID: chainID, gasLimit: gasLimit)
        let sent = try await sender.submit(action)
        submitted(sent)
        return try await InclusionWaiter(node: node, timeout: wait).receipt(of: sent.hash, progress: progress)
    }

    /// A transaction hash as the node takes it: `0x` and 64 hex digits (the `0x` may be left out).
    public static func transactionHash(_ text: String) throws(ClientError) -> String {
        let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
        guard digits.count == 64, let bytes = Hex.decode(digits) else {
            throw ClientError(.badInput, "'\(text)' is not a transaction hash (0x and 64 hex digits)")
        }
        return "0x" + Hex.encode(bytes)
    }

    /// An address given on the command line (bech32 `cmt1…`).
    public static func address(_ text: String, _ what: String) throws(ClientError) -> Address {
        do { return try Address.parse(text) } catch { throw ClientError(.badInput, "\(what) '\(text)' is not an address: \(error.message)") }
    }

    /// An amount in CMT given on the command line (`1.5`, `1000`, `0.000000000000000001`).
    public static func amount(_ text: String, _ what: String) throws(ClientError) -> Amount {
        guard let amount = Amount(cmt: text) else {
            throw ClientError(.badInput, "\(what) '\(text)' is not an amount of CMT (digits, optionally a point and up to 18 decimals)")
        }
        return amount
    }
}
