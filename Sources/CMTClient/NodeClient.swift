import CMTBytecode
import CMTChain
import CMTNode

/// The node's JSON-RPC methods (docs/rpc.md) with typed parameters and results, over one
/// ``RPCConnection``.
public struct NodeClient: Sendable {
    public let connection: RPCConnection

    public init(connection: RPCConnection) { self.connection = connection }

    /// The chain id every transaction signs over (`cmt_chainId`).
    public func chainID() async throws(ClientError) -> String {
        try JSONFields.string(try await connection.call("cmt_chainId"), "cmt_chainId's result")
    }

    /// The base fee per gas (`cmt_gasPrice`).
    public func gasPrice() async throws(ClientError) -> Amount {
        try JSONFields.amount(try await connection.call("cmt_gasPrice"), "cmt_gasPrice's result")
    }

    /// The last committed height (`cmt_blockNumber`).
    public func blockNumber() async throws(ClientError) -> UInt64 {
        try JSONFields.uint64(try await connection.call("cmt_blockNumber"), "cmt_blockNumber's result")
    }

    /// The nonce the account's next transaction should carry (`cmt_getNonce`).
    public func nonce(of account: Address) async throws(ClientError) -> UInt64 {
        try JSONFields.uint64(try await connection.call("cmt_getNonce", .array([.string(account.text)])), "cmt_getNonce's result")
    }

    /// The account's balance (`cmt_getBalance`).
    public func balance(of account: Address) async throws(ClientError) -> Amount {
        try JSONFields.amount(try await connection.call("cmt_getBalance", .array([.string(account.text)])), "cmt_getBalance's result")
    }

    /// Submits signed envelope bytes (`cmt_sendRawTransaction`) and returns the transaction hash
    /// as `0x`-hex. A transaction the node refuses is ``ClientError/Code/rejected`` with the
    /// rejection code (1–99 the chain's checks, 101–199 the mempool's).
    public func sendRawTransaction(_ bytes: [UInt8]) async throws(ClientError) -> String {
        do {
            return try JSONFields.string(try await connection.call("cmt_sendRawTransaction", .array([JSONFields.hexText(bytes)])), "the transaction hash")
        } catch let error where error.code == .rpcError {
            if let code = error.rpcCode, (1...199).contains(code) {
                throw ClientError(.rejected, Self.stripMethod(error.message, "cmt_sendRawTransaction"), rpcCode: code)
            }
            throw error
        }
    }

    /// The receipt of a committed transaction, or nil while it is pending or unknown.
    public func receipt(_ hash: String) async throws(ClientError) -> NodeReceipt? {
        let result = try await connection.call("cmt_getTransactionReceipt", .array([.string(hash)]))
        if result == .null { return nil }
        return try NodeReceipt(json: result)
    }

    /// Runs `function` of `contract` read-only (`cmt_call`): the outcome as a receipt-like result
    /// (status, gas, return value, reason, events). Nothing changes on the chain.
    public func call(contract: Address, function: String, arguments: [UInt8], from: Address?, value: Amount) async throws(ClientError) -> CallResult {
        let request = Self.callObject(contract: contract, function: function, arguments: arguments, from: from, value: value)
        let result = try await connection.call("cmt_call", .array([request]))
        return try CallResult(json: result)
    }

    /// The call object of `cmt_call` (docs/rpc.md).
    static func callObject(contract: Address, function: String, arguments: [UInt8], from: Address?, value: Amount) -> JSONValue {
        var members = [JSONMember("to", .string(contract.text)), JSONMember("function", .string(function)), JSONMember("args", JSONFields.hexText(arguments))]
        if let from { members.append(JSONMember("from", .string(from.text))) }
        if value != .zero { members.append(JSONMember("value", JSONFields.amountText(value))) }
        return .object(members)
    }

    /// The gas a transaction with `action` would use (`cmt_estimateGas`); an action that would not
    /// succeed is a ``ClientError/Code/failedReceipt`` saying why.
    public func estimateGas(_ action: JSONValue) async throws(ClientError) -> UInt64 {
        do {
            return try JSONFields.uint64(try await connection.call("cmt_estimateGas", .array([action])), "cmt_estimateGas's result")
        } catch let error where error.code == .rpcError && error.rpcCode == -32010 {
            throw ClientError(.failedReceipt, "the transaction would fail: " + Self.stripMethod(error.message, "cmt_estimateGas"), rpcCode: -32010)
        }
    }

    /// The contract at `address` (`cmt_getContract`); ``ClientError/Code/unknownContract`` when
    /// the address holds none.
    public func contract(_ address: Address) async throws(ClientError) -> DeployedContract {
        let result = try await connection.call("cmt_getContract", .array([.string(address.text)]))
        if result == .null { throw ClientError(.unknownContract, "no contract at \(address.text)") }
        return try DeployedContract(json: result)
    }

    /// A process instance of `contract` (`cmt_getProcessInstance`) as the node returns it.
    public func processInstance(contract: Address, id: String) async throws(ClientError) -> JSONValue {
        let result = try await connection.call("cmt_getProcessInstance", .array([.string(contract.text), .string(id)]))
        if result == .null { throw ClientError(.badInput, "contract \(contract.text) has no process instance \(id)") }
        return result
    }

    /// The events that match `filter` (`cmt_getLogs`), in chain order.
    public func logs(_ filter: LogFilter) async throws(ClientError) -> [NodeEvent] {
        let result = try await connection.call("cmt_getLogs", .array([filter.json]))
        guard case .array(let items) = result else { throw ClientError(.badResponse, "cmt_getLogs's result is not an array") }
        var events: [NodeEvent] = []
        for item in items { events.append(try NodeEvent(json: item)) }
        return events
    }

    /// `message` without the leading `method: ` the connection puts in front.
    static func stripMethod(_ message: String, _ method: String) -> String {
        message.hasPrefix(method + ": ") ? String(message.dropFirst(method.count + 2)) : message
    }
}

/// Which events `cmt_getLogs` returns: every member optional.
public struct LogFilter: Sendable, Equatable {
    public var contract: Address?
    public var name: String?
    public var fromHeight: UInt64?
    public var toHeight: UInt64?
    public var limit: Int?

    public init(contract: Address? = nil, name: String? = nil, fromHeight: UInt64? = nil, toHeight: UInt64? = nil, limit: Int? = nil) {
        self.contract = contract
        self.name = name
        self.fromHeight = fromHeight
        self.toHeight = toHeight
        self.limit = limit
    }

    /// The filter object of docs/rpc.md.
    public var json: JSONValue {
        var members: [JSONMember] = []
        if let contract { members.append(JSONMember("contract", .string(contract.text))) }
        if let name { members.append(JSONMember("name", .string(name))) }
        if let fromHeight { members.append(JSONMember("fromHeight", .string(String(fromHeight)))) }
        if let toHeight { members.append(JSONMember("toHeight", .string(String(toHeight)))) }
        if let limit { members.append(JSONMember("limit", .integer(limit))) }
        return .object(members)
    }
}
