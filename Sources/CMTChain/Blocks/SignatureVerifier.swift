/// Verifies transactions' signatures ahead of CheckTx, from any thread (docs/chain.md, "Blocks"):
/// the stateless check of a batch on every core, remembered by transaction hash, so that CheckTx,
/// PrepareProposal, ProcessProposal and FinalizeBlock of those transactions find them verified.
///
/// It may run while the application executes a block (a mempool verifying the next transactions
/// while consensus runs the current block): the stateless check depends on the bytes and the
/// chain's id and size limit alone, so verifying early changes no outcome, and the remembered
/// results are behind a lock. The stateful check still runs in CheckTx and in the block.
public struct SignatureVerifier: Sendable {
    let stage: VerificationStage

    /// Runs the stateless check of `transactions` (signatures included) on every core and
    /// remembers the ones that pass; returns how many passed.
    @discardableResult
    public func verify(_ transactions: [[UInt8]]) -> Int {
        stage.check(transactions).reduce(0) { count, result in
            if case .success = result { count + 1 } else { count }
        }
    }
}

extension ChainApplication {
    /// The verifier of this chain's transactions, once InitChain has run (or the chain was read
    /// from storage); nil before.
    public var signatureVerifier: SignatureVerifier? { verification.map(SignatureVerifier.init(stage:)) }
}
