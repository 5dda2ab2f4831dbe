import CMTBytecode

/// Runs the transactions of one block on its overlay (docs/chain.md, "Execution"): the stateful
/// check, the maximum fee taken up front and the nonce bumped, the body run under a snapshot (a
/// failed body is undone but still charged), the unused gas refunded, and the fee paid to the
/// proposer. Total supply is conserved: what leaves the payer reaches the proposer.
struct TransactionRunner {
    /// Whether contract bodies run. `admission` (PrepareProposal, ProcessProposal) runs transfers
    /// in full but does not run contract bodies: it charges their whole gas limit and changes
    /// nothing else, so that building and checking a proposal never runs contract code.
    enum Mode {
        case full
        case admission
    }

    let config: ChainConfig
    let block: BlockInfo
    let state: StateOverlay
    let executor: (any ContractExecutor)?
    let mode: Mode

    /// The failure message of a contract body on a node without a contract executor.
    static let unsupportedReason = "this node cannot run deploy, call or webhook bodies yet (no contract executor)"

    /// Runs `checked`; a rejection gives a receipt with status ``ReceiptStatus/rejected`` and
    /// changes nothing.
    /// - Throws: a store failure: the block must stop.
    func run(_ checked: CheckedTransaction) throws(ChainStoreError) -> (receipt: Receipt, rejection: TxRejection?) {
        let tx = checked.transaction
        let accounts = AccountBook(state: state)
        let terms: FeeTerms
        do throws(StatefulFailure) {
            terms = try StatefulCheck(config: config, height: block.height).check(checked, accounts: accounts)
        } catch {
            switch error {
            case .rejected(let rejection):
                return (Self.rejectedReceipt(checked.hash, rejection.code), rejection)
            case .store(let failure):
                throw failure
            }
        }
        let signer = tx.sender
        // Take the maximum fee and bump the nonce: these stay whatever the body does.
        var signerAccount = try accounts.account(signer)
        signerAccount.nonce += 1
        if terms.payer == signer {
            signerAccount.balance = signerAccount.balance.subtracting(terms.maxCharge) ?? .zero
            accounts.set(signer, signerAccount)
        } else {
            accounts.set(signer, signerAccount)
            var payer = try accounts.account(terms.payer)
            payer.balance = payer.balance.subtracting(terms.maxCharge) ?? .zero
            accounts.set(terms.payer, payer)
        }

        let mark = state.snapshot()
        var outcome = try runBody(checked, terms: terms, accounts: accounts)
        if outcome.status != .success {
            state.rollback(to: mark)
            outcome.events = []
        }
        if let fault = state.fault { throw fault }
        let bodyGas = min(outcome.gasUsed, tx.gasLimit - terms.intrinsicGas)
        let gasUsed = terms.intrinsicGas + bodyGas
        // price ≤ maximum fee and gas used ≤ gas limit, so fee ≤ the maximum charge.
        let fee = terms.pricePerGas.times(gasUsed) ?? terms.maxCharge
        try accounts.credit(terms.payer, terms.maxCharge.subtracting(fee) ?? .zero)
        try accounts.credit(block.proposer, fee)
        let receipt = Receipt(
            transactionHash: checked.hash, status: outcome.status, gasUsed: gasUsed, fee: fee, events: outcome.events,
            returnValue: outcome.returnValue, reason: outcome.reason, location: outcome.location,
            createdContract: outcome.createdContract)
        return (receipt, nil)
    }

    static func rejectedReceipt(_ hash: [UInt8], _ code: TxRejection.Code) -> Receipt {
        Receipt(transactionHash: hash, status: .rejected, rejection: code, gasUsed: 0, fee: .zero)
    }

    private func runBody(_ checked: CheckedTransaction, terms: FeeTerms, accounts: AccountBook) throws(ChainStoreError) -> ContractOutcome {
        let tx = checked.transaction
        switch tx.action {
        case .transfer(let to, let amount):
            var sender = try accounts.account(tx.sender)
            guard let rest = sender.balance.subtracting(amount) else {
                return ContractOutcome(status: .insufficientFunds, gasUsed: 0, reason: "\(tx.sender.text) cannot send \(amount) CMT")
            }
            sender.balance = rest
            accounts.set(tx.sender, sender)
            try accounts.credit(to, amount)
            return ContractOutcome(status: .success, gasUsed: 0)
        case .deploy, .call, .webhookEvent:
            let gas = tx.gasLimit - terms.intrinsicGas
            if mode == .admission { return ContractOutcome(status: .success, gasUsed: gas) }
            guard let executor else {
                return ContractOutcome(status: .unsupported, gasUsed: 0, reason: Self.unsupportedReason)
            }
            let request = ContractRequest(
                action: tx.action, sender: tx.sender, nonce: tx.nonce, transactionHash: checked.hash, gas: gas, block: block,
                config: config)
            return executor.execute(request, state: state)
        }
    }
}
