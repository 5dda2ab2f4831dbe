import CMTBytecode
import CMTVM
import Testing

@testable import CMTChain

/// CMT sent with a call between contracts on the chain (`handle.f{ value: v }(…)`): signed
/// transactions in blocks, receipts, balances, and the supply kept whatever the outcome.
@Suite("calls with value between contracts on the chain")
struct CallValueChainTests {
    static let piggy = """
        contract Piggy {
            total: number = 0;
            public function deposit(): number {
                this.total = this.total + msg.value;
                return this.total;
            }
            public function refuse(): number {
                require(false, "not today");
                return 0;
            }
        }
        """

    static let forwarder = """
        declare contract Piggy {
            public function deposit(): number;
            public function refuse(): number;
        }

        contract Forwarder {
            public function forward(piggy: Piggy, amount: number): number {
                return piggy.deposit{ value: amount }();
            }
            public function forwardRefused(piggy: Piggy, amount: number): number {
                return piggy.refuse{ value: amount }();
            }
            public function forwardCaught(piggy: Piggy, amount: number): string {
                try {
                    const total = piggy.refuse{ value: amount }();
                    return `got ${total}`;
                } catch (reason) {
                    return `caught: ${reason}`;
                }
            }
        }
        """

    typealias F = ChainFixture

    @Test("value forwarded to a callee lands in its balance; a refused one comes back; receipts say so and the supply is kept")
    func forwardedInBlocks() throws {
        let chain = try ChainFixture(executor: BundleContractExecutor())
        let deployer = F.key(0).address
        let deploys = try [Self.piggy, Self.forwarder].enumerated().map { index, source in
            try F.transaction(0, nonce: UInt64(index), action: .deploy(
                bundle: try ContractExecutionTests.bundle(source, name: index == 0 ? "piggy" : "forwarder"), constructorArguments: [],
                parameters: [], value: .zero), gasLimit: 3_000_000)
        }
        let deployed = try chain.block(deploys)
        #expect(deployed.results.allSatisfy { $0.receipt.status == .success }, "\(deployed.results.map(\.receipt.reason))")
        let piggy = Address.contract(deployer: deployer, nonce: 0)
        let forwarder = Address.contract(deployer: deployer, nonce: 1)
        let supply = try chain.totalBalances()

        func call(_ nonce: UInt64, _ function: String, _ amount: Int64, value: UInt128) throws -> [UInt8] {
            try F.transaction(1, nonce: nonce, action: .call(
                contract: forwarder, function: function,
                arguments: ContractExecutionTests.arguments(.address(piggy), .number(Decimal18(amount))), value: Amount(atto: value * F.cmt)),
                gasLimit: 500_000)
        }
        // 5 CMT to the forwarder, 3 of them on to the piggy bank.
        let first = try chain.block([try call(0, "forward", 3, value: 5)])
        let forwarded = try #require(first.results.first?.receipt)
        #expect(forwarded.status == .success, "\(forwarded.reason)")
        #expect(forwarded.returnValue == ValueCodec.encode(.number(Decimal18(3))))
        #expect(try chain.balance(forwarder) == Amount(atto: 2 * F.cmt))
        #expect(try chain.balance(piggy) == Amount(atto: 3 * F.cmt))

        // The callee reverts: the whole transaction reverts, its own value included.
        let second = try chain.block([try call(1, "forwardRefused", 1, value: 1)])
        let refused = try #require(second.results.first?.receipt)
        #expect(refused.status == .reverted && refused.reason == "not today", "\(refused.reason)")
        // The caller catches it: the transaction succeeds and the value stays with the caller.
        let third = try chain.block([try call(2, "forwardCaught", 2, value: 0)])
        let caught = try #require(third.results.first?.receipt)
        #expect(caught.status == .success, "\(caught.reason)")
        #expect(caught.returnValue == ValueCodec.encode(.string("caught: not today")))
        // More than the caller holds.
        let fourth = try chain.block([try call(3, "forward", 100, value: 0)])
        let unpaid = try #require(fourth.results.first?.receipt)
        #expect(unpaid.status == .reverted, "\(unpaid.reason)")
        #expect(unpaid.reason == "cannot send 100 CMT with the call: insufficient balance")

        #expect(try chain.balance(forwarder) == Amount(atto: 2 * F.cmt))
        #expect(try chain.balance(piggy) == Amount(atto: 3 * F.cmt))
        #expect(try chain.nonce(F.key(1).address) == 4)
        #expect(try chain.totalBalances() == supply)
    }
}
