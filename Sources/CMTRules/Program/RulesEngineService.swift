import CMTBytecode
public import CMTVM

/// The rules engine as contracts reach it (`load_rules`, `engine.send(m)` …): a ``RuleService``
/// over compiled rule sets, whose predicates and consequences are functions of the contract's own
/// module, run by the VM.
///
/// Facts are copies of the contract's objects. As in Drools, a consequence that assigns a field
/// changes the object (the caller of `send` sees it) without telling the engine; `update(fact)`
/// (or `modify`) makes the engine match the fact again. Sessions live as long as this service (one
/// `cmtc run`); storing a session in contract state across calls is not supported yet.
public final class RulesEngineService: RuleService {
    public let ruleSets: [String: CompiledRuleSet]
    let program: Program
    var sessions: [Int64: SessionState] = [:]
    var nextSession: Int64 = 1
    /// Sessions whose consequences are running, innermost last (commands with a null session).
    var firing: [SessionState] = []
    /// Sessions driven directly (``RuleSessionDriver``), kept alive with the service.
    var keepAlive: [SessionState] = []

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
            let id = nextSession
            nextSession += 1
            sessions[id] = SessionState(set: set, service: self)
            return RuleServiceResult(value: .number(Decimal18(id)), gasUsed: 100)
        }
        let state: SessionState
        if case .number(let number) = session, let id = number.int64Value, let found = sessions[id] {
            state = found
        } else if session == .null, let current = firing.last {
            state = current
        } else {
            let reason = session == .null
                ? "insert, update, retract, insertLogical, halt and setFocus without a session work only in a rule's consequence"
                : "there is no rule session \(session)"
            return RuleServiceResult(failure: reason, gasUsed: 0)
        }
        return state.perform(operation, fact: fact, argument: argument, contract: contract, host: host, gasLimit: gasLimit,
                             execution: execution)
    }
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
    var contract = Address("")
    var host: (any Host)?
    var gasLeft: Int64 = 0
    var vmGas: Int64 = 0
    var failure: String?
    /// The values of the DRL globals (``CompiledRuleSet/globals``), null until set.
    var globals: [ContractValue]
    /// The arguments of the query being run.
    var queryArguments: [ContractValue] = []

    init(set: CompiledRuleSet, service: RulesEngineService) {
        self.set = set
        self.service = service
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
        if !nested {
            gasLeft = gasLimit
            vmGas = 0
            failure = nil
            forgetIdentities(unlessFrom: execution)
        }
        let engineBefore = session.gasUsed
        let vmBefore = vmGas
        var value = ContractValue.null
        var updated: ContractValue?
        var listed: [FactHandle] = []
        do {
            switch operation {
            case .open:
                break
            case .insertLogical where nested:
                guard let fact else { break }
                updated = try placeLogical(fact)
            case .setGlobal, .query, .facts:
                (value, listed) = try runQueryCommand(operation, argument: argument)
            case .insert, .insertLogical, .send:
                guard let fact else { break }
                let handle = try place(fact)
                if operation == .send {
                    service.firing.append(self)
                    defer { service.firing.removeLast() }
                    try session.fire()
                }
                updated = objects[handle]
            case .update:
                guard let fact, let handle = handle(of: fact) else { return result(failure: "that object is not a fact of this session") }
                // Set first: constraints evaluated while the fact is matched again read the object.
                objects[handle] = fact.value
                try session.update(handle, fields: fields(fact.value))
                updated = objects[handle]
            case .retract:
                guard let fact, let handle = handle(of: fact) else { return result(failure: "that object is not a fact of this session") }
                try session.retract(handle)
                objects[handle] = nil
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
        if nested {
            return RuleServiceResult(value: value, gasUsed: vmGas - vmBefore, updatedFact: updated)
        }
        if let failure { return result(failure: failure, engineBefore: engineBefore) }
        // Rules may have changed any fact; the calling code's own objects get their new contents.
        var records: [Int: ContractValue] = [:]
        if argumentFacts.isEmpty {
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

    /// Heap records name objects of one execution only: a command from another call starts afresh.
    func forgetIdentities(unlessFrom execution: Int) {
        if execution != identityExecution {
            identities = [:]
            identityExecution = execution
        }
    }

    /// Inserts a new fact, or updates it when the object is already one.
    func place(_ fact: RuleFact) throws -> FactHandle {
        guard case .object(let classIndex, let fields) = fact.value else { throw RuleError.unknownType(-1) }
        if let existing = handle(of: fact), objects[existing] != nil, session.type(of: existing) != nil {
            objects[existing] = fact.value
            try session.update(existing, fields: fields)
            return existing
        }
        // The object is known before the fact is matched: constraints on it read it.
        let next = session.nextHandle
        objects[next] = fact.value
        let handle = try session.insert(type: Int(classIndex), fields: fields)
        if handle != next {
            objects[next] = nil
            objects[handle] = fact.value
        }
        if argumentFacts.isEmpty {
            forgetIdentities(unlessFrom: fact.execution)
            identities[fact.record] = handle
        }
        return handle
    }

    // MARK: RuleCallbacks

    func evaluate(predicate id: Int, facts: [FactHandle?], session: RuleSession) -> Bool {
        if id >= set.predicates.count {
            let window = id - set.predicates.count
            guard window < set.windows.count, let host else { return false }
            return set.windows[window].contains(host.block.time)
        }
        guard id >= 0, failure == nil else { return false }
        let (outcome, _) = call(set.predicates[id], facts: facts, ruleName: "")
        if case .boolean(let holds)? = outcome?.returnValue { return holds }
        return false
    }

    func fire(rule: Int, facts: [FactHandle?], session: RuleSession) throws {
        guard rule < set.consequences.count else { return }
        let function = set.consequences[rule]
        let (outcome, handles) = call(function, facts: facts, ruleName: set.ruleBase.rules[rule].name)
        guard let outcome else { throw RuleError.consequenceFailed(rule: set.ruleBase.rules[rule].name, reason: failure ?? "failed") }
        switch outcome.status {
        case .returned:
            // Field assignments change the objects (not the engine's view, as in Drools).
            for (position, handle) in handles where position < outcome.finalArguments.count && objects[handle] != nil {
                objects[handle] = outcome.finalArguments[position]
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
    func call(_ function: RuleFunction, facts: [FactHandle?], ruleName: String) -> (CallOutcome?, [Int: FactHandle]) {
        guard let host else { return (nil, [:]) }
        var arguments: [ContractValue] = []
        var handles: [Int: FactHandle] = [:]
        for (position, source) in function.arguments.enumerated() {
            switch source {
            case .fact, .currentFact:
                let slot: Int
                if case .fact(let index) = source { slot = index } else { slot = facts.count - 1 }
                guard slot >= 0, slot < facts.count, let handle = facts[slot], let object = objects[handle] else {
                    arguments.append(.null)
                    continue
                }
                handles[position] = handle
                arguments.append(object)
            case .field(let index, let field):
                arguments.append(fieldValue(facts, index, field))
            case .currentField(let field):
                arguments.append(fieldValue(facts, facts.count - 1, field))
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
        let outcome = VM.call(service.program, function: function.function, arguments: arguments,
                              context: CallContext(contract: contract, sender: contract), host: host,
                              limits: ExecutionLimits(gasLimit: max(gasLeft - vmGas, 0), stackSlots: 1 << 14))
        vmGas += outcome.gasUsed
        return (outcome, handles)
    }

    private func fieldValue(_ facts: [FactHandle?], _ position: Int, _ field: Int) -> ContractValue {
        guard position >= 0, position < facts.count, let handle = facts[position], case .object(_, let fields)? = objects[handle],
              field < fields.count else { return .null }
        return fields[field]
    }
}
