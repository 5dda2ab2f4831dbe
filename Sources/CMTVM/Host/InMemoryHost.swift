public import CMTBytecode

/// An event recorded by ``InMemoryHost``.
public struct EmittedEvent: Hashable, Sendable {
    public var contract: Address
    public var name: String
    /// The indexed fields' values, each `ValueCodec`-encoded, in declaration order.
    public var topics: [[UInt8]] = []
    /// The `ValueCodec` encoding of the map of all the event's fields.
    public var fields: [UInt8]
}

/// A complete, deterministic ``Host`` kept in memory: used by `cmtc run`, `cmtc test`, the REPL and
/// the tests. Storage, balances and events are journaled; contracts deployed with
/// ``deploy(_:at:)`` can call each other.
public final class InMemoryHost: Host {
    public var block: BlockContext
    /// Storage per contract, keys ordered by bytes when listed.
    public private(set) var storage: [Address: [[UInt8]: [UInt8]]] = [:]
    /// The same keys in byte order, for ``storageNext(contract:from:prefix:)``.
    private var orderedKeys: [Address: SortedKeys] = [:]
    public private(set) var balances: [Address: Decimal18] = [:]
    public private(set) var events: [EmittedEvent] = []
    /// Lines printed by contracts, in order (not journaled: output of a reverted call stays visible).
    public private(set) var output: [String] = []
    private var contracts: [Address: Program] = [:]
    private var journal: [JournalEntry] = []
    private var callDepth = 0
    /// The contracts of the running calls, for the re-entrancy rule.
    private var callStack = ContractCallStack()
    /// Nested contract calls allowed.
    public var maxCallDepth = 8
    /// The process engine contracts reach with `start_process` and friends.
    public var processService: (any ProcessService)?
    /// The rules engine contracts reach with `load_rules` and rule sessions.
    public var ruleService: (any RuleService)?

    /// Set by `cmtc repl` so that Ctrl-C stops a long call (``ExecutionInterrupt``); nil elsewhere.
    public var interrupt: ExecutionInterrupt?

    /// Files by content id.
    public private(set) var files: [String: [UInt8]] = [:]

    /// The first fault met (see ``Host/fault``); only ``failReads(of:in:)`` makes one, since memory
    /// does not fail.
    public private(set) var fault: HostFault?
    /// Keys whose reads fail, by contract (tests of fault handling).
    private var failingReads: [Address: Set<[UInt8]>] = [:]

    /// Makes every later read of `key` in `contract`'s storage fail as a broken database read would:
    /// the read returns nil and sets ``fault``. For tests of how the VM and its callers handle a
    /// host fault.
    public func failReads(of key: [UInt8], in contract: Address) { failingReads[contract, default: []].insert(key) }

    /// Records a fault on a read of `key` when tests asked for one; true when the read failed.
    private func readFails(_ contract: Address, _ key: [UInt8]) -> Bool {
        guard failingReads[contract]?.contains(key) == true else { return false }
        if fault == nil { fault = HostFault(.storageRead, "reading key 0x\(ContentHash.hex(key)) of \(contract) failed") }
        return true
    }

    private enum JournalEntry {
        case file(String)
        case storage(Address, [UInt8], [UInt8]?)
        case balance(Address, Decimal18?)
        case event
    }

    public init(block: BlockContext = BlockContext(height: 1, time: 0)) { self.block = block }

    /// Makes `program` callable at `address`.
    public func deploy(_ program: Program, at address: Address) { contracts[address] = program }

    /// Sets a balance directly (not journaled: genesis and test setup).
    public func setBalance(_ amount: Decimal18, for account: Address) { balances[account] = amount }

    /// Storage of `contract` as (key, value) pairs sorted by key bytes: a deterministic snapshot.
    public func storageEntries(of contract: Address) -> [(key: [UInt8], value: [UInt8])] {
        (storage[contract] ?? [:]).map { (key: $0.key, value: $0.value) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    public func storageGet(contract: Address, key: [UInt8]) -> [UInt8]? {
        if readFails(contract, key) { return nil }
        return storage[contract]?[key]
    }

    public func storageSet(contract: Address, key: [UInt8], value: [UInt8]?) {
        journal.append(.storage(contract, key, storage[contract]?[key]))
        store(contract, key, value)
    }

    /// Sets or removes a key in both the map and the ordered keys.
    private func store(_ contract: Address, _ key: [UInt8], _ value: [UInt8]?) {
        let existed = storage[contract]?[key] != nil
        storage[contract, default: [:]][key] = value
        if value != nil, !existed {
            orderedKeys[contract, default: SortedKeys()].insert(key)
        } else if value == nil, existed {
            orderedKeys[contract]?.remove(key)
        }
    }

    public func storageNext(contract: Address, from: [UInt8]?, prefix: [UInt8]) -> (key: [UInt8], value: [UInt8])? {
        let bound = from.map { $0.lexicographicallyPrecedes(prefix) ? prefix : $0 } ?? prefix
        guard let key = orderedKeys[contract]?.first(notBelow: bound), key.starts(with: prefix),
            let value = storage[contract]?[key]
        else { return nil }
        if readFails(contract, key) { return nil }
        return (key, value)
    }

    public func balance(of account: Address) -> Decimal18 { balances[account] ?? .zero }

    public func transfer(from: Address, to: Address, amount: Decimal18) -> String? {
        guard amount >= .zero else { return "negative amount" }
        let available = balance(of: from)
        guard amount <= available, let remaining = available.subtracting(amount),
            let credited = balance(of: to).adding(amount)
        else { return "insufficient balance" }
        // To itself: nothing moves (as on the chain); crediting a stale balance would mint CMT.
        if from == to || amount == .zero { return nil }
        journal.append(.balance(from, balances[from]))
        balances[from] = remaining
        journal.append(.balance(to, balances[to]))
        balances[to] = credited
        return nil
    }

    public func emit(contract: Address, name: String, topics: [[UInt8]], fields: [UInt8]) {
        journal.append(.event)
        events.append(EmittedEvent(contract: contract, name: name, topics: topics, fields: fields))
    }

    /// The events named `name` whose indexed field number `topic` (0-based, among the indexed
    /// fields) equals `value`, optionally of one contract, in emission order: filtering by an
    /// indexed field compares the topic's bytes, never decoding the data.
    public func events(named name: String, topic: Int, equals value: ContractValue, contract: Address? = nil) -> [EmittedEvent] {
        let wanted = ValueCodec.encode(value)
        return events.filter { event in
            event.name == name && (contract == nil || event.contract == contract) && topic < event.topics.count
                && event.topics[topic] == wanted
        }
    }

    public func print(_ line: String) { output.append(line) }

    public func call(caller: Address, target: Address, function: String, arguments: [ContractValue], value: Decimal18, gas: Int64)
        -> HostCallResult
    {
        guard let program = contracts[target] else { return .failed("no contract at \(target)", gasUsed: 0) }
        guard callDepth < maxCallDepth else { return .failed("contract calls nested too deeply", gasUsed: 0) }
        if let refusal = callStack.enter(caller: caller, target: target, entry: program.module.module.entryPoint(named: function)) {
            return .reverted(refusal, gasUsed: 0)
        }
        callDepth += 1
        defer {
            callDepth -= 1
            callStack.leave()
        }
        return ContractCallValue.run(on: self, caller: caller, target: target, value: value) {
            VM.call(
                program, entryPoint: function, arguments: arguments,
                context: CallContext(contract: target, sender: caller, value: value), host: self,
                limits: ExecutionLimits(gasLimit: gas))
        }
    }

    public func filePut(_ data: [UInt8]) -> String {
        let cid = ContentID.cid(of: data)
        if files[cid] == nil {
            files[cid] = data
            journal.append(.file(cid))
        }
        return cid
    }

    public func fileGet(_ cid: String) -> [UInt8]? { files[cid] }

    public func snapshot() -> Int { journal.count }

    public func rollback(to snapshot: Int) {
        while journal.count > snapshot, let entry = journal.popLast() {
            switch entry {
            case .storage(let contract, let key, let old): store(contract, key, old)
            case .balance(let account, let old): balances[account] = old
            case .event: events.removeLast()
            case .file(let cid): files[cid] = nil
            }
        }
    }
}
