import CMTBytecode
import CMTVM

/// Queries, run on demand as Drools runs them: a call fact holding the query's name and arguments
/// is inserted, the query's network (its first pattern matches the call fact, so arguments join
/// like bindings) collects its matches at the terminal node instead of activating, and the call
/// fact is retracted. Gas is that of the insert and retract, as for any fact.
extension RuleSession {
    /// The matches of query `name` for `arguments`, alternative by alternative and then by their
    /// facts (oldest first, pattern by pattern), each the facts of the query's patterns by
    /// position (nil at `not`/`exists` positions).
    public func query(_ name: String, arguments: [ContractValue]) throws -> [[FactHandle?]] {
        guard let callType = network.ruleBase.queryCallType, callType >= 0, callType < network.ruleBase.types.count,
              network.ruleBase.rules.contains(where: { $0.isQuery && $0.name == name }) else {
            throw RuleError.unknownQuery(name)
        }
        try beginMatching()
        defer { matching = false }
        let width = network.ruleBase.types[callType].fields.count
        var fields = [ContractValue.string(name)] + arguments.prefix(max(width - 1, 0))
        while fields.count < width { fields.append(.null) }
        fields = Array(fields.prefix(width))
        let savedClock = clock
        queryRows = []
        let handle = addFact(type: callType, fields: fields)
        // In a canonical order (alternative by alternative, then by the facts matched, oldest
        // first), not the order the memories hold them in, which differs in a stored session's
        // rebuilt memories.
        let rows = (queryRows ?? []).sorted { $0.key < $1.key }.map(\.row)
        queryRows = nil
        if let fact = slot(of: handle) {
            factByHandle[handle.id] = -1
            remove(fact)
        }
        // The call leaves no trace: its handle number and timestamp are given back.
        if nextFact == handle.id + 1, factByHandle.count == handle.id + 1 {
            nextFact -= 1
            factByHandle.removeLast()
        }
        clock = savedClock
        try checkGas()
        return rows.map { Array($0.dropFirst()) }
    }

    /// A query's terminal node made a token: one result row while a query runs.
    func collectQueryRow(_ token: Int32) {
        guard queryRows != nil else { return }
        charge(costs.ruleActivation)
        queryRows?.append((storedKey(rule: Int(nodes[Int(tokens[Int(token)].node)].rule), token: token), handles(of: token)))
    }
}

extension RuleSession {
    /// The handle the next inserted fact will get.
    public var nextHandle: FactHandle { FactHandle(nextFact) }

    /// Charges for handing `count` facts to the owner (`facts(Type)`, query results): one alpha
    /// test each.
    public func chargeListing(_ count: Int) {
        charge(costs.ruleAlphaTest * Int64(count))
    }

    /// Objects a fact refers to, copied or taken in (1 gas each, as a listing), and the memory of
    /// `fields` fields kept for them.
    public func chargeObjects(_ count: Int, fields: Int) {
        charge(costs.ruleAlphaTest * Int64(count))
        if fields > 0 { noteMemory(Int64(fields) * costs.ruleFieldBytes) }
    }
}
