import CMTBytecode

/// What a transaction will be charged, once it passes the stateful check.
struct FeeTerms: Sendable {
    /// Who pays the fee: the fee payer, or the signer.
    let payer: Address
    /// gas limit × maximum fee per gas: taken up front, the unused part refunded.
    let maxCharge: Amount
    /// The CMT the body sends (transfer amount, call or deploy value).
    let value: Amount
    /// The gas used before any code runs.
    let intrinsicGas: UInt64
    /// base fee + min(priority fee, maximum fee − base fee): what each unit of gas used costs.
    let pricePerGas: Amount
}

/// The checks a transaction passes against state before it runs (docs/chain.md, "The stateful
/// check"), in this order: chain id, expiry, gas limit against the block's, gas limit against
/// the intrinsic gas, maximum fee against the base fee, the exact next nonce, the payer's balance
/// for gas limit × maximum fee, the signer's balance for the value. Each failure is a
/// ``TxRejection`` with a stable code, and changes nothing.
struct StatefulCheck {
    let config: ChainConfig
    /// The height of the block the transaction would be in.
    let height: UInt64

    func check(_ checked: CheckedTransaction, accounts: AccountBook) throws(StatefulFailure) -> FeeTerms {
        let tx = checked.transaction
        let parameters = config.parameters
        guard tx.chainID == config.chainID else {
            throw .rejected(TxRejection(.wrongChainID, "the transaction is for chain '\(tx.chainID.prefix(60))', this is '\(config.chainID)'"))
        }
        if let expiry = tx.expiryHeight, expiry < height {
            throw .rejected(TxRejection(.expired, "the transaction expired at height \(expiry); this block is \(height)"))
        }
        guard tx.gasLimit <= parameters.blockGasLimit else {
            throw .rejected(TxRejection(.gasLimitAboveBlock, "the gas limit \(tx.gasLimit) is above the block gas limit \(parameters.blockGasLimit)"))
        }
        let intrinsic = parameters.intrinsicGas(of: tx.action, byteCount: checked.bytes.count)
        guard tx.gasLimit >= intrinsic else {
            throw .rejected(TxRejection(.gasBelowIntrinsic, "the gas limit \(tx.gasLimit) is below the \(intrinsic) gas this transaction uses before any code runs"))
        }
        let baseFee = parameters.minimumGasPrice
        guard tx.maxFeePerGas >= baseFee else {
            throw .rejected(TxRejection(.feeBelowBaseFee, "the maximum fee per gas \(tx.maxFeePerGas) CMT is below the base fee \(baseFee) CMT"))
        }
        let signer = tx.sender
        let signerAccount: AccountRecord
        do { signerAccount = try accounts.account(signer) } catch { throw .store(error) }
        guard tx.nonce >= signerAccount.nonce else {
            throw .rejected(TxRejection(.nonceTooLow, "nonce \(tx.nonce) was already used: \(signer.text)'s next nonce is \(signerAccount.nonce)"))
        }
        guard tx.nonce == signerAccount.nonce, tx.nonce < UInt64.max else {
            throw .rejected(TxRejection(.nonceTooHigh, "nonce \(tx.nonce) leaves a gap: \(signer.text)'s next nonce is \(signerAccount.nonce)"))
        }
        guard let maxCharge = tx.maxFeePerGas.times(tx.gasLimit) else {
            throw .rejected(TxRejection(.insufficientFundsForFee, "gas limit × maximum fee per gas exceeds any balance"))
        }
        let payer = tx.feePayer?.address ?? signer
        var signerBalance = signerAccount.balance
        if payer == signer {
            guard let rest = signerBalance.subtracting(maxCharge) else {
                throw .rejected(TxRejection(.insufficientFundsForFee, "\(signer.text) has \(signerBalance) CMT, less than the \(maxCharge) CMT the gas limit can cost"))
            }
            signerBalance = rest
        } else {
            let payerBalance: Amount
            do { payerBalance = try accounts.account(payer).balance } catch { throw .store(error) }
            guard payerBalance >= maxCharge else {
                throw .rejected(TxRejection(.insufficientFundsForFee, "the fee payer \(payer.text) has \(payerBalance) CMT, less than the \(maxCharge) CMT the gas limit can cost"))
            }
        }
        let value = tx.action.value
        guard signerBalance >= value else {
            let after = payer == signer ? " after the fee" : ""
            throw .rejected(TxRejection(.insufficientFundsForValue, "\(signer.text) has \(signerBalance) CMT\(after), less than the \(value) CMT it sends"))
        }
        let priority = min(tx.priorityFeePerGas, tx.maxFeePerGas.subtracting(baseFee) ?? .zero)
        // base + priority ≤ maximum fee, so it cannot overflow.
        let price = baseFee.adding(priority) ?? tx.maxFeePerGas
        return FeeTerms(payer: payer, maxCharge: maxCharge, value: value, intrinsicGas: intrinsic, pricePerGas: price)
    }
}

/// Why the stateful check did not pass: a rejection of the transaction, or a store failure that
/// stops the block.
enum StatefulFailure: Error {
    case rejected(TxRejection)
    case store(ChainStoreError)
}

extension TxAction {
    /// The CMT the action sends from the signer.
    public var value: Amount {
        switch self {
        case .transfer(_, let amount): amount
        case .deploy(_, _, _, let value): value
        case .call(_, _, _, let value): value
        case .webhookEvent: .zero
        }
    }
}
