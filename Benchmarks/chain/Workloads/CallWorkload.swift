import CMTBytecode
import CMTChain
import CMTVM

/// The contract-call workloads of the chain benchmark (docs/performance.md, "Chain: contract
/// calls"), over the accounts of a ``TransferWorkload``: a deploy by sender 0, the set-up calls a
/// kind needs, then the measured calls from every sender, round-robin.
///
/// - `token`: the token transfer contract of `Benchmarks/chain/contracts/token`: every sender
///   claims a starting balance (set-up), then each call sends tokens to a random funded account.
/// - `loan`: the loan marketplace of `Examples/loan-marketplace`: each call is `offerToBorrow`
///   (a row in the offers table with its two indexes, an event, the offer counter).
public struct CallWorkload: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case token
        case loan
    }

    public let kind: Kind
    public let accounts: TransferWorkload
    /// The gas limit of every call (the fee charged is for the gas used).
    public let gasLimit: UInt64

    public init(kind: Kind, accounts: TransferWorkload, gasLimit: UInt64 = 400_000) {
        self.kind = kind
        self.accounts = accounts
        self.gasLimit = gasLimit
    }

    /// Where the deploy of sender 0's nonce 0 puts the contract.
    public var contract: Address { Address.contract(deployer: accounts.keys[0].address, nonce: 0) }

    /// The signed deploy of `bundle` (sender 0, nonce 0).
    public func deploy(bundle: [UInt8]) -> [UInt8] {
        accounts.sign([TxPlan(
            sender: 0, nonce: 0, action: .deploy(bundle: bundle, constructorArguments: [], parameters: [], value: .zero),
            gasLimit: 50_000_000)])[0]
    }

    /// The set-up calls after the deploy, in one block; the first nonce of each sender after them.
    public func setUp() -> (transactions: [[UInt8]], nextNonces: [UInt64]) {
        var nonces = [UInt64](repeating: 0, count: accounts.senders)
        nonces[0] = 1
        switch kind {
        case .loan:
            return ([], nonces)
        case .token:
            let plans = (0..<accounts.senders).map { sender in
                TxPlan(sender: sender, nonce: nonces[sender], action: call("claim", []), gasLimit: gasLimit)
            }
            return (accounts.sign(plans), nonces.map { $0 + 1 })
        }
    }

    /// `count` signed calls from the senders, round-robin, starting at `nonces`.
    public func calls(count: Int, nonces: [UInt64], seed: UInt64) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        let plans: [TxPlan] = (0..<count).map { index in
            let sender = index % accounts.senders
            let nonce = nonces[sender] + UInt64(index / accounts.senders)
            let action: TxAction
            switch kind {
            case .token:
                let to = TransferWorkload.fundedAddress(Int(random.next() % UInt64(accounts.funded)))
                action = call("send", [.address(to), .number(Decimal18(Int64(random.next() % 1_000) + 1))])
            case .loan:
                let amount = Decimal18(Int64(random.next() % 90_000) + 1_000)
                action = call("offerToBorrow", [.number(amount), .number(Decimal18(12)), .number(Decimal18(8))])
            }
            return TxPlan(sender: sender, nonce: nonce, action: action, gasLimit: gasLimit)
        }
        return accounts.sign(plans)
    }

    private func call(_ function: String, _ arguments: [ContractValue]) -> TxAction {
        .call(contract: contract, function: function, arguments: arguments.isEmpty ? [] : ValueCodec.encode(.array(arguments)), value: .zero)
    }
}
