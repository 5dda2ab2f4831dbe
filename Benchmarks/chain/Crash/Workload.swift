import CMTBytecode
import CMTChain

/// The crash test's deterministic workload: what block h writes depends on h alone, so an
/// interrupted run that resumes at its head reaches the same app hash at every height as an
/// uninterrupted one.
struct CrashWorkload {
    /// Keys written per block.
    let writes: Int
    /// The number of distinct keys blocks draw from.
    let pool: UInt64 = 50_000

    /// SplitMix64: the workload's only source of numbers.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Key `index` of the pool: a storage key of one of 16 contracts.
    func key(_ index: UInt64) -> [UInt8] {
        let contract = Address.named("crash-\(index % 16)")
        return StateKey.storage(contract, withUnsafeBytes(of: index.bigEndian) { Array($0) }).bytes
    }

    /// The genesis state: the first 2,000 keys of the pool.
    var genesis: [(key: [UInt8], value: [UInt8]?)] {
        var random = Generator(state: 0x6E6E)
        return sortedNet((0..<2_000).map { (key($0), value(&random)) })
    }

    /// What block `height` commits: its writes (one in eight a deletion), one transaction per ten
    /// writes with a receipt holding one event, and the events.
    struct Block {
        let height: UInt64
        let fields: BlockHeaderFields
        let changes: [(key: [UInt8], value: [UInt8]?)]
        let transactions: [TransactionRecord]
        let events: [EventRecord]
    }

    /// Block `height` of the workload.
    func block(_ height: UInt64) -> Block {
        var random = Generator(state: height &* 0x5DEE_CE66_D)
        var changes: [(key: [UInt8], value: [UInt8]?)] = []
        for _ in 0..<writes {
            let index = random.next() % pool
            changes.append((key(index), random.next() % 8 == 0 ? nil : value(&random)))
        }
        let count = max(writes / 10, 1)
        var transactions: [TransactionRecord] = []
        var events: [EventRecord] = []
        for index in 0..<count {
            let bytes = value(&random)
            let hash = withUnsafeBytes(of: height.bigEndian) { Array($0) } + withUnsafeBytes(of: UInt32(index).bigEndian) { Array($0) }
                + [UInt8](repeating: 0xC7, count: 20)
            let event = ReceiptEvent(contract: Address.named("crash-\(index % 16)"), name: "Wrote", topics: [Array(bytes.prefix(4))], fields: bytes)
            let receipt = Receipt(transactionHash: hash, status: .success, gasUsed: 21_000, fee: .zero, events: [event])
            transactions.append(
                TransactionRecord(
                    height: height, index: UInt32(index), hash: hash, bytes: bytes, sender: Address.named("crash-sender"),
                    nonce: height, receipt: receipt, encodedReceipt: receipt.encoded))
            events.append(EventRecord(height: height, transactionIndex: UInt32(index), transactionHash: hash, index: UInt32(index), event: event))
        }
        let hash = withUnsafeBytes(of: height.bigEndian) { Array($0) } + [0xB1]
        return Block(
            height: height, fields: BlockHeaderFields(proposer: Address.named("crash-proposer"), hash: hash), changes: sortedNet(changes),
            transactions: transactions, events: events)
    }

    /// The time of block `height`.
    func time(_ height: UInt64) -> Int64 { 1_700_000_000 + Int64(height) }

    private func value(_ random: inout Generator) -> [UInt8] {
        (0..<5).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } }
    }

    /// The last write to each key, in key order (as ``StateOverlay/changes`` gives them).
    private func sortedNet(_ writes: [(key: [UInt8], value: [UInt8]?)]) -> [(key: [UInt8], value: [UInt8]?)] {
        var last: [[UInt8]: [UInt8]?] = [:]
        for (key, value) in writes { last[key] = .some(value) }
        return last.map { (key: $0.key, value: $0.value) }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }
}
