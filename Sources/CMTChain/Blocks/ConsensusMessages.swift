import CMTBytecode

/// InitChain: what consensus gives at genesis (CometBFT's RequestInitChain, the parts the
/// application uses).
public struct InitChainRequest: Sendable {
    public var chainID: String
    public var initialHeight: UInt64
    /// Genesis time in seconds.
    public var time: Int64
    /// The `app_state` JSON bytes (``Genesis``).
    public var appState: [UInt8]

    public init(chainID: String, initialHeight: UInt64, time: Int64, appState: [UInt8]) {
        self.chainID = chainID
        self.initialHeight = initialHeight
        self.time = time
        self.appState = appState
    }
}

/// Info: where the application stands (CometBFT's ResponseInfo).
public struct ChainInfo: Hashable, Sendable {
    /// The last committed block's height; 0 before the first block (also after InitChain).
    public var lastBlockHeight: UInt64
    /// The app hash after that block (after genesis before the first block; zero bytes before InitChain).
    public var lastBlockAppHash: StateHash
    /// The protocol version in force (CometBFT's app version).
    public var appVersion: UInt64
}

/// The code space of a result's code: ``transaction`` for ``TxRejection`` codes (CheckTx, and a
/// transaction of a block that failed its stateful check), ``receipt`` for ``ReceiptStatus``
/// codes of executed transactions. Code 0 is success in both.
public enum ResultCodespace {
    public static let transaction = "cmt.tx"
    public static let receipt = "cmt.receipt"
    /// The node itself failed (its store): not the transaction's fault; it may be sent again.
    public static let node = "cmt.node"
}

/// CheckTx's answer (CometBFT's ResponseCheckTx): code 0 admits the transaction.
public struct CheckTxResult: Sendable {
    public var code: UInt32
    public var codespace: String
    public var log: String
    /// The gas limit, for the mempool's block gas accounting.
    public var gasWanted: UInt64
    /// The checked transaction, when admitted (the mempool orders by sender, nonce and fee).
    public var transaction: CheckedTransaction?

    public var isAccepted: Bool { code == 0 }

    /// The code (codespace `cmt.node`) of a CheckTx the store failed to answer.
    public static let storeFailureCode: UInt32 = 1

    static func rejected(_ rejection: TxRejection) -> CheckTxResult {
        CheckTxResult(code: rejection.code.rawValue, codespace: ResultCodespace.transaction, log: rejection.description, gasWanted: 0)
    }
}

/// The block a proposal is for (PrepareProposal and ProcessProposal).
public struct ProposalContext: Hashable, Sendable {
    public var height: UInt64
    public var time: Int64
    public var proposer: Address
    public var protocolVersion: UInt64

    public init(height: UInt64, time: Int64, proposer: Address, protocolVersion: UInt64 = ChainVersions.currentProtocol) {
        self.height = height
        self.time = time
        self.proposer = proposer
        self.protocolVersion = protocolVersion
    }
}

/// ProcessProposal's answer.
public enum ProposalVerdict: Hashable, Sendable {
    case accept
    /// Refused, with the first reason found.
    case reject(String)
}

/// FinalizeBlock: a decided block (CometBFT's RequestFinalizeBlock, the parts the application
/// uses, plus the block's protocol version from its header).
public struct FinalizeBlockRequest: Sendable {
    public var height: UInt64
    public var time: Int64
    public var proposer: Address
    public var protocolVersion: UInt64
    /// The block's hash as consensus names it (stored in the block record; may be empty).
    public var hash: [UInt8]
    public var transactions: [[UInt8]]

    public init(
        height: UInt64, time: Int64, proposer: Address, protocolVersion: UInt64 = ChainVersions.currentProtocol,
        hash: [UInt8] = [], transactions: [[UInt8]]
    ) {
        self.height = height
        self.time = time
        self.proposer = proposer
        self.protocolVersion = protocolVersion
        self.hash = hash
        self.transactions = transactions
    }
}

/// One transaction's result in FinalizeBlock (CometBFT's ExecTxResult).
public struct TxResult: Sendable {
    /// 0 for success; a ``ReceiptStatus`` (codespace `cmt.receipt`) or a ``TxRejection`` code
    /// (codespace `cmt.tx`).
    public var code: UInt32
    public var codespace: String
    /// A human-readable account (not part of consensus).
    public var log: String
    public var gasWanted: UInt64
    public var gasUsed: UInt64
    public var receipt: Receipt
}

/// FinalizeBlock's answer: a result per transaction, in order, and the app hash that executing
/// the block gives (it appears in the next block's header).
public struct FinalizeBlockResult: Sendable {
    public var results: [TxResult]
    public var appHash: StateHash
    public var record: BlockRecord
    /// The receipts of the process timers the block fired after its transactions, in firing
    /// order (docs/chain.md, "Process timers"); they follow the transactions' receipts in the
    /// receipts root and in the stored records.
    public var timers: [Receipt] = []
}

/// Commit's answer.
public struct CommitResult: Hashable, Sendable {
    /// The height committed.
    public var height: UInt64
    /// The lowest height the state tree still answers for (CometBFT's retain height).
    public var retainHeight: UInt64
}
