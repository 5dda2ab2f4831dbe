import Crypto
import Dispatch

/// The stateless check of many transactions at once, on every core, with a memory of what it has
/// verified: a transaction's signature is checked once, at admission (CheckTx), and a block that
/// carries it again finds it here by hash instead of verifying it twice (docs/chain.md,
/// "Blocks"). Bounded: past ``capacity`` the oldest entries are forgotten (and would be checked
/// again).
final class VerificationStage {
    let check: StatelessCheck
    let capacity: Int
    private var verified: [[UInt8]: CheckedTransaction] = [:]
    private var order: [[UInt8]] = []
    private var orderStart = 0

    init(check: StatelessCheck, capacity: Int = 1 << 18) {
        self.check = check
        self.capacity = max(1, capacity)
    }

    /// How many verified transactions are remembered.
    var count: Int { verified.count }

    /// The stateless check of each of `transactions`, in order: remembered ones without work, the
    /// others spread over all cores.
    func check(_ transactions: [[UInt8]]) -> [Result<CheckedTransaction, TxRejection>] {
        var results = [Result<CheckedTransaction, TxRejection>?](repeating: nil, count: transactions.count)
        var missing: [Int] = []
        for (index, bytes) in transactions.enumerated() {
            if bytes.count <= check.maxTransactionBytes, let known = verified[Array(SHA256.hash(data: bytes))] {
                results[index] = .success(known)
            } else {
                missing.append(index)
            }
        }
        let fresh = Self.checkConcurrently(missing.map { transactions[$0] }, with: check)
        for (slot, index) in missing.enumerated() {
            results[index] = fresh[slot]
            if case .success(let checked) = fresh[slot] { remember(checked) }
        }
        return results.map { $0 ?? .failure(TxRejection(.undecodable, "not checked")) }
    }

    /// Forgets transactions (those a committed block included).
    func forget(_ hashes: some Sequence<[UInt8]>) {
        for hash in hashes { verified[hash] = nil }
    }

    private func remember(_ checked: CheckedTransaction) {
        guard verified.updateValue(checked, forKey: checked.hash) == nil else { return }
        order.append(checked.hash)
        while verified.count > capacity, orderStart < order.count {
            verified[order[orderStart]] = nil
            orderStart += 1
        }
        if orderStart > 4096, orderStart * 2 > order.count {
            order.removeFirst(orderStart)
            orderStart = 0
        }
    }

    /// Runs the stateless check of every transaction, in chunks over all cores; the results are
    /// in input order whatever the threads' timing.
    static func checkConcurrently(_ transactions: [[UInt8]], with check: StatelessCheck) -> [Result<CheckedTransaction, TxRejection>] {
        let count = transactions.count
        guard count > 0 else { return [] }
        let chunk = 32
        let chunks = (count + chunk - 1) / chunk
        let box = ResultBox(count: count)
        DispatchQueue.concurrentPerform(iterations: chunks) { part in
            let start = part * chunk
            for index in start..<min(count, start + chunk) {
                let result: Result<CheckedTransaction, TxRejection>
                do throws(TxRejection) {
                    result = .success(try check.check(transactions[index]))
                } catch {
                    result = .failure(error)
                }
                box.set(index, result)
            }
        }
        return box.results()
    }
}

/// Results written by several threads, each to its own slots only, read after they all finish.
private final class ResultBox: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Result<CheckedTransaction, TxRejection>?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// Writes slot `index`: each slot is written by exactly one thread.
    func set(_ index: Int, _ result: Result<CheckedTransaction, TxRejection>) { storage[index] = result }

    func results() -> [Result<CheckedTransaction, TxRejection>] {
        (0..<count).map { storage[$0] ?? .failure(TxRejection(.undecodable, "not checked")) }
    }
}
