import CMTBytecode
import CMTChain
import Crypto
import Dispatch

/// The signed-transfer workload of the chain benchmark (docs/performance.md, "Chain: signed
/// transfers"): a genesis funding `funded` accounts (addresses only) and `senders` dev accounts
/// that sign; transfers from the senders, round-robin, to random funded accounts.
public struct TransferWorkload: Sendable {
    public static let chainID = "cmt-bench-1"
    public let funded: Int
    public let senders: Int
    public let keys: [SigningKey]

    public init(funded: Int, senders: Int) {
        self.funded = funded
        self.senders = senders
        keys = DevAccounts.keys(senders)
    }

    public static func fundedAddress(_ index: Int) -> Address { Address.named("funded-\(index)") }

    public func genesis() -> Genesis {
        var parameters = ChainParameters.standard
        parameters.blockGasLimit = 1_000_000_000
        parameters.maxBlockBytes = 64 << 20
        var accounts = keys.map { Genesis.Account(address: $0.address, balance: Amount(atto: 1_000_000 * Amount.attoPerCMT)) }
        accounts += (0..<funded).map { Genesis.Account(address: Self.fundedAddress($0), balance: Amount(atto: Amount.attoPerCMT)) }
        return Genesis(chainID: Self.chainID, parameters: parameters, accounts: accounts)
    }

    /// `count` signed transfers from the senders, round-robin (sender i's n-th transfer has nonce
    /// n), to random funded accounts; signed on every core.
    public func transfers(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        let plans: [TxPlan] = (0..<count).map { index in
            let to = Self.fundedAddress(Int(random.next() % UInt64(funded)))
            let amount = Amount(atto: UInt128(random.next() % 1_000_000) + 1)
            return TxPlan(sender: index % senders, nonce: UInt64(index / senders), action: .transfer(to: to, amount: amount), gasLimit: 21_000)
        }
        return sign(plans)
    }

    /// The signed bytes of each plan, in order, signed on every core (the clients' work: done
    /// before a benchmark's clock starts).
    public func sign(_ plans: [TxPlan]) -> [[UInt8]] {
        let keys = self.keys
        let count = plans.count
        let box = BytesBox(count: count)
        DispatchQueue.concurrentPerform(iterations: (count + 63) / 64) { part in
            for index in (part * 64)..<min(count, part * 64 + 64) {
                let plan = plans[index]
                let key = keys[plan.sender]
                let tx = Transaction(
                    chainID: Self.chainID, nonce: plan.nonce, gasLimit: plan.gasLimit, maxFeePerGas: Amount(atto: 2_000_000_000),
                    priorityFeePerGas: Amount(atto: 1_000_000_000), expiryHeight: nil, signer: key.publicKey, action: plan.action)
                box.set(index, (try? tx.signed(by: key)) ?? [])
            }
        }
        return box.values()
    }
}

/// One transaction of a workload: which sender signs it, its nonce, what it does, its gas limit.
public struct TxPlan: Sendable {
    public let sender: Int
    public let nonce: UInt64
    public let action: TxAction
    public let gasLimit: UInt64

    public init(sender: Int, nonce: UInt64, action: TxAction, gasLimit: UInt64) {
        self.sender = sender
        self.nonce = nonce
        self.action = action
        self.gasLimit = gasLimit
    }
}

/// Ed25519 verifications per second on this machine: one thread, and all cores.
public enum Ed25519Bound {
    public static func measure(signatures count: Int) -> (oneCore: Double, allCores: Double) {
        let key = DevAccounts.key(0)
        let messages = (0..<count).map { Array("message \($0)".utf8) }
        let signatures = messages.map { (try? key.sign($0)) ?? [] }
        let publicKey = key.publicKey
        var started = ContinuousClock.now
        var valid = 0
        for index in 0..<count where publicKey.isValidSignature(signatures[index], for: messages[index]) { valid += 1 }
        let one = Double(count) / seconds(since: started)
        started = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: (count + 63) / 64) { part in
            for index in (part * 64)..<min(count, part * 64 + 64) {
                _ = publicKey.isValidSignature(signatures[index], for: messages[index])
            }
        }
        let all = Double(count) / seconds(since: started)
        return valid == count ? (one, all) : (0, 0)
    }

    public static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// Byte strings written by several threads, each slot by one thread only.
private final class BytesBox: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<[UInt8]>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: [], count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ index: Int, _ value: [UInt8]) { storage[index] = value }

    func values() -> [[UInt8]] { (0..<count).map { storage[$0] } }
}
