import CMTBytecode
import CMTVM

extension BundleContractExecutor {
    /// Fires the due timers of process instance `id` of `contract` at the block's time, with the
    /// contract's process service (its actions run as calls of the contract itself, within
    /// `gasLimit`); the instance is stored back, which moves its timer index entry. A contract
    /// that is gone is `unknownContract`; a firing that fails is `failed` with the engine's
    /// reason (the chain undoes it); a store fault is recorded on the overlay.
    public func fireTimer(contract: Address, instance id: Int64, state: StateOverlay, block: BlockInfo, gasLimit: UInt64) -> ContractOutcome {
        let host = ChainHost(
            overlay: state, block: BlockContext(height: Int64(clamping: block.height), time: block.time), bundles: bundles)
        guard let (_, entry) = host.contract(at: contract) else {
            if let fault = host.fault {
                state.recordFault(ChainStoreError(fault.code == .storageWrite ? .writeFailed : .readFailed, fault.message))
                return ContractOutcome(status: .failed, gasUsed: 0, reason: fault.description)
            }
            return ContractOutcome(status: .unknownContract, gasUsed: 0, reason: "no contract at \(contract)")
        }
        let limit = Int64(clamping: gasLimit)
        let fired = host.withServices(of: entry) {
            entry.processService.fireDueTimers(instance: id, contract: contract, host: host, gasLimit: limit)
        }
        if let fault = host.fault {
            state.recordFault(ChainStoreError(fault.code == .storageWrite ? .writeFailed : .readFailed, fault.message))
            return ContractOutcome(status: .failed, gasUsed: 0, reason: fault.description)
        }
        let used = UInt64(clamping: max(0, fired.gasUsed))
        if let failure = fired.failure { return ContractOutcome(status: .failed, gasUsed: min(used, gasLimit), reason: failure) }
        guard used <= gasLimit else {
            return ContractOutcome(status: .outOfGas, gasUsed: gasLimit, reason: "the timers of process instance \(id) need more than \(gasLimit) gas")
        }
        return ContractOutcome(status: .success, gasUsed: used, events: host.takeEvents())
    }
}
