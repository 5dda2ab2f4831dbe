import CMTBytecode
/// A transaction as the chain sees it, after the stateless check: the chain's own types, not the
/// wire's (`Transaction+Wire.swift` converts at the edge).
public struct Transaction: Sendable, Equatable {
    /// The chain the transaction is for.
    public var chainID: String
    /// The signer's next nonce.
    public var nonce: UInt64
    /// The most gas the transaction may use.
    public var gasLimit: UInt64
    /// The most paid per unit of gas (base fee and priority fee together).
    public var maxFeePerGas: Amount
    /// The part of the fee per gas offered to the block's proposer.
    public var priorityFeePerGas: Amount
    /// The last height that may include the transaction, or nil for no limit.
    public var expiryHeight: UInt64?
    /// Who signs.
    public var signer: PublicKey
    /// Who pays the fee instead of the signer, if anyone.
    public var feePayer: PublicKey?
    /// What to do.
    public var action: TxAction

    public init(
        chainID: String, nonce: UInt64, gasLimit: UInt64, maxFeePerGas: Amount, priorityFeePerGas: Amount,
        expiryHeight: UInt64?, signer: PublicKey, feePayer: PublicKey? = nil, action: TxAction
    ) {
        self.chainID = chainID
        self.nonce = nonce
        self.gasLimit = gasLimit
        self.maxFeePerGas = maxFeePerGas
        self.priorityFeePerGas = priorityFeePerGas
        self.expiryHeight = expiryHeight
        self.signer = signer
        self.feePayer = feePayer
        self.action = action
    }

    /// The account that signs.
    public var sender: Address { signer.address }
}

/// What a transaction does.
public enum TxAction: Sendable, Equatable {
    /// Moves `amount` from the signer to `to`.
    case transfer(to: Address, amount: Amount)
    /// Deploys a bundle with constructor arguments and template parameters (runtime value encoding).
    case deploy(bundle: [UInt8], constructorArguments: [UInt8], parameters: [TemplateParameter], value: Amount)
    /// Calls `function` of `contract` with arguments in the runtime's value encoding.
    case call(contract: Address, function: String, arguments: [UInt8], value: Amount)
    /// Delivers a webhook event to `contract`'s handler `hook`.
    case webhookEvent(contract: Address, hook: String, payload: [UInt8])
}

/// One bound template parameter of a deploy.
public struct TemplateParameter: Sendable, Equatable {
    public var name: String
    public var value: [UInt8]

    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }
}

/// A transaction that passed the stateless check: decoded, canonical, signatures verified.
public struct CheckedTransaction: Sendable, Equatable {
    /// The transaction.
    public let transaction: Transaction
    /// SHA-256 of ``bytes``, as CometBFT hashes transactions.
    public let hash: [UInt8]
    /// The exact bytes submitted.
    public let bytes: [UInt8]
}
