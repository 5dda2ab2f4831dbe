import CMTBytecode
import CMTChain

extension DevChain {
    // MARK: Snapshots

    /// Records the chain's current height; returns the snapshot's id (`dev_snapshot`).
    public func snapshot() throws(NodeError) -> UInt64 {
        let id = nextSnapshot
        nextSnapshot += 1
        snapshots.append((id, try head.version))
        return id
    }

    /// Returns the chain to snapshot `id` (`dev_revert`): a fresh storage replays the blocks up
    /// to the snapshot's height from genesis (each must give its recorded app hash) and takes the
    /// current one's place; the mempool is emptied; the snapshot and later ones are used up.
    public func revert(to id: UInt64) throws(NodeError) {
        guard let index = snapshots.firstIndex(where: { $0.id == id }) else {
            throw NodeError(.invalidParams, "there is no snapshot 0x\(String(id, radix: 16)) (a revert uses up its snapshot and every later one)")
        }
        let target = snapshots[index].height
        let old = app.storage
        let replacement = try provider.makeReplacement()
        let fresh = try Self.open(replacement.storage, executor: executor, options: options)
        let initial = try config.initialHeight
        var hashes: [[UInt8]: UInt64] = [:]
        if target >= initial {
            for height in initial...target {
                guard let record = try Self.store({ () throws(ChainStoreError) in try old.block(at: height) }) else {
                    throw NodeError(.store, "block \(height) is missing from the store")
                }
                let transactions = try Self.store { () throws(ChainStoreError) in try old.transactions(at: height) }.map(\.bytes)
                do {
                    let result = try fresh.finalizeBlock(FinalizeBlockRequest(
                        height: height, time: record.time, proposer: record.proposer, protocolVersion: record.protocolVersion, hash: record.hash,
                        transactions: transactions))
                    guard result.appHash == record.appHash else {
                        throw NodeError(.store, "replaying block \(height) gave app hash \(result.appHash), not the recorded \(record.appHash)")
                    }
                    try fresh.commit()
                } catch let error as ChainError {
                    throw NodeError(error)
                } catch let error as NodeError {
                    throw error
                } catch {
                    throw NodeError(.store, "\(error)")
                }
                hashes[record.hash] = height
            }
        }
        try provider.adopt(replacement)
        app = fresh
        heightsByHash = hashes
        snapshots.removeSubrange(index...)
        mempool = Mempool(configuration: options.mempool, nextHeight: target + 1)
    }

    // MARK: Balances

    /// Sets `address`'s balance through a transfer in a block made now (`dev_setBalance`): from
    /// the dev faucet for a raise; to the faucet, signed by the account, for a lowering (dev
    /// accounts only; the fee comes out of what is removed).
    /// - Returns: the block's height and the balance after it.
    public func setBalance(_ address: Address, to target: Amount) throws(NodeError) -> (height: UInt64, balance: Amount) {
        let config = try config
        let current = try account(address).balance
        let faucet = DevGenesis.faucet
        guard address != faucet.address, address != options.proposer else {
            throw NodeError(.invalidParams, "the balance of the faucet or the validator cannot be set")
        }
        if target == current { return (try head.version, current) }
        let baseFee = config.parameters.minimumGasPrice
        let gas = config.parameters.transferGas
        let signer: SigningKey
        let action: TxAction
        if target > current {
            signer = faucet
            action = .transfer(to: address, amount: Amount(atto: target.atto - current.atto))
        } else {
            guard let key = DevGenesis.keys.first(where: { $0.address == address }) else {
                throw NodeError(.invalidParams, "a balance can be lowered only for the dev accounts, whose keys the node knows")
            }
            let fee = baseFee.times(gas) ?? .zero
            let excess = current.atto - target.atto
            guard excess >= fee.atto else {
                throw NodeError(.invalidParams, "lowering by \(excess) atto-CMT does not cover the transfer's fee of \(fee.atto)")
            }
            signer = key
            action = .transfer(to: faucet.address, amount: Amount(atto: excess - fee.atto))
        }
        let nonce = mempool.pendingNonce(of: signer.address, committed: try account(signer.address).nonce)
        let transaction = Transaction(
            chainID: config.chainID, nonce: nonce, gasLimit: gas, maxFeePerGas: baseFee, priorityFeePerGas: .zero, expiryHeight: nil,
            signer: signer.publicKey, feePayer: nil, action: action)
        let bytes: [UInt8]
        do {
            bytes = try transaction.signed(by: signer)
        } catch {
            throw NodeError(error)
        }
        let hash = try submit(bytes)
        while try Self.store({ () throws(ChainStoreError) in try app.storage.transaction(hash: hash) }) == nil {
            let block = try mine()
            if block.result.receiptCount == 0, !mempool.contains(hash: hash) {
                throw NodeError(.store, "the balance transfer left the mempool without a block")
            }
        }
        return (try head.version, try account(address).balance)
    }
}
