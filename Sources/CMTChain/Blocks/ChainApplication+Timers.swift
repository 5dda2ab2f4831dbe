import CMTBytecode

extension ChainApplication {
    /// The earliest due time in the committed timer index, or nil when no process timer is
    /// pending: a dev chain that advances time makes a block at or after it to fire it.
    public func nextTimerDue() throws(ChainError) -> Int64? {
        let prefix = StateKey.timerPrefix
        guard let (key, _) = try Self.store({ () throws(ChainStoreError) in try storage.state.next(from: prefix, prefix: prefix) }),
            case .timer(let due, _, _)? = StateKey(bytes: key)
        else { return nil }
        return due
    }

    /// Fires the process timers the block's time has reached (docs/chain.md, "Process timers"),
    /// at the end of the block on its overlay: the timer index in key order (due time, contract,
    /// instance), each firing with ``ProcessTimers/Budget/gasPerFiring`` and all firings within
    /// ``ProcessTimers/Budget/gasPerBlock`` of ``timerBudget``. A firing that does not succeed is undone and its entry
    /// dropped. Returns a receipt per firing that did anything, named by
    /// ``ProcessTimers/firingHash(height:key:)`` and charged no fee.
    func fireTimers(overlay: StateOverlay, block: BlockInfo) throws(ChainError) -> [(key: [UInt8], receipt: Receipt)] {
        guard let executor else { return [] }
        let prefix = StateKey.timerPrefix
        let limits = timerBudget
        var budget = limits.gasPerBlock
        var fired: [(key: [UInt8], receipt: Receipt)] = []
        while budget >= limits.gasPerFiring, let (key, _) = overlay.next(from: prefix, prefix: prefix) {
            guard case .timer(let due, let contract, let idBytes)? = StateKey(bytes: key), let id = ProcessTimers.instanceID(idBytes) else {
                throw ChainError(.storeFailure, "the timer index holds a key that does not decode: \(Hex.encode(key))")
            }
            guard due <= block.time else { break }
            let mark = overlay.snapshot()
            overlay.delete(key)
            let outcome = executor.fireTimer(contract: contract, instance: id, state: overlay, block: block, gasLimit: limits.gasPerFiring)
            if let fault = overlay.fault { throw ChainError(.storeFailure, fault.description) }
            let gasUsed = min(outcome.gasUsed, limits.gasPerFiring)
            if outcome.status != .success {
                overlay.rollback(to: mark)
                overlay.delete(key)
            }
            budget -= min(budget, max(gasUsed, limits.minimumCharge))
            guard outcome.status != .success || gasUsed > 0 || !outcome.events.isEmpty else { continue }
            let receipt = Receipt(
                transactionHash: ProcessTimers.firingHash(height: block.height, key: key), status: outcome.status, gasUsed: gasUsed, fee: .zero,
                events: outcome.status == .success ? outcome.events : [], reason: outcome.reason, location: outcome.location)
            fired.append((key, receipt))
        }
        if let fault = overlay.fault { throw ChainError(.storeFailure, fault.description) }
        return fired
    }
}
