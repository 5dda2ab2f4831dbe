import CMTBytecode
import CMTVM

/// Facts as objects with identity (``SessionObjects``): taking in the object graphs the VM
/// exports, handing objects to the session's code as one graph, and back to the calling code.
extension SessionState {
    /// A fact's object as code sees it now.
    func object(_ handle: FactHandle) -> ContractValue? { factObject[handle].flatMap { store.contents[$0] } }

    /// A fact's object to show (the REPL): the objects it refers to as copies.
    func shown(_ handle: FactHandle) -> ContractValue? { object(handle).map { resolved($0, in: store.contents) } }

    func fields(_ value: ContractValue) -> [ContractValue] {
        if case .object(_, let fields) = value { return fields }
        return []
    }

    /// The fact holds object `number` (its object until then is let go).
    func bind(_ handle: FactHandle, to number: Int) {
        if factObject[handle] == number { return }
        unbind(handle)
        factObject[handle] = number
        objectFact[number] = handle
        store.retain(number)
    }

    func unbind(_ handle: FactHandle) {
        guard let number = factObject.removeValue(forKey: handle) else { return }
        if objectFact[number] == handle { objectFact[number] = nil }
        matchedGraphs[handle] = nil
        store.release(number)
    }

    /// The fact is gone (retracted, or never made): its object stays while something refers to it.
    func dropFact(_ handle: FactHandle) {
        storage?.dirtyFacts.insert(handle.id)
        unbind(handle)
        factBlocks[handle] = nil
    }

    /// Drops the objects nothing refers to any more (when a command settles).
    func collectObjects() {
        let dropped = store.collect()
        if dropped > 0 { session.chargeObjects(dropped, fields: 0) }
    }

    /// Takes in the object code gave for `handle` (a fact being inserted or updated): the fact's
    /// object and those it refers to become (or are) the session's objects, with their contents now.
    func absorbFact(_ fact: RuleFact, as handle: FactHandle) {
        var seed: [Int: Int] = [:]
        if let number = factObject[handle] { seed[fact.key] = number }
        let graph = fact.graph.isEmpty ? ObjectGraph([fact.key: fact.value]) : fact.graph
        // The fact's own object is paid for as the fact.
        let numbers = absorb(graph, seed: seed, execution: fact.execution, free: 1)
        guard let number = numbers[fact.key] else { return }
        bind(handle, to: number)
        storage?.dirtyFacts.insert(handle.id)
        snapshot(handle)
    }

    /// A fact given as a plain value (the REPL, benchmarks): a new object, or its object's new contents.
    func absorbPlain(_ value: ContractValue, as handle: FactHandle) {
        let number = factObject[handle] ?? store.make()
        store.set(number, value)
        bind(handle, to: number)
        storage?.dirtyFacts.insert(handle.id)
        snapshot(handle)
    }

    /// Keeps what the objects a fact refers to are now: constraint code matching the fact sees
    /// them so until the fact is updated (as it sees the fact's own fields).
    func snapshot(_ handle: FactHandle) {
        guard store.linked, let number = factObject[handle], let content = store.contents[number] else {
            matchedGraphs[handle] = nil
            return
        }
        let reached = store.reachable(from: [content]).filter { $0 != number }
        guard !reached.isEmpty else {
            matchedGraphs[handle] = nil
            return
        }
        var copy: [Int: ContractValue] = [:]
        var fieldCount = 0
        for other in reached {
            copy[other] = store.contents[other]
            if case .object(_, let fields)? = store.contents[other] { fieldCount += fields.count }
        }
        matchedGraphs[handle] = copy
        session.chargeObjects(reached.count, fields: fieldCount)
    }

    /// Takes in a graph the VM exported; gives the session's number of each key. A key of an object
    /// the code was given is that object; another names a record of the code's execution, which
    /// keeps its number for the rest of the call (of the consequence, or of the contract's call).
    ///
    /// Gas: each object made beyond `free` of them costs 1 (as a listed fact) and the memory of its
    /// fields; objects that were already the session's cost nothing more (the VM charged the call
    /// that changed them for making them).
    @discardableResult
    func absorb(_ graph: ObjectGraph, seed: [Int: Int], execution: Int, free: Int = 0) -> [Int: Int] {
        let first = store.next
        var numbers = seed
        let keys = graph.objects.count == 1 ? Array(graph.objects.keys) : graph.objects.keys.sorted()
        // Objects of plain values only (Manners, Waltz) refer to nothing: no references to number
        // or rename.
        let flat = graph.objects.values.allSatisfy(SessionObjects.isFlat)
        for key in keys where numbers[key] == nil { numbers[key] = number(forKey: key, execution: execution) }
        if !flat {
            for key in keys {
                guard let value = graph.objects[key] else { continue }
                SessionObjects.forEachReference(in: value) { target in
                    if numbers[target] == nil { numbers[target] = number(forKey: target, execution: execution) }
                }
            }
        }
        for key in keys {
            guard let number = numbers[key], let value = graph.objects[key] else { continue }
            store.set(number, flat ? value : SessionObjects.renaming(value) { numbers[$0] ?? $0 })
        }
        let made = store.next - first
        if made > free {
            var fieldCount = 0
            for number in first..<store.next { if case .object(_, let fields)? = store.contents[number] { fieldCount += fields.count } }
            session.chargeObjects(made - free, fields: fieldCount)
        }
        return numbers
    }

    private func number(forKey key: Int, execution: Int) -> Int {
        if key >= 0 {
            if !callRecords.isEmpty, store.contains(key) { return key }
            return store.make()
        }
        let record = -(key + 1)
        if !callRecords.isEmpty {
            let last = callRecords.count - 1
            if let number = callRecords[last][record], store.contains(number) { return number }
            let number = store.make()
            callRecords[last][record] = number
            return number
        }
        forgetIdentities(unlessFrom: execution)
        if let number = identities[record], store.contains(number) { return number }
        let number = store.make()
        identities[record] = number
        return number
    }

    /// What a consequence left: the objects it was given (and new objects they now refer to).
    func absorbFinal(_ graph: ObjectGraph) {
        guard !graph.isEmpty, !leftUnchanged(graph) else { return }
        var keep: Set<Int> = []
        var pending = graph.objects.keys.filter { $0 >= 0 && store.contains($0) }.sorted()
        keep.formUnion(pending)
        while let key = pending.popLast() {
            guard let value = graph.objects[key] else { continue }
            SessionObjects.forEachReference(in: value) { if keep.insert($0).inserted { pending.append($0) } }
        }
        let reached = ObjectGraph(graph.objects.filter { keep.contains($0.key) })
        absorb(reached, seed: [:], execution: identityExecution)
    }

    /// Whether a consequence left every session object it was given as the session has it (most
    /// do: they change facts by `modify`, which the session has taken in already). Then taking the
    /// graph in would change nothing: each object's contents are its own, their references name
    /// session objects (which stay while referenced), and new objects are only kept when one of
    /// these refers to them.
    private func leftUnchanged(_ graph: ObjectGraph) -> Bool {
        for (key, value) in graph.objects where key >= 0 {
            guard let current = store.contents[key] else { continue }
            if current != value { return false }
        }
        return true
    }

    /// The objects the calling code's records name: `updatedRecords` after rules ran.
    func adoptObjects(records: [Int: Int], execution: Int) {
        guard argumentFacts.isEmpty else { return }
        forgetIdentities(unlessFrom: execution)
        for (number, record) in records where store.contains(number) { identities[record] = number }
    }

    // MARK: Calls of the session's code

    /// The objects a call of the session's code is given: those its arguments refer to, directly or
    /// not. Constraint code (`matched`) sees each fact as matched and the objects a fact refers to
    /// as they were when it was matched (the first argument fact that refers to one decides), so
    /// what it decides depends only on what a stored session keeps; consequences see objects now.
    func callGraph(arguments: [ContractValue], facts: [FactHandle], matched: Bool) -> ObjectGraph {
        var own: [Int: ContractValue] = [:]
        if matched {
            own.reserveCapacity(facts.count)
            for handle in facts {
                if let number = factObject[handle], let object = session.matchedObject(handle) { own[number] = object }
            }
        }
        func content(_ number: Int) -> ContractValue? {
            guard matched else { return store.contents[number] }
            if let object = own[number] { return object }
            for handle in facts { if let value = matchedGraphs[handle]?[number] { return value } }
            return store.contents[number]
        }
        var graph = ObjectGraph()
        graph.objects.reserveCapacity(2 * facts.count + 2)
        var pending: [Int] = []
        for argument in arguments { SessionObjects.forEachReference(in: argument) { pending.append($0) } }
        while let number = pending.popLast() {
            guard graph.objects[number] == nil, let value = content(number) else { continue }
            graph.objects[number] = value
            SessionObjects.forEachReference(in: value) { if graph.objects[$0] == nil { pending.append($0) } }
        }
        // The argument facts are paid for by the call; the objects they lead to cost 1 each.
        let reached = graph.objects.count - facts.count
        if reached > 0 { session.chargeObjects(reached, fields: 0) }
        return graph
    }

    /// Runs a generated function with arguments built from the match; gives the outcome and, for
    /// arguments that are facts, their handles by argument position. With `keepRecords`, the
    /// call's frame of new records stays for the caller to take in the results (then pop it).
    ///
    /// Constraint code (`matching` set: the block it sees, ``matchBlock(_:)``) gets the facts as the
    /// engine matched them, at their last insert or update, so that what it decides depends only on
    /// what a stored session keeps; consequences get the objects as code left them.
    func call(_ function: RuleFunction, facts: [FactHandle?], ruleName: String, matching: BlockContext?? = nil, keepRecords: Bool = false)
        -> (CallOutcome?, [Int: FactHandle])
    {
        guard let callHost = host else {
            if keepRecords { callRecords.append([:]) }
            return (nil, [:])
        }
        var host = callHost
        if case .some(.some(let block)) = matching, block != callHost.block { host = MatchBlockHost(base: callHost, block: block) }
        let matched = matching != nil
        // Consequences always get objects with identity (they may link them); constraint code only
        // once objects refer to one another (until then a fact's fields are all it can reach).
        let linked = !matched || store.linked
        var arguments: [ContractValue] = []
        var handles: [Int: FactHandle] = [:]
        var argumentHandles: [FactHandle] = []
        for (position, source) in function.arguments.enumerated() {
            switch source {
            case .fact, .currentFact:
                let slot: Int
                if case .fact(let index) = source { slot = index } else { slot = facts.count - 1 }
                guard slot >= 0, slot < facts.count, let handle = facts[slot] else {
                    arguments.append(.null)
                    continue
                }
                // Values bound by `from` are not facts: the consequence cannot update or retract them.
                if handle.id > 0 {
                    handles[position] = handle
                    if linked, let number = factObject[handle] {
                        arguments.append(.reference(number))
                        argumentHandles.append(handle)
                        continue
                    }
                }
                arguments.append(object(of: handle, matched: matched, linked: linked) ?? .null)
            case .result(let index, let result):
                arguments.append(resultValue(facts, index, result, matched: matched, linked: linked))
            case .field(let index, let field):
                arguments.append(fieldValue(facts, index, field, matched: matched))
            case .currentField(let field):
                arguments.append(fieldValue(facts, facts.count - 1, field, matched: matched))
            case .fieldPath(let index, let slots):
                arguments.append(pathValue(facts, index, slots, matched: matched, linked: linked))
            case .currentFieldPath(let slots):
                arguments.append(pathValue(facts, facts.count - 1, slots, matched: matched, linked: linked))
            case .global(let index):
                arguments.append(index < globals.count ? globals[index] : .null)
            case .queryArgument(let index):
                arguments.append(index < queryArguments.count ? queryArguments[index] : .null)
            case .context:
                let fields = set.contextClass.map { service.program.module.module.classes[Int($0)].fields } ?? []
                arguments.append(.object(classIndex: set.contextClass ?? 0, fields: fields.map { $0 == "ruleName" ? .string(ruleName) : .null }))
            }
        }
        let graph = linked ? callGraph(arguments: arguments, facts: argumentHandles, matched: matched) : nil
        argumentFacts.append(handles)
        callRecords.append([:])
        defer {
            argumentFacts.removeLast()
            if !keepRecords { callRecords.removeLast() }
        }
        // Setting up a VM call (arguments built from the match, a fresh execution) costs far more
        // than the few instructions a constraint runs: each call is charged on top of its code.
        vmGas += GasSchedule.current.ruleCall
        let outcome = VM.call(service.program, function: function.function, arguments: arguments, graph: graph,
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

    private func fieldValue(_ facts: [FactHandle?], _ position: Int, _ field: Int, matched: Bool) -> ContractValue {
        guard position >= 0, position < facts.count, let handle = facts[position] else { return .null }
        if matched && handle.id > 0 { return session.matchedField(handle, field) ?? .null }
        let value = handle.id > 0 ? object(handle) : object(of: handle, matched: matched, linked: false)
        guard case .object(_, let fields)? = value, field < fields.count else { return .null }
        return fields[field]
    }

    /// The value of a field path of the fact at `position` (null when a step on the way is null).
    private func pathValue(_ facts: [FactHandle?], _ position: Int, _ slots: [Int], matched: Bool, linked: Bool) -> ContractValue {
        guard let first = slots.first else { return .null }
        var value = fieldValue(facts, position, first, matched: matched)
        let owner = position >= 0 && position < facts.count ? facts[position] : nil
        for slot in slots.dropFirst() {
            if case .reference(let number) = value {
                let snapshot = matched ? owner.flatMap { matchedGraphs[$0]?[number] } : nil
                value = snapshot ?? store.contents[number] ?? .null
            }
            guard case .object(_, let fields) = value, slot >= 0, slot < fields.count else { return .null }
            value = fields[slot]
        }
        // A plain call cannot take a reference: the object then goes as a copy.
        if !linked, case .reference = value { return resolved(value, in: store.contents) }
        return value
    }

    /// A fact's object (as matched, for constraint code, or as code left it), or the value bound at
    /// a position holding no fact (`from`, accumulate: negative ids, which ``RuleSession/matchedObject(_:)``
    /// does not know).
    func object(of handle: FactHandle, matched: Bool, linked: Bool) -> ContractValue? {
        if handle.id > 0 {
            if linked, let number = factObject[handle] { return .reference(number) }
            return matched ? session.matchedObject(handle) : object(handle)
        }
        return session.boundValue(of: handle).map { resolve($0, matched: matched, linked: linked) }
    }

    private func resolve(_ bound: BoundValue, matched: Bool, linked: Bool) -> ContractValue {
        switch bound {
        case .value(let value): value
        case .facts(let handles): .array(handles.map { object(of: $0, matched: matched, linked: linked) ?? .null })
        case .tuple(let items): .array(items.map { resolve($0, matched: matched, linked: linked) })
        }
    }

    private func resultValue(_ facts: [FactHandle?], _ position: Int, _ index: Int, matched: Bool, linked: Bool) -> ContractValue {
        guard position >= 0, position < facts.count, let handle = facts[position],
              case .tuple(let results)? = session.boundValue(of: handle), index >= 0, index < results.count else { return .null }
        return resolve(results[index], matched: matched, linked: linked)
    }

    /// `value` with its references replaced by copies of the objects (`contents`), for comparing by
    /// value and for showing; an object met again on the way (a cycle), deeper than 16 levels or
    /// past the first 4,096 objects copied (a bound on shared objects reached many times) is null.
    func resolved(_ value: ContractValue, in contents: [Int: ContractValue]) -> ContractValue {
        var budget = 4_096
        return resolved(value, in: contents, depth: 0, path: [], budget: &budget)
    }

    private func resolved(_ value: ContractValue, in contents: [Int: ContractValue], depth: Int, path: Set<Int>, budget: inout Int)
        -> ContractValue
    {
        guard depth < 16 else { return .null }
        switch value {
        case .reference(let number):
            guard budget > 0, !path.contains(number), let object = contents[number] else { return .null }
            budget -= 1
            return resolved(object, in: contents, depth: depth + 1, path: path.union([number]), budget: &budget)
        case .object(let classIndex, let fields):
            return .object(classIndex: classIndex, fields: fields.map { resolved($0, in: contents, depth: depth + 1, path: path, budget: &budget) })
        case .array(let elements):
            return .array(elements.map { resolved($0, in: contents, depth: depth + 1, path: path, budget: &budget) })
        case .map(let entries):
            return .map(entries.map {
                ContractValue.MapEntry(key: $0.key, value: resolved($0.value, in: contents, depth: depth + 1, path: path, budget: &budget))
            })
        default:
            return value
        }
    }
}

/// Values going back to the code that gave a command: references to objects the code has records
/// of name those records (`-(record + 1)`); other objects go in ``graph`` under their numbers.
struct Outgoing {
    let state: SessionState
    var graph = ObjectGraph()
    private var recordOf: [Int: Int] = [:]

    init(state: SessionState) {
        self.state = state
        let records = state.callRecords.last ?? state.identities
        for record in records.keys.sorted() {
            if let number = records[record], recordOf[number] == nil { recordOf[number] = record }
        }
    }

    /// `value` for the calling code; the objects it leads to that the code has no record of go in
    /// ``graph`` (a worklist, not recursion: a long chain of objects is fine).
    mutating func translate(_ value: ContractValue) -> ContractValue {
        var pending: [Int] = []
        let result = shallow(value, &pending)
        while let number = pending.popLast() {
            guard let object = state.store.contents[number] else { continue }
            graph.objects[number] = shallow(object, &pending)
        }
        return result
    }

    private mutating func shallow(_ value: ContractValue, _ pending: inout [Int]) -> ContractValue {
        switch value {
        case .reference(let number):
            if let record = recordOf[number] { return .reference(-(record + 1)) }
            if graph.objects[number] == nil, state.store.contains(number) {
                graph.objects[number] = .null
                pending.append(number)
            }
            return .reference(number)
        case .object(let classIndex, let fields): return .object(classIndex: classIndex, fields: fields.map { shallow($0, &pending) })
        case .array(let elements): return .array(elements.map { shallow($0, &pending) })
        case .map(let entries): return .map(entries.map { ContractValue.MapEntry(key: $0.key, value: shallow($0.value, &pending)) })
        default: return value
        }
    }
}
