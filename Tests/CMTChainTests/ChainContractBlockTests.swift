import CMTBytecode
import CMTVM
import Testing

@testable import CMTChain

/// Deploys and calls carried by signed transactions through the block lifecycle, with the bundle
/// executor plugged into ``ChainApplication``: receipts, events, fees and state as a node sees them.
@Suite("contract transactions in blocks")
struct ChainContractBlockTests {
    @Test("a signed deploy and a signed call with value run in blocks; a revert is charged and changes nothing")
    func deployAndCallInBlocks() throws {
        let chain = try ChainFixture(executor: BundleContractExecutor())
        let deployer = ChainFixture.key(0).address
        let deploy = try ChainFixture.transaction(
            0, nonce: 0,
            action: .deploy(
                bundle: try ContractExecutionTests.bundle(ContractExecutionTests.vault),
                constructorArguments: ContractExecutionTests.arguments(.address(deployer), .number(Decimal18(10))), parameters: [],
                value: .zero),
            gasLimit: 2_000_000)
        let deployed = try chain.block([deploy])
        let deployReceipt = try #require(deployed.results.first?.receipt)
        #expect(deployReceipt.status == .success, "\(deployReceipt.reason)")
        let contract = try #require(deployReceipt.createdContract)
        #expect(contract == Address.contract(deployer: deployer, nonce: 0))

        let before = try chain.totalBalances()
        let oneCMT = Amount(atto: Amount.attoPerCMT)
        let call = try ChainFixture.transaction(
            1, nonce: 0,
            action: .call(contract: contract, function: "deposit", arguments: ContractExecutionTests.arguments(.string("hi")), value: oneCMT),
            gasLimit: 500_000)
        let overLimit = try ChainFixture.transaction(
            1, nonce: 1,
            action: .call(
                contract: contract, function: "deposit", arguments: ContractExecutionTests.arguments(.string("no")),
                value: Amount(atto: 20 * Amount.attoPerCMT)),
            gasLimit: 500_000)
        let called = try chain.block([call, overLimit])
        let ok = try #require(called.results.first?.receipt)
        #expect(ok.status == .success, "\(ok.reason)")
        #expect(ok.events.map(\.name) == ["Deposited"])
        #expect(ok.events.first?.topics.count == 1)
        #expect(try chain.balance(contract) == oneCMT)
        let reverted = try #require(called.results.last?.receipt)
        #expect(reverted.status == .reverted)
        #expect(reverted.reason.contains("over the limit"))
        #expect(reverted.gasUsed > 0 && reverted.fee > .zero)
        #expect(try chain.nonce(ChainFixture.key(1).address) == 2)
        // CMT is conserved: fees moved to the proposer, the value to the contract.
        #expect(try chain.totalBalances() == before)
    }

    @Test("a call of an unknown function is a failed receipt with its status, charged, and no state change")
    func unknownFunctionInABlock() throws {
        let chain = try ChainFixture(executor: BundleContractExecutor())
        let call = try ChainFixture.transaction(
            0, nonce: 0, action: .call(contract: Address.named("nobody"), function: "f", arguments: [], value: .zero), gasLimit: 100_000)
        let result = try chain.block([call])
        #expect(result.results.first?.receipt.status == .unknownContract)
    }
}
