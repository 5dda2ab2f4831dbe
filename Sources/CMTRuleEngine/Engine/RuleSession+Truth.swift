import CMTVM

/// The truth maintenance of logically inserted facts (`insertLogical`), as in Drools: the
/// activation whose consequence inserts a fact logically justifies it, and when the last match
/// that justified it stops holding (a fact it matched is retracted or updated so that it no longer
/// matches, or a `not` it passed is contradicted) the fact is retracted. docs/rules.md has the
/// rules for equal facts.
struct TruthState {
    /// On from the session's first logical insertion: from then on every fact is indexed by its
    /// contents, so that equal facts are found.
    var enabled = false
    /// Facts by contents (type, then each field's value ID), handle IDs in insertion order.
    var byContents: [[Int32]: [Int]] = [:]
    /// The contents key each indexed fact was filed under.
    var keys: [Int: [Int32]] = [:]
    /// Logical facts: how many justifications each has, by handle ID.
    var logical: [Int: Int] = [:]
    /// The logical facts each justifying terminal token supports, by token.
    var supports: [Int32: [Int]] = [:]
    /// Facts whose justification ended, one entry per justification, not yet settled, in order.
    var ended: [Int] = []
    /// During an update: the justifications of the matches it removed, until the same matches
    /// come back (nil outside updates).
    var parked: ParkedSupports?

    /// How many tokens justify facts (tested on every token deletion, so it must be cheap).
    var justifying: Int { supports.count }
}

extension RuleSession {
    /// Inserts a fact justified by the activation whose consequence is running. An equal logical
    /// fact already there gets this justification too (the facts are shared: nothing is inserted);
    /// when an equal fact was inserted plainly (stated), nothing happens. Gives the fact, or nil
    /// when nothing was inserted or justified (an equal stated fact, or the firing match is gone).
    @discardableResult
    public func insertLogical(type: Int, fields: [ContractValue]) throws -> FactHandle? {
        guard type >= 0, type < network.ruleBase.types.count else { throw RuleError.unknownType(type) }
        let factType = network.ruleBase.types[type]
        guard fields.count == factType.fields.count else {
            throw RuleError.wrongFieldCount(type: factType.name, expected: factType.fields.count, found: fields.count)
        }
        guard let firing = firingToken else { throw RuleError.logicalOutsideConsequence }
        try beginMatching()
        defer { matching = false }
        // The consequence already undid its own match (it updated or retracted a fact it matched).
        guard tokens[Int(firing.token)].generation == firing.generation else { return nil }
        enableTruth()
        let key = contentsKey(type: type, fields: fields)
        let equal = truth.byContents[key] ?? []
        if equal.contains(where: { truth.logical[$0] == nil }) { return nil }
        if let shared = equal.first {
            truth.logical[shared, default: 0] += 1
            truth.supports[firing.token, default: []].append(shared)
            try checkGas()
            return FactHandle(shared)
        }
        let handle = addFact(type: type, fields: fields)
        guard slot(of: handle) != nil else { return nil }
        indexForTruth(handle)
        truth.logical[handle.id] = 1
        truth.supports[firing.token, default: []].append(handle.id)
        settleTruth()
        try checkGas()
        return handle
    }

    /// Whether a fact was inserted logically (and is still justified).
    public func isLogical(_ handle: FactHandle) -> Bool { truth.logical[handle.id] != nil }

    /// A plain insert of a fact equal to a logical one: that fact becomes stated (it keeps its
    /// handle, loses its justifications and is no longer retracted automatically), as Drools does.
    func statedOverride(type: Int, fields: [ContractValue]) -> FactHandle? {
        let key = contentsKey(type: type, fields: fields)
        guard let id = truth.byContents[key]?.first(where: { truth.logical[$0] != nil }) else { return nil }
        truth.logical[id] = nil
        charge(RuleGas.insert)
        return FactHandle(id)
    }

    /// Starts indexing facts by contents (charging one alpha test per fact already there).
    private func enableTruth() {
        guard !truth.enabled else { return }
        truth.enabled = true
        truthEnabled = true
        deleteHooks = true
        // Oldest first (by last insert or update), the order later inserts and updates keep, so
        // that a stored session's rebuilt index is the same.
        for handle in handlesByRecency() {
            charge(costs.ruleAlphaTest)
            indexForTruth(handle)
        }
    }

    private func contentsKey(type: Int, fields: [ContractValue]) -> [Int32] {
        [Int32(type)] + fields.map { values.intern($0) }
    }

    func indexForTruth(_ handle: FactHandle) {
        guard let fact = slot(of: handle) else { return }
        let base = Int(fact) * stride
        let key = [facts[Int(fact)].type] + (0..<Int(facts[Int(fact)].fieldCount)).map { fieldIDs[base + $0] }
        truth.byContents[key, default: []].append(handle.id)
        truth.keys[handle.id] = key
    }

    func unindexForTruth(_ handle: FactHandle) {
        guard let key = truth.keys.removeValue(forKey: handle.id), var list = truth.byContents[key] else { return }
        list.removeAll { $0 == handle.id }
        truth.byContents[key] = list.isEmpty ? nil : list
    }

    /// A terminal token is being deleted: the facts it justified lose a justification, unless an
    /// update is re-matching, when they wait for the same match to come back.
    func justificationEnded(_ token: Int32) {
        guard let supported = truth.supports.removeValue(forKey: token) else { return }
        if truth.parked != nil {
            truth.parked?.park(matchKey(rule: Int(nodes[Int(tokens[Int(token)].node)].rule), token), supported)
        } else {
            truth.ended.append(contentsOf: supported)
        }
    }

    /// The rule and facts of a terminal token (handle IDs, 0 at `not`/`exists` positions).
    func matchKey(rule: Int, _ token: Int32) -> [Int] { [rule] + handles(of: token).map { $0?.id ?? 0 } }

    /// A new terminal token of `rule` during an update: a match the update removed and brought
    /// back keeps its justifications (as Drools keeps a modified match's).
    func carryJustification(rule: Int, _ token: Int32) {
        if let supported = truth.parked?.take(matchKey(rule: rule, token)) {
            truth.supports[token, default: []].append(contentsOf: supported)
        }
    }

    /// The firing match was removed by the consequence's own update: when it comes back, it is
    /// the one that justifies what the consequence inserts logically next.
    func followFiringMatch(rule: Int, _ token: Int32) {
        // Walks the token's facts against the firing match, stopping at the first difference
        // (usually the newest fact), so that this costs next to nothing for other matches.
        guard let key = firingKey, key.first == rule else { return }
        var current = token
        var found = 0
        while current > 0 {
            let slot = tokens[Int(current)]
            let adds = Int(nodes[Int(slot.node)].adds)
            if adds >= 0, slot.fact >= 0 {
                guard adds + 1 < key.count, key[adds + 1] == facts[Int(slot.fact)].handle else { return }
                found += 1
            }
            current = slot.parent
        }
        if found == firingFactCount { firingToken = (token, tokens[Int(token)].generation) }
    }

    /// The end of an update: justifications whose match did not come back end.
    func unparkSupports() {
        guard let parked = truth.parked else { return }
        truth.parked = nil
        truth.ended.append(contentsOf: parked.remaining)
    }

    /// Retracts the logical facts that have lost their last justification (which may end others').
    func settleTruth() {
        var next = 0
        while next < truth.ended.count {
            let id = truth.ended[next]
            next += 1
            guard let count = truth.logical[id] else { continue }
            if count > 1 {
                truth.logical[id] = count - 1
                continue
            }
            truth.logical[id] = nil
            guard let fact = slot(of: FactHandle(id)) else { continue }
            unindexForTruth(FactHandle(id))
            factByHandle[id] = -1
            remove(fact)
            retractedByTruth.append(FactHandle(id))
        }
        truth.ended.removeAll(keepingCapacity: true)
    }
}

/// Justifications set aside during an update, by match (rule and facts), in the order they were
/// parked (so that those that end, end in a deterministic order).
struct ParkedSupports {
    private var order: [[Int]] = []
    private var supports: [[Int]: [Int]] = [:]

    mutating func park(_ key: [Int], _ facts: [Int]) {
        if supports[key] == nil { order.append(key) }
        supports[key, default: []].append(contentsOf: facts)
    }

    mutating func take(_ key: [Int]) -> [Int]? { supports.removeValue(forKey: key) }

    /// The facts of the matches that did not come back, in parking order.
    var remaining: [Int] { order.flatMap { supports[$0] ?? [] } }
}
