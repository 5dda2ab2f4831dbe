import CMTBytecode
public import CMTVM

/// The rules engine as contracts reach it (`load_rules`, `engine.send(m)` …): a ``RuleService``
/// over compiled rule sets, whose predicates and consequences are functions of the contract's own
/// module, run by the VM.
///
/// Facts are copies of the contract's objects. As in Drools, a consequence that assigns a field
/// changes the object (the caller of `send` sees it) without telling the engine; `update(fact)`
/// (or `modify`) makes the engine match the fact again.
///
/// A session opened by `load_rules` lives for the call that opened it (its id is negative: -1,
/// -2, … in the order the call opened them). Assigning it to a state field stores it
/// (``RuleOperation/persist``): its facts, pending activations and counters go into the
/// contract's storage (`StoredSessions.swift` has the layout), the field holds its stored id (1,
/// 2, … per contract), and every later command on it writes what it changed, journaled with the
/// rest of the call, so a reverted call undoes it. The live memories of stored sessions are a
/// cache keyed by contract, id and the version the session's header carries; a missing or stale
/// entry is rebuilt from storage, without charging gas, so gas never depends on the cache.
public final class RulesEngineService: RuleService {
    public let ruleSets: [String: CompiledRuleSet]
    let program: Program
    /// Sessions opened by an execution and not stored (or stored, under the id code first got),
    /// by execution and id.
    var transient: [TransientKey: SessionState] = [:]
    /// How many sessions each execution opened.
    var opened: [Int: Int64] = [:]
    /// The live memories of stored sessions, by contract and stored id (a cache; see ``stored(_:contract:host:)``).
    var stored: [StoredKey: SessionState] = [:]
    /// How many stored sessions' memories are kept (least recently used ones go first).
    public var cacheLimit = 64
    var useClock = 0
    /// Sessions whose consequences are running, innermost last (commands with a null session).
    var firing: [SessionState] = []
    /// The session whose command last gave a list of facts (``adopt(session:records:facts:execution:)``).
    var lastListing: SessionState?
    /// Sessions driven directly (``RuleSessionDriver``), kept alive with the service.
    var keepAlive: [SessionState] = []
    /// The memory the next command may add (``setMemoryBudget(_:)``; unlimited for direct drivers).
    var memoryBudget = Int.max

    public func setMemoryBudget(_ bytes: Int) { memoryBudget = max(bytes, 0) }

    public init(ruleSets: [String: CompiledRuleSet], program: Program) {
        self.ruleSets = ruleSets
        self.program = program
    }

    public func perform(
        _ operation: RuleOperation, session: ContractValue, fact: RuleFact?, argument: ContractValue, contract: Address,
        host: any Host, gasLimit: Int64, execution: Int
    ) -> RuleServiceResult {
        if operation == .open {
            guard case .string(let path) = argument, let set = ruleSets[path] else {
                return RuleServiceResult(failure: "there is no rule set '\(argument)'", gasUsed: 0)
            }
            let id = -(opened[execution, default: 0] + 1)
            opened[execution] = -id
            let state = SessionState(set: set, service: self)
            state.path = path
            transient[TransientKey(execution: execution, id: id)] = state
            // Groups and `from` at the start of a rule are matched again now that code can run.
            state.contract = contract
            state.host = host
            state.gasLeft = gasLimit
            state.session.refreshRootGroups()
            return RuleServiceResult(value: .number(Decimal18(id)), gasUsed: GasSchedule.current.ruleOpen + state.session.gasUsed + state.vmGas)
        }
        if operation == .persist {
            return persist(session, contract: contract, host: host, gasLimit: gasLimit, execution: execution)
        }
        var resolved: SessionState?
        var loadGas: Int64 = 0
        if case .number(let number) = session, var id = number.int64Value, id != 0 {
            if id < 0 {
                guard let found = transient[TransientKey(execution: execution, id: id)] else {
                    return RuleServiceResult(failure: "there is no rule session \(id) in this call", gasUsed: 0)
                }
                // A session stored in this call is reached through storage under either id.
                if let storage = found.storage { id = storage.id }
                resolved = found
            }
            if id > 0 {
                switch stored(id, contract: contract, host: host) {
                case .success(let (found, gas)):
                    resolved = found
                    loadGas = gas
                case .failure(let failure):
                    return RuleServiceResult(failure: failure.message, gasUsed: failure.gas)
                }
            }
        } else if session == .null {
            resolved = firing.last
        }
        guard let state = resolved else {
            let reason = session == .null
                ? "insert, update, retract, insertLogical, halt and setFocus without a session work only in a rule's consequence"
                : "there is no rule session \(session)"
            return RuleServiceResult(failure: reason, gasUsed: 0)
        }
        var result = state.perform(operation, fact: fact, argument: argument, contract: contract, host: host,
                                   gasLimit: gasLimit - loadGas, execution: execution)
        result.gasUsed += loadGas
        return result
    }

    public func executionEnded(_ execution: Int) {
        guard let count = opened.removeValue(forKey: execution) else { return }
        for id in 1...max(count, 1) { transient[TransientKey(execution: execution, id: -id)] = nil }
    }
}

/// A session opened by an execution: the execution's serial and the id its code holds.
struct TransientKey: Hashable {
    var execution: Int
    var id: Int64
}

/// A stored session: the contract and its stored id.
struct StoredKey: Hashable {
    var contract: Address
    var id: Int64
}

/// One session: the engine's working memory, the current contents of each fact's object, and the
/// VM calls of its predicates and consequences.
final class SessionState: RuleCallbacks {
    let set: CompiledRuleSet
    let session: RuleSession
    unowned let service: RulesEngineService
    /// Each fact's object as the code sees it (the engine matched the value of its last insert/update).
    var objects: [FactHandle: ContractValue] = [:]
    /// Objects of the calling contract's code, by heap record, within one call (``identityExecution``).
    var identities: [Int: FactHandle] = [:]
    var identityExecution = -1
    /// The facts bound to the arguments of the consequence running, by argument position.
    var argumentFacts: [[Int: FactHandle]] = []
    var contract = Address.named("")
    var host: (any Host)?
    var gasLeft: Int64 = 0
    var vmGas: Int64 = 0
    /// The engine's gas when the current top-level command began (its engine work counts against
    /// the command's gas too).
    var engineStart: Int64 = 0
    var failure: String?
    /// The rule file the session was opened with (`load_rules`' path).
    var path = ""
    /// Set once the session is stored in the contract's storage (`StoredSessions.swift`).
    var storage: SessionStorage?
    /// When the cache of stored sessions last handed this one out.
    var lastUse = 0
    /// The block in which each fact was inserted or last updated: constraint code sees the block of
    /// the newest fact it matches (``MatchBlockHost``).
    var factBlocks: [FactHandle: BlockContext] = [:]

    /// Each rule's block-time windows (indexes into `set.windows`).
    let ruleWindows: [[Int]]
    /// The values of the DRL globals (``CompiledRuleSet/globals``), null until set.
    var globals: [ContractValue]
    /// A global that constraint code reads changed while the session had facts: it cannot be
    /// stored (its memories could not be rebuilt from storage).
    var matchedUnderOtherGlobals = false
    /// The arguments of the query being run.
    var queryArguments: [ContractValue] = []

    init(set: CompiledRuleSet, service: RulesEngineService) {
        self.set = set
        self.service = service
        ruleWindows = set.ruleBase.rules.map { rule in
            rule.conditions.compactMap { condition in
                guard case .eval(let id) = condition, id >= set.predicates.count, id - set.predicates.count < set.windows.count else { return nil }
                return id - set.predicates.count
            }
        }
        globals = Array(repeating: .null, count: set.globals.count)
        self.session = RuleSession(ruleBase: set.ruleBase)
        self.session.callbacks = self
    }

    func perform(_ operation: RuleOperation, fact: RuleFact?, argument: ContractValue, contract: Address, host: any Host,
                 gasLimit: Int64, execution: Int) -> RuleServiceResult {
        // A command given by a running consequence (insert, update, halt…) is part of the firing that
        // is already being paid for: its engine work is counted by the outer command, and the gas
        // budget is the outer one's.
        let nested = service.firing.last === self
        defer { dropRetractedByTruth() }
        self.contract = contract
        self.host = host
        let memoryBefore = session.memoryUsed
        if !nested {
            gasLeft = gasLimit
            vmGas = 0
            failure = nil
            forgetIdentities(unlessFrom: execution)
            let budget = service.memoryBudget
            session.memoryLimit = budget == Int.max ? nil : memoryBefore + budget
            engineStart = session.gasUsed
            session.gasLimit = engineStart + gasLimit
        }
        var outcome = performCommand(operation, fact: fact, argument: argument, nested: nested)
        if !nested { outcome.memoryUsed = session.memoryUsed - memoryBefore }
        guard !nested, let storage else { return outcome }
        // A stored session writes what the command changed; a failed command leaves the memories
        // ahead of storage (the call reverts), so they are rebuilt when next used.
        if outcome.failure == nil {
            let written = storage.flush(self, gasLimit: gasLimit - outcome.gasUsed - GasSchedule.current.ruleStoredCommand)
            outcome.gasUsed += written.gas + GasSchedule.current.ruleStoredCommand
            outcome.memoryUsed += storage.flushedBytes
            outcome.failure = written.failure
        }
        if outcome.failure != nil { service.forget(self) }
        return outcome
    }

    private func performCommand(_ operation: RuleOperation, fact: RuleFact?, argument: ContractValue, nested: Bool) -> RuleServiceResult {
        let engineBefore = session.gasUsed
        let vmBefore = vmGas
        var value = ContractValue.null
        var updated: ContractValue?
        var listed: [FactHandle] = []
        do {
            switch operation {
            case .open, .persist:
                break
            case .insertLogical where nested:
                guard let fact else { break }
                updated = try placeLogical(fact)
                settle()
            case .setGlobal, .query, .facts:
                (value, listed) = try runQueryCommand(operation, argument: argument)
                service.lastListing = listed.isEmpty ? nil : self
                settle()
            case .insert, .insertLogical, .send:
                guard let fact else { break }
                let handle = try place(fact)
                settle()
                if operation == .send {
                    service.firing.append(self)
                    defer { service.firing.removeLast() }
                    try session.fire()
                }
                updated = objects[handle]
            case .update:
                guard let fact, let handle = existingHandle(of: fact) else { return result(failure: "that object is not a fact of this session") }
                // Set first: code run while the engine matches the fact again (constraints, `from` sources) reads the object.
                noteBlock(handle)
                setObject(handle, fact.value, matched: true)
                try session.update(handle, fields: fields(fact.value))
                settle()
                updated = objects[handle]
            case .retract:
                guard let fact, let handle = existingHandle(of: fact) else { return result(failure: "that object is not a fact of this session") }
                try session.retract(handle)
                setObject(handle, nil, matched: true)
                settle()
            case .fire:
                var limit: Int?
                if case .number(let number) = argument, let count = number.int64Value { limit = Int(count) }
                service.firing.append(self)
                defer { service.firing.removeLast() }
                value = .number(Decimal18(Int64(try session.fire(limit: limit))))
            case .halt:
                session.halt()
            case .setFocus:
                if case .string(let group) = argument { session.setFocus(group) }
            }
        } catch {
            // Code run while matching (a constraint, eval or salience) tried a change: the whole
            // command fails, not just that code.
            if case .changeWhileMatching? = error as? RuleError, failure == nil { failure = "\(error)" }
            return result(failure: failure ?? "\(error)", engineBefore: engineBefore)
        }
        settle()
        if nested {
            return RuleServiceResult(value: value, gasUsed: vmGas - vmBefore, updatedFact: updated)
        }
        if let failure { return result(failure: failure, engineBefore: engineBefore) }
        // Rules that fired may have changed any fact; the calling code's own objects get their new
        // contents (only consequences change objects, so other commands have nothing to report).
        var records: [Int: ContractValue] = [:]
        if argumentFacts.isEmpty, operation == .send || operation == .fire {
            for (record, handle) in identities { if let object = objects[handle] { records[record] = object } }
        }
        return RuleServiceResult(value: value, gasUsed: session.gasUsed - engineBefore + vmGas, updatedFact: updated,
                                 updatedRecords: records, resultFacts: listed.map(\.id))
    }

    private func result(failure: String, engineBefore: Int64? = nil) -> RuleServiceResult {
        RuleServiceResult(failure: failure, gasUsed: (engineBefore.map { session.gasUsed - $0 } ?? 0) + vmGas)
    }

    private func fields(_ value: ContractValue) -> [ContractValue] {
        if case .object(_, let fields) = value { return fields }
        return []
    }

    /// The handle of an object: inside a consequence, one of its fact arguments; otherwise an object
    /// of the contract's call (heap records are only comparable within one execution).
    private func handle(of fact: RuleFact) -> FactHandle? {
        if let current = argumentFacts.last {
            guard let position = fact.argumentPosition else { return nil }
            return current[position]
        }
        forgetIdentities(unlessFrom: fact.execution)
        return identities[fact.record]
    }

    /// For `update` and `retract` from contract code: the object's handle, or else the oldest fact
    /// whose object equals it (how a later call names a fact of a stored session).
    private func existingHandle(of fact: RuleFact) -> FactHandle? {
        if let handle = handle(of: fact) { return handle }
        guard argumentFacts.isEmpty else { return nil }
        return objects.filter { $0.value == fact.value }.keys.min()
    }

    /// The object of a fact as code sees it changes (nil: retracted); a stored session writes it.
    func setObject(_ handle: FactHandle, _ value: ContractValue?, matched: Bool = false) {
        if let storage, matched || objects[handle] != value { storage.dirtyFacts.insert(handle.id) }
        objects[handle] = value
        if value == nil { factBlocks[handle] = nil }
    }

    /// Forgets an object registered for a handle that did not become a fact.
    func unregister(_ handle: FactHandle) {
        objects[handle] = nil
        factBlocks[handle] = nil
        storage?.dirtyFacts.remove(handle.id)
    }

    /// The fact is about to be matched (inserted or updated) in the current block.
    func noteBlock(_ handle: FactHandle) {
        if let host { factBlocks[handle] = host.block }
    }

    /// The block constraint code matching `facts` sees: that of the newest of them.
    func matchBlock(_ facts: [FactHandle?]) -> BlockContext? {
        var newest: (timestamp: Int, handle: FactHandle)?
        for case let handle? in facts {
            guard let timestamp = session.timestamp(of: handle) else { continue }
            if newest.map({ timestamp > $0.timestamp }) ?? true { newest = (timestamp, handle) }
        }
        return newest.flatMap { factBlocks[$0.handle] }
    }

    /// After each engine operation on a stored session: the new activations get canonical sequence
    /// numbers, and the agenda's changes are noted for storage.
    func settle() {
        dropRetractedByTruth()
        storage?.note(session.canonicalizeAgenda())
    }



    /// Heap records name objects of one execution only: a command from another call starts afresh.
    func forgetIdentities(unlessFrom execution: Int) {
        if execution != identityExecution {
            identities = [:]
            identityExecution = execution
        }
    }

    /// Inserts a new fact, or updates it when the object is already one.
    private func place(_ fact: RuleFact) throws -> FactHandle {
        guard case .object(let classIndex, let fields) = fact.value else { throw RuleError.unknownType(-1) }
        if let existing = handle(of: fact), objects[existing] != nil, session.type(of: existing) != nil {
            noteBlock(existing)
            setObject(existing, fact.value, matched: true)
            try session.update(existing, fields: fields)
            return existing
        }
        // Registered first: code run while the engine matches the new fact (a constraint, a `from`
        // source) reads its object.
        let next = FactHandle(session.counters.nextFact)
        noteBlock(next)
        setObject(next, fact.value, matched: true)
        let handle: FactHandle
        do {
            handle = try session.insert(type: Int(classIndex), fields: fields)
        } catch {
            setObject(next, nil)
            throw error
        }
        if handle != next {
            // An equal logical fact became stated instead (truth maintenance): no new fact.
            unregister(next)
            setObject(handle, fact.value)
        }
        if argumentFacts.isEmpty {
            forgetIdentities(unlessFrom: fact.execution)
            identities[fact.record] = handle
        }
        return handle
    }

    // MARK: RuleCallbacks

    func evaluate(predicate id: Int, facts: [FactHandle?], session: RuleSession) -> Bool {
        // A block-time window is checked when its rule is about to fire (``mayFire(rule:session:)``),
        // so that what a session has matched never depends on when it matched.
        if id >= set.predicates.count { return true }
        guard id >= 0, failure == nil else { return false }
        let (outcome, _) = call(set.predicates[id], facts: facts, ruleName: "", matching: matchBlock(facts))
        if case .boolean(let holds)? = outcome?.returnValue { return holds }
        return false
    }

    func mayFire(rule: Int, session: RuleSession) -> Bool {
        guard rule < ruleWindows.count, !ruleWindows[rule].isEmpty, let host else { return true }
        return ruleWindows[rule].allSatisfy { set.windows[$0].contains(host.block.time) }
    }

    func value(of id: Int, facts: [FactHandle?], session: RuleSession) -> ContractValue? {
        guard id >= 0, id < set.predicates.count, failure == nil else { return nil }
        // Like a constraint, it sees the facts as matched (a stored session rebuilt from storage
        // computes the same values).
        let (outcome, _) = call(set.predicates[id], facts: facts, ruleName: "", matching: matchBlock(facts))
        guard let outcome, case .returned = outcome.status else { return nil }
        return outcome.returnValue
    }

    func fire(rule: Int, facts: [FactHandle?], session: RuleSession) throws {
        guard rule < set.consequences.count else { return }
        let function = set.consequences[rule]
        let (outcome, handles) = call(function, facts: facts, ruleName: set.ruleBase.rules[rule].name)
        guard let outcome else { throw RuleError.consequenceFailed(rule: set.ruleBase.rules[rule].name, reason: failure ?? "failed") }
        switch outcome.status {
        case .returned:
            // Field assignments change the objects (not the engine's view, as in Drools).
            for (position, handle) in handles.sorted(by: { $0.key < $1.key })
            where position < outcome.finalArguments.count && objects[handle] != nil {
                setObject(handle, outcome.finalArguments[position])
            }
        case .reverted(let reason):
            failure = "rule '\(set.ruleBase.rules[rule].name)' reverted: \(reason)"
            throw RuleError.consequenceFailed(rule: set.ruleBase.rules[rule].name, reason: reason)
        case .trapped(let trap):
            failure = "rule '\(set.ruleBase.rules[rule].name)' failed: \(trap.reason)"
            throw RuleError.consequenceFailed(rule: set.ruleBase.rules[rule].name, reason: "\(trap.reason)")
        }
    }

    /// Runs a generated function with arguments built from the match; gives the outcome and, for
    /// arguments that are facts, their handles by argument position.
    ///
    /// Constraint code (`matching` set: the block it sees, ``matchBlock(_:)``) gets the facts as the
    /// engine matched them, at their last insert or update, so that what it decides depends only on
    /// what a stored session keeps; consequences get the objects as code left them.
    func call(_ function: RuleFunction, facts: [FactHandle?], ruleName: String, matching: BlockContext?? = nil)
        -> (CallOutcome?, [Int: FactHandle])
    {
        guard let callHost = host else { return (nil, [:]) }
        var host = callHost
        if case .some(.some(let block)) = matching, block != callHost.block { host = MatchBlockHost(base: callHost, block: block) }
        let matched = matching != nil
        var arguments: [ContractValue] = []
        var handles: [Int: FactHandle] = [:]
        for (position, source) in function.arguments.enumerated() {
            switch source {
            case .fact, .currentFact:
                let slot: Int
                if case .fact(let index) = source { slot = index } else { slot = facts.count - 1 }
                guard slot >= 0, slot < facts.count, let handle = facts[slot],
                      let object = object(of: handle, matched: matched) else {
                    arguments.append(.null)
                    continue
                }
                // Values bound by `from` are not facts: the consequence cannot update or retract them.
                if handle.id > 0 { handles[position] = handle }
                arguments.append(object)
            case .result(let index, let result):
                arguments.append(resultValue(facts, index, result, matched: matched))
            case .field(let index, let field):
                arguments.append(fieldValue(facts, index, field, matched: matched))
            case .currentField(let field):
                arguments.append(fieldValue(facts, facts.count - 1, field, matched: matched))
            case .fieldPath(let index, let slots):
                arguments.append(pathValue(facts, index, slots, matched: matched))
            case .currentFieldPath(let slots):
                arguments.append(pathValue(facts, facts.count - 1, slots, matched: matched))
            case .global(let index):
                arguments.append(index < globals.count ? globals[index] : .null)
            case .queryArgument(let index):
                arguments.append(index < queryArguments.count ? queryArguments[index] : .null)
            case .context:
                let fields = set.contextClass.map { service.program.module.module.classes[Int($0)].fields } ?? []
                arguments.append(.object(classIndex: set.contextClass ?? 0, fields: fields.map { $0 == "ruleName" ? .string(ruleName) : .null }))
            }
        }
        argumentFacts.append(handles)
        defer { argumentFacts.removeLast() }
        // Setting up a VM call (arguments built from the match, a fresh execution) costs far more
        // than the few instructions a constraint runs: each call is charged on top of its code.
        vmGas += GasSchedule.current.ruleCall
        let outcome = VM.call(service.program, function: function.function, arguments: arguments,
                              context: CallContext(contract: contract, sender: contract), host: host,
                              limits: ExecutionLimits(gasLimit: max(gasLeft - vmGas - (session.gasUsed - engineStart), 0), stackSlots: 1 << 14,
                                                      heapBytes: consequenceHeapBytes))
        vmGas += outcome.gasUsed
        // Code that ran out of gas used all the command had left: so does the command (the VM then
        // traps out of gas instead of reverting with the rule's failure).
        if case .trapped(let trap) = outcome.status, case .outOfGas = trap.reason {
            vmGas = max(vmGas, gasLeft - (session.gasUsed - engineStart))
        }
        return (outcome, handles)
    }

    /// The heap of a constraint or consequence call: the VM's default, or what is left of the
    /// calling execution's budget when that is less (at least 64 KiB, for its constants).
    var consequenceHeapBytes: Int {
        let standard = ExecutionLimits(gasLimit: 0).heapBytes
        guard let limit = session.memoryLimit else { return standard }
        return min(standard, max(limit - session.memoryUsed, 1 << 16))
    }

    private func fieldValue(_ facts: [FactHandle?], _ position: Int, _ field: Int, matched: Bool) -> ContractValue {
        guard position >= 0, position < facts.count, let handle = facts[position] else { return .null }
        if matched && handle.id > 0 { return session.matchedField(handle, field) ?? .null }
        guard case .object(_, let fields)? = object(of: handle, matched: matched), field < fields.count else { return .null }
        return fields[field]
    }

    /// The value of a field path of the fact at `position` (null when a step on the way is null).
    private func pathValue(_ facts: [FactHandle?], _ position: Int, _ slots: [Int], matched: Bool) -> ContractValue {
        guard let first = slots.first else { return .null }
        var value = fieldValue(facts, position, first, matched: matched)
        for slot in slots.dropFirst() {
            guard case .object(_, let fields) = value, slot >= 0, slot < fields.count else { return .null }
            value = fields[slot]
        }
        return value
    }

    /// A fact's object (as matched, for constraint code, or as code left it), or the value bound at
    /// a position holding no fact (`from`, accumulate: negative ids, which ``RuleSession/matchedObject(_:)``
    /// does not know).
    private func object(of handle: FactHandle, matched: Bool) -> ContractValue? {
        if handle.id > 0 { return matched ? session.matchedObject(handle) : objects[handle] }
        return session.boundValue(of: handle).map { resolve($0, matched: matched) }
    }

    private func resolve(_ bound: BoundValue, matched: Bool) -> ContractValue {
        switch bound {
        case .value(let value): value
        case .facts(let handles): .array(handles.map { object(of: $0, matched: matched) ?? .null })
        case .tuple(let items): .array(items.map { resolve($0, matched: matched) })
        }
    }

    private func resultValue(_ facts: [FactHandle?], _ position: Int, _ index: Int, matched: Bool) -> ContractValue {
        guard position >= 0, position < facts.count, let handle = facts[position],
              case .tuple(let results)? = session.boundValue(of: handle), index >= 0, index < results.count else { return .null }
        return resolve(results[index], matched: matched)
    }
}
