import CMTBytecode
import Testing

@testable import CMTChain

/// Total supply is conserved: the sum of all balances never changes, whatever random transfers,
/// failures, fee payers and contract outcomes a workload holds (fees go to the proposer, nothing
/// is burned).
@Suite struct SupplyTests {
    typealias F = ChainFixture

    @Test("random workloads of transfers, failures and contract calls keep the sum of all balances", arguments: [1, 2, 3] as [UInt64])
    func conserved(seed: UInt64) throws {
        let chain = try ChainFixture(executor: ScriptedExecutor(), funded: 6)
        let supply = try chain.totalBalances()
        #expect(supply == UInt128(21) * 100 * F.cmt)
        var random = SeededGenerator(seed: seed)
        var nonces = [UInt64](repeating: 0, count: 8)
        for _ in 0..<25 {
            var txs: [[UInt8]] = []
            for _ in 0..<Int.random(in: 0...8, using: &random) {
                let from = UInt32.random(in: 0..<7, using: &random)  // account 6 has nothing
                let to = Bool.random(using: &random) ? F.key(UInt32.random(in: 0..<8, using: &random)).address : Address.named("x\(random.next() % 5)")
                var nonce = nonces[Int(from)]
                if random.next() % 8 == 0 { nonce += 1 }  // a gap
                let amount = Amount(atto: UInt128(random.next() % 150) * F.cmt / 2)  // sometimes above the balance
                let feePayer: UInt32? = random.next() % 5 == 0 ? UInt32.random(in: 0..<7, using: &random) : nil
                let bytes: [UInt8]
                switch random.next() % 6 {
                case 0:
                    let function = ["ok", "revert", "outOfGas"][Int(random.next() % 3)]
                    bytes = try F.transaction(from, nonce: nonce, action: .call(contract: Address.named("c"), function: function, arguments: [], value: Amount(atto: 3)), gasLimit: 90_000, feePayer: feePayer)
                default:
                    bytes = try F.transfer(from, to: to, amount, nonce: nonce, gasLimit: 21_000 + random.next() % 30_000,
                                           priority: Amount(atto: UInt128(random.next() % 4) * 1_000_000_000), feePayer: feePayer)
                }
                txs.append(bytes)
            }
            let result = try chain.block(txs)
            for item in result.results where item.receipt.status != .rejected {
                if let sender = try? StatelessCheck(chainID: F.chainID).check(txs[result.results.firstIndex { $0.receipt.transactionHash == item.receipt.transactionHash } ?? 0]).transaction.sender,
                   let index = (0..<8).first(where: { F.key(UInt32($0)).address == sender }) {
                    nonces[index] += 1
                }
            }
            #expect(try chain.totalBalances() == supply)
        }
        #expect(try chain.balance(chain.proposer) > .zero)
    }
}
