import CMTBytecode
import CMTVM
import Testing

@testable import CMTChain

/// Runs contracts with the bundle executor, except that a call of `explode` meets a store fault the
/// way the chain's host reports one (the VM stops with `hostFault`; the executor's outcome is
/// `.fault`, which it records on the block's overlay).
private final class FaultingExecutor: ContractExecutor {
    let inner = BundleContractExecutor()

    func execute(_ request: ContractRequest, state: StateOverlay) -> ContractOutcome {
        if case .call(_, "explode", _, _) = request.action {
            let outcome = BundleContractExecutor.Outcome(
                status: .fault(HostFault(.storageRead, "disk gone")), gasUsed: 10, events: [], contract: nil, output: [])
            return BundleContractExecutor.receiptTerms(outcome, state: state)
        }
        return inner.execute(request, state: state)
    }
}

/// A host fault aborts the whole block on the node: it is never a receipt (not a revert, not a
/// missing key), and nothing of the block commits.
@Suite struct HostFaultBlockTests {
    @Test("a host fault in a contract call aborts finalizeBlock with storeFailure; the block's other transactions do not commit")
    func faultAbortsTheBlock() throws {
        let chain = try ChainFixture(executor: FaultingExecutor())
        let before = try chain.balance(ChainFixture.key(2).address)
        let transfer = try ChainFixture.transfer(0, to: ChainFixture.key(2).address, Amount(atto: ChainFixture.cmt), nonce: 0)
        let call = try ChainFixture.transaction(
            1, nonce: 0, action: .call(contract: Address.named("c"), function: "explode", arguments: [], value: .zero), gasLimit: 100_000)
        #expect {
            try chain.block([transfer, call])
        } throws: { error in
            (error as? ChainError)?.code == .storeFailure && "\(error)".contains("disk gone")
        }
        #expect(try chain.app.info().lastBlockHeight == 0)
        #expect(try chain.balance(ChainFixture.key(2).address) == before)
        #expect(try chain.nonce(ChainFixture.key(0).address) == 0)
    }
}
