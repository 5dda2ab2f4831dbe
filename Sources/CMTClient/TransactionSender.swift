import CMTBytecode
import CMTChain
import CMTNode
import Foundation

/// Builds, signs and submits transactions for one key (docs/client.md, "Transactions"): the nonce
/// from the node (`cmt_getNonce`, which counts the key's pending transactions), the gas limit from
/// `cmt_estimateGas` plus a quarter (or given), a maximum fee per gas of twice the node's gas price
/// with no priority fee, no expiry.
public struct TransactionSender: Sendable {
    public let node: NodeClient
    public let key: SigningKey
    public let chainID: String
    /// A fixed gas limit, or nil to estimate.
    public var gasLimit: UInt64?

    public init(node: NodeClient, key: SigningKey, chainID: String, gasLimit: UInt64? = nil) {
        self.node = node
        self.key = key
        self.chainID = chainID
        self.gasLimit = gasLimit
    }

    /// What was submitted.
    public struct Submitted: Sendable, Equatable {
        /// The transaction hash, `0x`-hex.
        public let hash: String
        public let nonce: UInt64
        public let gasLimit: UInt64
        /// For a deploy, the address the contract will have (docs/chain.md, "Contract addresses").
        public let contractAddress: Address?
    }

    /// Signs `action` and submits it. The estimate runs first (unless a gas limit is given), so an
    /// action that would fail is refused here, before it costs anything.
    public func submit(_ action: TxAction) async throws(ClientError) -> Submitted {
        let limit: UInt64
        if let gasLimit {
            limit = gasLimit
        } else {
            let estimate = try await node.estimateGas(try Self.estimateAction(action, from: key.address))
            limit = estimate.addingReportingOverflow(estimate / 4).overflow ? UInt64.max : estimate + estimate / 4
        }
        let price = try await node.gasPrice()
        guard let maxFee = price.times(2) else { throw ClientError(.badResponse, "the gas price \(price.atto) is out of range") }
        let nonce = try await node.nonce(of: key.address)
        let transaction = Transaction(
            chainID: chainID, nonce: nonce, gasLimit: max(limit, 1), maxFeePerGas: maxFee, priorityFeePerGas: .zero, expiryHeight: nil,
            signer: key.publicKey, action: action)
        let bytes: [UInt8]
        do {
            bytes = try transaction.signed(by: key)
        } catch {
            throw ClientError(.badInput, "the transaction cannot be signed: \(error)")
        }
        let hash = try await node.sendRawTransaction(bytes)
        var created: Address?
        if case .deploy = action { created = .contract(deployer: key.address, nonce: nonce) }
        return Submitted(hash: hash, nonce: nonce, gasLimit: limit, contractAddress: created)
    }

    /// The `cmt_estimateGas` action object of docs/rpc.md for `action` sent by `from`.
    static func estimateAction(_ action: TxAction, from: Address) throws(ClientError) -> JSONValue {
        var members = [JSONMember("from", .string(from.text))]
        switch action {
        case .transfer(let to, let amount):
            members += [JSONMember("to", .string(to.text)), JSONMember("value", JSONFields.amountText(amount))]
        case .call(let contract, let function, let arguments, let value):
            members += [
                JSONMember("to", .string(contract.text)), JSONMember("function", .string(function)), JSONMember("args", JSONFields.hexText(arguments)),
                JSONMember("value", JSONFields.amountText(value)),
            ]
        case .deploy(let bundle, let arguments, let parameters, let value):
            members.append(JSONMember("bundle", JSONFields.hexText(bundle)))
            if !arguments.isEmpty { members.append(JSONMember("args", JSONFields.hexText(arguments))) }
            if !parameters.isEmpty {
                members.append(JSONMember("parameters", .object(parameters.map { JSONMember($0.name, JSONFields.hexText($0.value)) })))
            }
            members.append(JSONMember("value", JSONFields.amountText(value)))
        case .webhookEvent:
            throw ClientError(.badInput, "the gas of a webhook event cannot be estimated; give a gas limit")
        }
        return .object(members)
    }
}
