import Crypto
import Dispatch
import Synchronization

/// The stateless check of many transactions at once, on every core, with a memory of what it has
/// verified: a transaction's signature is checked once, at admission (CheckTx) or ahead of it
/// (``SignatureVerifier``), and a block that carries it again finds it here by hash instead of
/// verifying it twice (docs/chain.md, "Blocks"). Bounded: past ``capacity`` the oldest entries
/// are forgotten (and would be checked again).
///
/// The stateless check is a function of the bytes and the chain's id and size limit alone, so a
/// remembered result is the result checking again would give: the memory never changes an
/// outcome, only saves the work. The memory is behind a lock, so one thread may verify the next
/// transactions while another executes a block.
final class VerificationStage: Sendable {
    let check: StatelessCheck
    let capacity: Int
    private let memory: Mutex<Memory>

    /// The verified transactions by hash, and their hashes in the order they were remembered.
    fileprivate struct Memory {
        var verified: [[UInt8]: CheckedTransaction] = [:]
        var order: [[UInt8]] = []
        var orderStart = 0
    }

    init(check: StatelessCheck, capacity: Int = 1 << 18) {
        self.check = check
        self.capacity = max(1, capacity)
        memory = Mutex(Memory())
    }

    /// How many verified transactions are remembered.
    var count: Int { memory.withLock { $0.verified.count } }

    /// The stateless check of each of `transactions`, in order: remembered ones without work, the
    /// others spread over all cores.
    func check(_ transactions: [[UInt8]]) -> [Result<CheckedTransaction, TxRejection>] {
        var results = [Result<CheckedTransaction, TxRejection>?](repeating: nil, count: transactions.count)
        var missing: [Int] = []
        // Hashing outside the lock: only the lookups hold it.
        let hashes = transactions.map { $0.count <= check.maxTransactionBytes ? Array(SHA256.hash(data: $0)) : nil }
        memory.withLock { memory in
            for (index, hash) in hashes.enumerated() {
                if let hash, let known = memory.verified[hash] {
                    results[index] = .success(known)
                } else {
                    missing.append(index)
                }
            }
        }
        guard !missing.isEmpty else { return results.map { $0 ?? .failure(TxRejection(.undecodable, "not checked")) } }
        let fresh = Self.checkConcurrently(missing.map { transactions[$0] }, with: check)
        let capacity = self.capacity
        memory.withLock { memory in
            for (slot, index) in missing.enumerated() {
                results[index] = fresh[slot]
                if case .success(let checked) = fresh[slot] { memory.remember(checked, capacity: capacity) }
            }
        }
        return results.map { $0 ?? .failure(TxRejection(.undecodable, "not checked")) }
    }

    /// Forgets transactions (those a committed block included).
    func forget(_ hashes: some Sequence<[UInt8]>) {
        memory.withLock { memory in
            for hash in hashes { memory.verified[hash] = nil }
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

extension VerificationStage.Memory {
    mutating func remember(_ checked: CheckedTransaction, capacity: Int) {
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
