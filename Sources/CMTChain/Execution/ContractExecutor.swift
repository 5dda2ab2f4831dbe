import CMTBytecode

/// The block a transaction runs in.
public struct BlockInfo: Hashable, Sendable {
    public var height: UInt64
    /// Block time in seconds, from consensus (never the wall clock).
    public var time: Int64
    /// The proposer's address: it receives the fees (CometBFT's proposer address is the first 20
    /// bytes of SHA-256 of its Ed25519 key, as an account address is).
    public var proposer: Address
    /// The chain protocol version the block runs under.
    public var protocolVersion: UInt64

    public init(height: UInt64, time: Int64, proposer: Address, protocolVersion: UInt64 = ChainVersions.currentProtocol) {
        self.height = height
        self.time = time
        self.proposer = proposer
        self.protocolVersion = protocolVersion
    }
}

/// A deploy, call or webhook event body for a ``ContractExecutor`` to run.
public struct ContractRequest: Sendable {
    /// The action (never a transfer).
    public let action: TxAction
    /// The signer: the deployer, the caller, or the relayer of a webhook event.
    public let sender: Address
    /// The nonce the transaction carried (contract addresses derive from the deployer and it).
    public let nonce: UInt64
    public let transactionHash: [UInt8]
    /// The gas the body may use: the gas limit minus the intrinsic gas.
    public let gas: UInt64
    public let block: BlockInfo
    public let config: ChainConfig
}

/// What running a body produced. On any status but success the chain undoes every state change
/// the body made (the overlay is rolled back to before it) and drops its events.
public struct ContractOutcome: Sendable {
    public var status: ReceiptStatus
    /// The gas the body used (at most ``ContractRequest/gas``; more is clamped).
    public var gasUsed: UInt64
    public var returnValue: [UInt8]
    public var reason: String
    public var location: SourceLocation?
    public var events: [ReceiptEvent]
    public var createdContract: Address?

    public init(
        status: ReceiptStatus, gasUsed: UInt64, returnValue: [UInt8] = [], reason: String = "", location: SourceLocation? = nil,
        events: [ReceiptEvent] = [], createdContract: Address? = nil
    ) {
        self.status = status
        self.gasUsed = gasUsed
        self.returnValue = returnValue
        self.reason = reason
        self.location = location
        self.events = events
        self.createdContract = createdContract
    }
}

/// Runs the bodies of deploys, calls and webhook events on a block's state: the seam where the
/// chain Host and the VM plug in (docs/chain.md, "Execution"). The chain has already taken the
/// maximum fee and bumped the nonce, and takes a snapshot before calling; the executor moves the
/// value the action sends (so that a constructor sees it), runs the code within
/// ``ContractRequest/gas``, and reports. It must be deterministic, must not touch fees or nonces,
/// and reports a failing store through ``StateOverlay/fault`` (the block then stops).
public protocol ContractExecutor: AnyObject {
    func execute(_ request: ContractRequest, state: StateOverlay) -> ContractOutcome
    /// Fires the due process timers of instance `instance` of `contract` at the end of a block
    /// (docs/chain.md, "Process timers"), within `gasLimit`. The chain has removed the instance's
    /// timer index entry and undoes everything on any status but success.
    func fireTimer(contract: Address, instance: Int64, state: StateOverlay, block: BlockInfo, gasLimit: UInt64) -> ContractOutcome
}

extension ContractExecutor {
    /// An executor that runs no process code fires nothing.
    public func fireTimer(contract: Address, instance: Int64, state: StateOverlay, block: BlockInfo, gasLimit: UInt64) -> ContractOutcome {
        ContractOutcome(status: .unsupported, gasUsed: 0, reason: "this executor runs no process timers")
    }
}
