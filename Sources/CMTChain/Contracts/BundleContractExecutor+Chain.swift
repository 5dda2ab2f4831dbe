import CMTBytecode
import CMTVM

/// The chain's ``ContractExecutor``: runs deploy and call bodies with the bundle executor and
/// turns its outcomes into receipt terms. Webhook event bodies are not executed yet (status
/// `unsupported`, docs/chain.md).
extension BundleContractExecutor: ContractExecutor {
    public func execute(_ request: ContractRequest, state: StateOverlay) -> ContractOutcome {
        let block = BlockContext(height: Int64(clamping: request.block.height), time: request.block.time)
        let gas = Int64(clamping: request.gas)
        let outcome: Outcome
        switch request.action {
        case .deploy(let bundle, let constructorArguments, let parameters, let value):
            outcome = deploy(
                sender: request.sender, nonce: request.nonce, bundle: bundle, constructorArguments: constructorArguments,
                parameters: parameters, value: value, overlay: state, block: block, gasLimit: gas)
        case .call(let contract, let function, let arguments, let value):
            outcome = call(
                sender: request.sender, contract: contract, function: function, arguments: arguments, value: value, overlay: state,
                block: block, gasLimit: gas)
        case .webhookEvent:
            return ContractOutcome(status: .unsupported, gasUsed: 0, reason: "webhook event bodies are not executed yet")
        case .transfer:
            return ContractOutcome(status: .failed, gasUsed: 0, reason: "a transfer is not a contract body")
        }
        return Self.receiptTerms(outcome, state: state)
    }

    /// The receipt's terms for an outcome; a host fault is recorded on the overlay so that the
    /// block stops.
    static func receiptTerms(_ outcome: Outcome, state: StateOverlay) -> ContractOutcome {
        let gasUsed = UInt64(max(0, outcome.gasUsed))
        switch outcome.status {
        case .success(let returnValue):
            return ContractOutcome(
                status: .success, gasUsed: gasUsed, returnValue: returnValue, events: outcome.events, createdContract: outcome.contract)
        case .reverted(let reason, let location):
            return ContractOutcome(status: .reverted, gasUsed: gasUsed, reason: reason, location: location)
        case .outOfGas(let reason):
            return ContractOutcome(status: .outOfGas, gasUsed: gasUsed, reason: reason)
        case .insufficientFunds(let reason):
            return ContractOutcome(status: .insufficientFunds, gasUsed: gasUsed, reason: reason)
        case .failed(let reason):
            return ContractOutcome(status: .failed, gasUsed: gasUsed, reason: reason)
        case .rejected(let rejection):
            let status: ReceiptStatus =
                switch rejection.code {
                case .badBundle: .badBundle
                case .unknownContract: .unknownContract
                case .unknownFunction: .unknownFunction
                default: .badArguments
                }
            return ContractOutcome(status: status, gasUsed: gasUsed, reason: rejection.message)
        case .fault(let fault):
            state.recordFault(ChainStoreError(fault.code == .storageWrite ? .writeFailed : .readFailed, fault.message))
            return ContractOutcome(status: .failed, gasUsed: gasUsed, reason: fault.description)
        }
    }
}
