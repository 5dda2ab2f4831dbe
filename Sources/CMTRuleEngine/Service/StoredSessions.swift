import CMTBytecode
import CMTVM

/// What storage costs a rules command: the VM's own prices for state (``GasSchedule``, docs/gas.md
/// section 3), so a stored session pays for its bytes as a state field would.
public enum RuleStorageGas {
    public static var read: Int64 { GasSchedule.current.storageRead }
    public static var write: Int64 { GasSchedule.current.storageWrite }
    public static var perByte: Int64 { GasSchedule.current.perByte }
}

/// Where a stored session lives in its contract's storage. Keys are reserved keys
/// (``StorageKeys``: a NUL byte, which no state field name can contain, then the key layout
/// version 1), as the process engine's are:
///
/// | key | value (`ValueCodec`) |
/// |---|---|
/// | `\0\1rules/next` | the last id given to a stored session of the contract |
/// | `\0\1rules/<id>` | the header: `[path, version, nextFact, clock, activationSequence, focus, globals, truth maintenance on]` |
/// | `\0\1rules/<id>/f/<handle>` | a fact: `[timestamp, class, fields matched, object fields or null, block height, block time]`, plus its justifications when it was inserted logically |
/// | `\0\1rules/<id>/a/<sequence>` | a pending activation: `[rule, [handle or null, …]]`, plus the values bound at positions holding no fact when there are any |
///
/// "Fields matched" are the values the engine matched (at the last insert or update); "object
/// fields" are the object as code sees it, when a consequence changed it without `update`; the
/// block is the one the fact was inserted or last updated in (what its constraints saw). The
/// version is a SHA-256 chain over every write the session made: equal versions mean the same
/// history, which is how the cache of live memories knows it is current.
enum SessionKeys {
    static let counter = StorageKeys.named("rules/next")
    static func header(_ id: Int64) -> [UInt8] { StorageKeys.named("rules/\(id)") }
    static func entries(_ id: Int64) -> [UInt8] { StorageKeys.named("rules/\(id)/") }
    static func fact(_ id: Int64, _ handle: Int) -> [UInt8] { StorageKeys.named("rules/\(id)/f/\(handle)") }
    static func activation(_ id: Int64, _ sequence: Int) -> [UInt8] { StorageKeys.named("rules/\(id)/a/\(sequence)") }
}

/// A stored session's place in storage and what the command running has changed.
final class SessionStorage {
    let id: Int64
    let contract: Address
    /// The version of the header last read or written.
    var version: [UInt8]
    /// The bytes the last ``flush(_:gasLimit:)`` wrote (the host keeps them for the call).
    var flushedBytes = 0
    /// The header's other fields as last written (a command that changes nothing writes nothing).
    var header: [ContractValue]
    /// Handles of facts whose record must be written (or deleted) at the end of the command.
    var dirtyFacts: Set<Int> = []
    var addedActivations: [Int: StoredActivation] = [:]
    var removedActivations: Set<Int> = []
    /// The justifications of logical facts as last written (``RuleSession/justifications()``).
    var justified: [Int: [StoredMatch]] = [:]

    init(id: Int64, contract: Address, version: [UInt8], header: [ContractValue]) {
        self.id = id
        self.contract = contract
        self.version = version
        self.header = header
    }

    /// Folds an engine operation's agenda changes into the command's.
    func note(_ delta: AgendaDelta) {
        for sequence in delta.removed where addedActivations.removeValue(forKey: sequence) == nil {
            removedActivations.insert(sequence)
        }
        for activation in delta.added { addedActivations[activation.sequence] = activation }
    }

    /// Writes what the command changed, and the header with the next version; gives the gas.
    /// Nothing is written when it would cost more than `gasLimit` (the call then runs out of gas).
    func flush(_ state: SessionState, gasLimit: Int64) -> (gas: Int64, failure: String?) {
        flushedBytes = 0
        var writes: [(key: [UInt8], value: [UInt8]?)] = []
        // Facts whose justifications changed are written too.
        let now = state.session.truthEnabled ? state.session.justifications() : [:]
        for (handle, matches) in now where justified[handle] != matches { dirtyFacts.insert(handle) }
        for handle in justified.keys where now[handle] == nil { dirtyFacts.insert(handle) }
        for handle in dirtyFacts.sorted() {
            writes.append((SessionKeys.fact(id, handle), Self.encodeFact(FactHandle(handle), of: state, justified: now[handle])))
        }
        for sequence in removedActivations.sorted() { writes.append((SessionKeys.activation(id, sequence), nil)) }
        for sequence in addedActivations.keys.sorted() {
            if let activation = addedActivations[sequence] { writes.append((SessionKeys.activation(id, sequence), Self.encode(activation))) }
        }
        dirtyFacts = []
        addedActivations = [:]
        removedActivations = []
        justified = now
        let fields = Self.headerFields(of: state)
        if writes.isEmpty && fields == header { return (0, nil) }
        let next = Self.nextVersion(version, writes)
        writes.append((SessionKeys.header(id), ValueCodec.encode(Self.header(fields, version: next))))
        let gas = Self.gas(of: writes)
        guard gas <= gasLimit else { return (gas, "out of gas") }
        for write in writes { state.host?.storageSet(contract: contract, key: write.key, value: write.value) }
        flushedBytes = writes.reduce(0) { $0 + ($1.value?.count ?? 0) + Int(GasSchedule.current.heldRecordBytes) }
        version = next
        header = fields
        return (gas, nil)
    }

    /// Stores a session for the first time: every fact, every pending activation and the header
    /// (the caller wrote the id counter). Gives the gas, or a failure when over `gasLimit`.
    func writeAll(_ state: SessionState, host: any Host, gasLimit: Int64) -> (gas: Int64, failure: String?) {
        var writes: [(key: [UInt8], value: [UInt8]?)] = []
        let now = state.session.truthEnabled ? state.session.justifications() : [:]
        for handle in state.objects.keys.sorted() {
            writes.append((SessionKeys.fact(id, handle.id), Self.encodeFact(handle, of: state, justified: now[handle.id])))
        }
        for activation in state.session.storedActivations {
            writes.append((SessionKeys.activation(id, activation.sequence), Self.encode(activation)))
        }
        let fields = Self.headerFields(of: state)
        let next = Self.nextVersion(version, writes)
        writes.append((SessionKeys.header(id), ValueCodec.encode(Self.header(fields, version: next))))
        let gas = Self.gas(of: writes)
        guard gas <= gasLimit else { return (gas, "out of gas") }
        for write in writes { host.storageSet(contract: contract, key: write.key, value: write.value) }
        version = next
        header = fields
        justified = now
        return (gas, nil)
    }

    static func gas(of writes: [(key: [UInt8], value: [UInt8]?)]) -> Int64 {
        writes.reduce(0) { $0 + RuleStorageGas.write + Int64($1.value?.count ?? 0) * RuleStorageGas.perByte }
    }

    static func nextVersion(_ version: [UInt8], _ writes: [(key: [UInt8], value: [UInt8]?)]) -> [UInt8] {
        var bytes = version
        for write in writes {
            bytes += write.key
            if let value = write.value { bytes += [1] + value } else { bytes.append(0) }
        }
        return ContentHash.sha256(bytes)
    }

    // MARK: Encoding

    static func headerFields(of state: SessionState) -> [ContractValue] {
        let counters = state.session.counters
        return [.string(state.path), number(counters.nextFact), number(counters.clock), number(counters.activationSequence),
                .array(state.session.focusStack.map { .string($0) }), .array(state.globals), .boolean(state.session.truthEnabled)]
    }

    static func header(_ fields: [ContractValue], version: [UInt8]) -> ContractValue {
        .array([fields[0], .bytes(version)] + fields.dropFirst())
    }

    static func number(_ value: Int) -> ContractValue { .number(Decimal18(Int64(value))) }

    static func encodeFact(_ handle: FactHandle, of state: SessionState, justified: [StoredMatch]?) -> [UInt8]? {
        guard case .object(let classIndex, let objectFields)? = state.objects[handle], let matched = state.session.fields(of: handle),
              let timestamp = state.session.timestamp(of: handle) else { return nil }
        let block = state.factBlocks[handle] ?? BlockContext(height: 0, time: 0)
        var parts: [ContractValue] = [number(timestamp), .number(Decimal18(Int64(classIndex))), .array(matched),
                                      objectFields == matched ? .null : .array(objectFields),
                                      .number(Decimal18(block.height)), .number(Decimal18(block.time))]
        if let justified { parts.append(.array(justified.map(encode))) }
        return ValueCodec.encode(.array(parts))
    }

    /// A match: `[rule, [handle or null, …]]`, plus the values bound at positions holding no fact.
    static func encode(_ match: StoredMatch) -> ContractValue {
        let facts = ContractValue.array(match.facts.map { $0.map { number($0.id) } ?? .null })
        if match.bound.isEmpty { return .array([number(match.rule), facts]) }
        return .array([number(match.rule), facts, .array(match.bound)])
    }

    static func encode(_ activation: StoredActivation) -> [UInt8] {
        ValueCodec.encode(encode(StoredMatch(rule: activation.rule, facts: activation.facts, bound: activation.bound)))
    }
}

/// A stored session as read back: the header's parts, the facts and the pending activations.
struct StoredSessionImage {
    struct Fact {
        var handle: FactHandle
        var timestamp: Int
        var classIndex: UInt16
        var matched: [ContractValue]
        var object: [ContractValue]?
        var block: BlockContext
        /// Its justifications, when it was inserted logically.
        var justified: [StoredMatch]?
    }

    var path: String
    var version: [UInt8]
    var counters: SessionCounters
    var focus: [String]
    var globals: [ContractValue] = []
    var truthEnabled = false

    /// Decodes a header: nil when it is not one.
    init?(header bytes: [UInt8]) {
        guard case .array(let parts)? = ValueCodec.decode(bytes), parts.count == 8, case .string(let path) = parts[0],
              case .bytes(let version) = parts[1], let nextFact = Self.int(parts[2]), let clock = Self.int(parts[3]),
              let sequence = Self.int(parts[4]), case .array(let focus) = parts[5] else { return nil }
        self.path = path
        self.version = version
        counters = SessionCounters(nextFact: nextFact, clock: clock, activationSequence: sequence)
        self.focus = focus.compactMap { if case .string(let name) = $0 { name } else { nil } }
        guard case .array(let globals) = parts[6], case .boolean(let truthEnabled) = parts[7] else { return nil }
        self.globals = globals
        self.truthEnabled = truthEnabled
    }

    /// The header's fields other than the version, as ``SessionStorage/header`` keeps them.
    var headerFields: [ContractValue] {
        [.string(path), SessionStorage.number(counters.nextFact), SessionStorage.number(counters.clock),
         SessionStorage.number(counters.activationSequence), .array(focus.map { .string($0) }), .array(globals), .boolean(truthEnabled)]
    }

    /// Decodes a match as `SessionStorage.encode` writes it: nil when it is not one.
    static func match(_ value: ContractValue) -> StoredMatch? {
        guard case .array(let parts) = value, parts.count == 2 || parts.count == 3, let rule = int(parts[0]),
              case .array(let handles) = parts[1] else { return nil }
        var bound: [ContractValue] = []
        if parts.count == 3 {
            guard case .array(let values) = parts[2] else { return nil }
            bound = values
        }
        return StoredMatch(rule: rule, facts: handles.map { int($0).map(FactHandle.init) }, bound: bound)
    }

    static func int(_ value: ContractValue) -> Int? {
        guard case .number(let number) = value, let whole = number.int64Value else { return nil }
        return Int(whole)
    }

    /// Reads the facts and activations among a session's entries (`\0\1rules/<id>/…`); nil when one
    /// is malformed.
    static func entries(_ entries: [(key: [UInt8], value: [UInt8])], prefix: [UInt8]) -> (facts: [Fact], activations: [StoredActivation])? {
        var facts: [Fact] = []
        var activations: [StoredActivation] = []
        for entry in entries {
            let rest = String(decoding: entry.key.dropFirst(prefix.count), as: UTF8.self)
            guard case .array(let parts)? = ValueCodec.decode(entry.value) else { return nil }
            if rest.hasPrefix("f/"), let handle = Int(rest.dropFirst(2)), parts.count == 6 || parts.count == 7, let timestamp = int(parts[0]),
               let classIndex = int(parts[1]), let type = UInt16(exactly: classIndex), case .array(let matched) = parts[2],
               let height = int(parts[4]), let time = int(parts[5]) {
                var object: [ContractValue]?
                if case .array(let fields) = parts[3] { object = fields }
                var justified: [StoredMatch]?
                if parts.count == 7 {
                    guard case .array(let list) = parts[6] else { return nil }
                    var matches: [StoredMatch] = []
                    for item in list {
                        guard let match = self.match(item) else { return nil }
                        matches.append(match)
                    }
                    justified = matches
                }
                facts.append(Fact(handle: FactHandle(handle), timestamp: timestamp, classIndex: type, matched: matched, object: object,
                                  block: BlockContext(height: Int64(height), time: Int64(time)), justified: justified))
            } else if rest.hasPrefix("a/"), let sequence = Int(rest.dropFirst(2)), let match = self.match(.array(parts)) {
                activations.append(StoredActivation(rule: match.rule, facts: match.facts, bound: match.bound, sequence: sequence))
            } else {
                return nil
            }
        }
        return (facts, activations)
    }
}

/// Why a stored session could not be used: the message and the gas spent finding out.
struct SessionLoadFailure: Error {
    var message: String
    var gas: Int64
}

extension RulesEngineService {
    /// A stored session of `contract`, current with storage: the cached memories when their version
    /// is the header's, else memories rebuilt from storage (not charged). Gives the gas of reading
    /// the header, which is all a command pays to reach its session.
    func stored(_ id: Int64, contract: Address, host: any Host) -> Result<(SessionState, Int64), SessionLoadFailure> {
        guard let bytes = host.storageGet(contract: contract, key: SessionKeys.header(id)) else {
            return .failure(SessionLoadFailure(message: "there is no rule session \(id)", gas: RuleStorageGas.read))
        }
        let gas = RuleStorageGas.read + Int64(bytes.count) * RuleStorageGas.perByte
        guard let image = StoredSessionImage(header: bytes) else {
            return .failure(SessionLoadFailure(message: "stored rule session \(id) is corrupt", gas: gas))
        }
        let key = StoredKey(contract: contract, id: id)
        useClock += 1
        if let cached = stored[key], cached.storage?.version == image.version {
            cached.lastUse = useClock
            return .success((cached, gas))
        }
        stored[key] = nil
        switch rebuild(id, image, contract: contract, host: host) {
        case .success(let state):
            state.lastUse = useClock
            cache(state, under: key)
            return .success((state, gas))
        case .failure(let failure):
            return .failure(SessionLoadFailure(message: failure.message, gas: gas))
        }
    }

    /// Live memories for a stored session: its facts matched again oldest first (their predicates
    /// run on the VM, uncharged), then exactly its stored activations kept.
    private func rebuild(_ id: Int64, _ image: StoredSessionImage, contract: Address, host: any Host) -> Result<SessionState, RebuildFailure> {
        guard let set = ruleSets[image.path] else {
            return .failure(RebuildFailure("rule session \(id) is of the rule set '\(image.path)', which this program does not have"))
        }
        let prefix = SessionKeys.entries(id)
        var entries: [(key: [UInt8], value: [UInt8])] = []
        var from: [UInt8]?
        while let entry = host.storageNext(contract: contract, from: from, prefix: prefix) {
            entries.append(entry)
            from = entry.key + [0]
        }
        guard let (facts, activations) = StoredSessionImage.entries(entries, prefix: prefix) else {
            return .failure(RebuildFailure("stored rule session \(id) is corrupt"))
        }
        let state = SessionState(set: set, service: self)
        state.path = image.path
        state.contract = contract
        state.host = host
        state.gasLeft = Int64.max / 4
        // Globals first: constraints and salience expressions may read them.
        guard image.globals.count == state.globals.count else {
            return .failure(RebuildFailure("stored rule session \(id) does not match its rules (its globals)"))
        }
        state.globals = image.globals
        // As when the session was opened: groups and `from` at the start of a rule are matched
        // once code can run, before any fact is back.
        state.session.refreshRootGroups()
        do {
            for fact in facts.sorted(by: { $0.timestamp < $1.timestamp }) {
                state.factBlocks[fact.handle] = fact.block
                state.objects[fact.handle] = .object(classIndex: fact.classIndex, fields: fact.object ?? fact.matched)
                try state.session.restore(handle: fact.handle, timestamp: fact.timestamp, type: Int(fact.classIndex), fields: fact.matched)
            }
        } catch {
            return .failure(RebuildFailure("stored rule session \(id) could not be rebuilt: \(error)"))
        }
        var justified: [Int: [StoredMatch]] = [:]
        for fact in facts { if let matches = fact.justified { justified[fact.handle.id] = matches } }
        guard state.failure == nil, state.session.restoreTruth(enabled: image.truthEnabled, justifications: justified),
              state.session.restoreAgenda(activations, focus: image.focus, counters: image.counters) else {
            return .failure(RebuildFailure("stored rule session \(id) does not match its rules"))
        }
        state.vmGas = 0
        state.storage = SessionStorage(id: id, contract: contract, version: image.version, header: image.headerFields)
        state.storage?.justified = justified
        state.session.recordAgendaChanges(true)
        return .success(state)
    }

    /// `persist(session)`: stores a session opened in this call under the contract's next id.
    func persist(_ session: ContractValue, contract: Address, host: any Host, gasLimit: Int64, execution: Int) -> RuleServiceResult {
        guard case .number(let number) = session, let id = number.int64Value else {
            if session == .null { return RuleServiceResult(gasUsed: 0) }
            return RuleServiceResult(failure: "there is no rule session \(session)", gasUsed: 0)
        }
        if id > 0 { return RuleServiceResult(value: session, gasUsed: 0) }
        guard let state = transient[TransientKey(execution: execution, id: id)] else {
            return RuleServiceResult(failure: "there is no rule session \(id) in this call", gasUsed: 0)
        }
        if let storage = state.storage { return RuleServiceResult(value: .number(Decimal18(storage.id)), gasUsed: 0) }
        if state.matchedUnderOtherGlobals {
            return RuleServiceResult(failure: "this session cannot be stored: a global its constraints read was set after facts were inserted "
                + "(memories rebuilt from storage would match them with the new value)", gasUsed: 0)
        }
        let counter = host.storageGet(contract: contract, key: SessionKeys.counter)
        var gas = RuleStorageGas.read + Int64(counter?.count ?? 0) * RuleStorageGas.perByte
        var last: Int64 = 0
        if let counter {
            guard case .number(let value)? = ValueCodec.decode(counter), let whole = value.int64Value else {
                return RuleServiceResult(failure: "the contract's rule session counter is corrupt", gasUsed: gas)
            }
            last = whole
        }
        let storedID = last + 1
        let counterBytes = ValueCodec.encode(.number(Decimal18(storedID)))
        gas += RuleStorageGas.write + Int64(counterBytes.count) * RuleStorageGas.perByte
        let storage = SessionStorage(id: storedID, contract: contract, version: [], header: [])
        state.contract = contract
        state.host = host
        let written = storage.writeAll(state, host: host, gasLimit: gasLimit - gas)
        gas += written.gas
        if let failure = written.failure { return RuleServiceResult(failure: failure, gasUsed: gas) }
        host.storageSet(contract: contract, key: SessionKeys.counter, value: counterBytes)
        state.storage = storage
        state.session.recordAgendaChanges(true)
        useClock += 1
        state.lastUse = useClock
        cache(state, under: StoredKey(contract: contract, id: storedID))
        return RuleServiceResult(value: .number(Decimal18(storedID)), gasUsed: gas)
    }

    /// Keeps a stored session's memories, dropping the least recently used ones beyond
    /// ``cacheLimit`` (only work is lost: they are rebuilt when used again, gas is the same).
    private func cache(_ state: SessionState, under key: StoredKey) {
        stored[key] = state
        while stored.count > cacheLimit {
            let idle = stored.filter { entry in !firing.contains { $0 === entry.value } }
            guard let oldest = idle.min(by: { $0.value.lastUse < $1.value.lastUse }), oldest.value !== state else { break }
            stored[oldest.key] = nil
        }
    }

    /// Drops a stored session's memories from the cache (they are ahead of storage after a failed command).
    func forget(_ state: SessionState) {
        guard let storage = state.storage else { return }
        let key = StoredKey(contract: storage.contract, id: storage.id)
        if stored[key] === state { stored[key] = nil }
    }
}

/// Why a stored session could not be rebuilt.
struct RebuildFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
