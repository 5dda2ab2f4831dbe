import CMTBytecode
import CMTVM

/// A rules command a contract gave with arguments the rule set does not accept (an unknown global
/// or query, a value of the wrong type, a wrong number of arguments): the call reverts with it.
struct RuleCommandError: Error, CustomStringConvertible {
    let description: String
}

/// Globals, queries, fact listings, logical insertion and salience expressions of a session.
extension SessionState {
    /// `engine.setGlobal(name, value)`, `engine.query(Type, name, arguments…)`, `engine.facts(Type)`.
    /// Gives the value and, for a list of facts, their handles.
    func runQueryCommand(_ operation: RuleOperation, argument: ContractValue) throws -> (ContractValue, [FactHandle]) {
        switch operation {
        case .setGlobal:
            guard case .array(let pair) = argument, pair.count == 2, case .string(let name) = pair[0] else {
                throw RuleCommandError(description: "setGlobal takes a global's name and a value")
            }
            guard let index = set.globals.firstIndex(where: { $0.name == name }) else {
                let known = set.globals.map(\.name)
                throw RuleCommandError(description: "the rule set has no global '\(name)'"
                    + (known.isEmpty ? "" : " (its globals: \(known.joined(separator: ", ")))"))
            }
            let type = set.globals[index].type
            guard matches(pair[1], type: type) else {
                throw RuleCommandError(description: "global '\(name)' is a \(type), not \(describe(pair[1]))")
            }
            // Rebuilt memories match every fact with the globals' current values: a stored session
            // whose constraints read globals cannot have had its facts matched under other values.
            if globals[index] != pair[1], !session.handles().isEmpty, set.globalsReadWhileMatching {
                if storage != nil {
                    throw RuleCommandError(description: "setGlobal(\"\(name)\") on a stored session that has facts: constraints read the global, "
                        + "and memories rebuilt from storage would match the facts with the new value (set globals before inserting facts)")
                }
                matchedUnderOtherGlobals = true
            }
            globals[index] = pair[1]
            return (.null, [])
        case .facts:
            guard case .string(let typeName) = argument, let classIndex = classIndex(of: typeName) else {
                throw RuleCommandError(description: "facts takes a class of the contract")
            }
            let handles = session.handles(ofType: Int(classIndex)).filter { objects[$0] != nil }
            session.chargeListing(handles.count)
            return (.array(handles.compactMap { objects[$0] }), handles)
        case .query:
            return try query(argument)
        default:
            return (.null, [])
        }
    }

    private func query(_ argument: ContractValue) throws -> (ContractValue, [FactHandle]) {
        guard case .array(let parts) = argument, parts.count >= 2, case .string(let typeName) = parts[0],
              case .string(let name) = parts[1], let classIndex = classIndex(of: typeName) else {
            throw RuleCommandError(description: "query takes a class, a query's name and its arguments")
        }
        let holdsType = set.ruleBase.rules.contains { rule in
            rule.isQuery && rule.name == name && rule.conditions.contains { condition in
                if case .pattern(let pattern) = condition { return pattern.type == Int(classIndex) }
                return false
            }
        }
        guard set.queries.contains(where: { $0.name == name }) == false || holdsType else {
            throw RuleCommandError(description: "query '\(name)' matches no \(typeName) fact")
        }
        let rows = try queryRows(name, arguments: Array(parts.dropFirst(2)))
        var result: [ContractValue] = []
        var handles: [FactHandle] = []
        for row in rows {
            guard let handle = row.first(where: { $0.flatMap(session.type(of:)) == Int(classIndex) }) ?? nil,
                  let object = objects[handle] else { continue }
            result.append(object)
            handles.append(handle)
        }
        session.chargeListing(result.count)
        return (.array(result), handles)
    }

    /// Runs query `name` after checking its arguments against its parameters: each match's facts
    /// by pattern position.
    func queryRows(_ name: String, arguments: [ContractValue]) throws -> [[FactHandle?]] {
        guard let query = set.queries.first(where: { $0.name == name }) else {
            let known = set.queries.map { "'\($0.name)'" }
            throw RuleCommandError(description: "the rule set has no query '\(name)'"
                + (known.isEmpty ? "" : " (its queries: \(known.joined(separator: ", ")))"))
        }
        let signature = query.parameters.map { "\($0.type) \($0.name)" }.joined(separator: ", ")
        guard arguments.count == query.parameters.count else {
            let count = query.parameters.count
            throw RuleCommandError(description: "query '\(name)' takes \(count) argument\(count == 1 ? "" : "s") (\(signature)), not \(arguments.count)")
        }
        for (parameter, value) in zip(query.parameters, arguments) where !matches(value, type: parameter.type) {
            throw RuleCommandError(description: "query '\(name)': \(parameter.name) is a \(parameter.type), not \(describe(value))")
        }
        failure = nil
        queryArguments = arguments
        defer { queryArguments = [] }
        let rows = try session.query(name, arguments: arguments)
        if let failure { throw RuleCommandError(description: failure) }
        return rows
    }

    /// The contract's records for listed facts: commands on those objects name the facts (within
    /// the call that got them, as for the objects it inserted).
    func adopt(records: [Int], facts: [Int], execution: Int) {
        guard argumentFacts.isEmpty else { return }
        forgetIdentities(unlessFrom: execution)
        for (record, fact) in zip(records, facts) where record >= 0 { identities[record] = FactHandle(fact) }
    }

    /// `insertLogical(fact)` in a consequence: the fact is justified by the firing activation.
    func placeLogical(_ fact: RuleFact) throws -> ContractValue? {
        guard case .object(let classIndex, let fields) = fact.value else { throw RuleError.unknownType(-1) }
        // Registered first, as for a plain insert (`place`).
        let next = session.nextHandle
        noteBlock(next)
        setObject(next, fact.value, matched: true)
        let inserted: FactHandle?
        do {
            inserted = try session.insertLogical(type: Int(classIndex), fields: fields)
        } catch {
            unregister(next)
            throw error
        }
        // Nothing inserted, or an equal logical fact justified once more (storage notes the new
        // justification when the command ends: `SessionStorage.flush`).
        guard let handle = inserted, handle == next else {
            unregister(next)
            return inserted.flatMap { objects[$0] }
        }
        return objects[handle]
    }

    /// Forgets the objects of facts that truth maintenance retracted.
    func dropRetractedByTruth() {
        guard !session.retractedByTruth.isEmpty else { return }
        let retracted = session.retractedByTruth
        session.retractedByTruth.removeAll()
        for handle in retracted { setObject(handle, nil, matched: true) }
    }

    // MARK: RuleCallbacks

    /// A salience expression's value for a new activation: the number rounded toward zero, within
    /// ±2,147,483,647 (Drools' int). A failing expression fails the command (salience 0 meanwhile).
    func salience(_ id: Int, facts: [FactHandle?], session: RuleSession) -> Int {
        guard id >= 0, id < set.saliences.count, failure == nil else { return 0 }
        let rule = set.ruleBase.rules.first { $0.salienceExpression == id }?.name ?? ""
        // Computed while matching: it sees the facts as matched, as constraint code does.
        let (outcome, _) = call(set.saliences[id], facts: facts, ruleName: rule, matching: matchBlock(facts))
        guard let outcome else { return 0 }
        switch outcome.status {
        case .returned:
            guard case .number(let number)? = outcome.returnValue else { return 0 }
            let limit = Int128(Int32.max) * Decimal18.scale
            let clamped = min(max(number.truncated.scaled, -limit), limit)
            return Int(clamped / Decimal18.scale)
        case .reverted(let reason):
            failure = "the salience of rule '\(rule)' reverted: \(reason)"
        case .trapped(let trap):
            failure = "the salience of rule '\(rule)' failed: \(trap.reason)"
        }
        return 0
    }

    // MARK: Types

    private var classes: [CMTBytecode.ClassInfo] { service.program.module.module.classes }

    private func classIndex(of name: String) -> UInt16? {
        classes.firstIndex { $0.name == name }.map { UInt16(truncatingIfNeeded: $0) }
    }

    /// Whether `value` is of the CMT type written `type` (as DRL globals and query parameters are).
    func matches(_ value: ContractValue, type: String) -> Bool {
        let text = type
        if text.hasSuffix("?") { return value == .null || matches(value, type: String(text.dropLast())) }
        if text.hasSuffix("[]") {
            guard case .array(let elements) = value else { return false }
            let element = String(text.dropLast(2))
            return elements.allSatisfy { matches($0, type: element) }
        }
        if text.hasPrefix("Map<") {
            if case .map = value { return true }
            return false
        }
        switch (text, value) {
        case ("any", _), ("number", .number), ("string", .string), ("boolean", .boolean), ("address", .address), ("bytes", .bytes):
            return true
        case ("object", .object):
            return true
        case (_, .object(let classIndex, _)):
            return Int(classIndex) < classes.count && classes[Int(classIndex)].name == text
        default:
            return false
        }
    }

    func describe(_ value: ContractValue) -> String {
        switch value {
        case .null: "null"
        case .boolean: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .bytes: "bytes"
        case .address: "an address"
        case .array: "an array"
        case .map: "a map"
        case .object(let classIndex, _): Int(classIndex) < classes.count ? "a \(classes[Int(classIndex)].name)" : "an object"
        case .function: "a function"
        }
    }
}

extension RulesEngineService {
    /// Hands the records the VM made for listed facts to their session.
    public func adopt(session: ContractValue, records: [Int], facts: [Int], execution: Int) {
        guard let state = lastListing else { return }
        lastListing = nil
        state.adopt(records: records, facts: facts, execution: execution)
    }
}
