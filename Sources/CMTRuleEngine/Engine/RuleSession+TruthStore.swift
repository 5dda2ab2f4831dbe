import CMTVM

/// A match as a stored session names it: the rule, the facts (nil at positions holding none) and
/// the values bound at positions holding no fact (see ``StoredActivation``).
public struct StoredMatch: Sendable, Hashable, Comparable {
    public var rule: Int
    public var facts: [FactHandle?]
    public var bound: [ContractValue]
    public init(rule: Int, facts: [FactHandle?], bound: [ContractValue] = []) {
        self.rule = rule
        self.facts = facts
        self.bound = bound
    }

    var key: ActivationKey { ActivationKey(rule: rule, facts: facts, bound: bound) }

    public static func < (a: StoredMatch, b: StoredMatch) -> Bool { a.key < b.key }
}

/// What truth maintenance keeps that a stored session must store (whether it is on, and which
/// matches justify each logical fact) and how rebuilt memories get it back. The justifying
/// matches are terminal tokens of the live memories; storage names them by rule and facts.
extension RuleSession {
    /// Every logical fact's justifications, by handle ID (one entry per justification, sorted).
    public func justifications() -> [Int: [StoredMatch]] {
        var result: [Int: [StoredMatch]] = [:]
        for (token, supported) in truth.supports where tokens[Int(token)].isAlive {
            let key = storedKey(rule: Int(nodes[Int(tokens[Int(token)].node)].rule), token: token)
            let match = StoredMatch(rule: key.rule, facts: key.facts, bound: key.bound)
            for id in supported { result[id, default: []].append(match) }
        }
        for id in result.keys { result[id]?.sort() }
        return result
    }

    /// Facts by their last insert or update, oldest first.
    func handlesByRecency() -> [FactHandle] {
        handles().sorted { (timestamp(of: $0) ?? 0) < (timestamp(of: $1) ?? 0) }
    }

    /// After every stored fact is back (``restore(handle:timestamp:type:fields:)``): turns truth
    /// maintenance on as it was (without gas) and gives each logical fact its justifications, the
    /// live matches with the stored rule and facts. False when one names no live match or no fact.
    public func restoreTruth(enabled: Bool, justifications: [Int: [StoredMatch]]) -> Bool {
        guard enabled else { return justifications.isEmpty }
        truth.enabled = true
        truthEnabled = true
        deleteHooks = true
        for handle in handlesByRecency() { indexForTruth(handle) }
        guard !justifications.isEmpty else { return true }
        var matches: [ActivationKey: [Int32]] = [:]
        for token in 0..<Int32(tokenArena.count) where tokens[Int(token)].isAlive && nodes[Int(tokens[Int(token)].node)].kind == .terminal {
            let rule = Int(nodes[Int(tokens[Int(token)].node)].rule)
            guard rule >= 0, rule < ruleFlags.count, ruleFlags[rule] & RuleFlags.query == 0 else { continue }
            matches[storedKey(rule: rule, token: token), default: []].append(token)
        }
        for id in justifications.keys.sorted() {
            guard let list = justifications[id], !list.isEmpty, slot(of: FactHandle(id)) != nil else { return false }
            for match in list {
                guard let token = matches[match.key]?.first else { return false }
                truth.supports[token, default: []].append(id)
            }
            truth.logical[id] = list.count
        }
        return true
    }
}
