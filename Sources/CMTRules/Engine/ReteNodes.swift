import CMTVM

/// Identifies a fact in a session. Ids are never reused.
public struct FactHandle: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let id: Int
    public init(_ id: Int) { self.id = id }
    public static func < (a: FactHandle, b: FactHandle) -> Bool { a.id < b.id }
    public var description: String { "f-\(id)" }
}

/// A fact in working memory and every place the network holds it.
final class FactRecord {
    let handle: FactHandle
    let type: Int
    var fields: [ContractValue]
    /// Grows with every insert and update: the fact's recency.
    var timestamp: Int
    var isAlive = true
    var memories: [AlphaMemory] = []
    /// Tokens whose newest fact is this one.
    var tokens: [ReteToken] = []
    /// Tokens of `not`/`exists` nodes this fact matches (dead ones are dropped when the list has
    /// doubled since the last clean-up, so it stays proportional to the live ones).
    var negativeMatches: [(node: NegativeNode, token: ReteToken)] = []
    var negativeCompactionAt = 64

    func noteNegativeMatch(_ node: NegativeNode, _ token: ReteToken) {
        negativeMatches.append((node, token))
        if negativeMatches.count >= negativeCompactionAt {
            negativeMatches.removeAll { !$0.token.isAlive }
            negativeCompactionAt = max(64, 2 * negativeMatches.count)
        }
    }

    init(handle: FactHandle, type: Int, fields: [ContractValue], timestamp: Int) {
        self.handle = handle
        self.type = type
        self.fields = fields
        self.timestamp = timestamp
    }
}

/// A partial match: the facts matched by the patterns so far, by position (nil for `not`/`exists`).
/// A token stores only what its node added (one fact, a `nil` position, or nothing) and finds the
/// others through its parents, so making one allocates no array.
final class ReteToken {
    let parent: ReteToken?
    /// The fact this token added, when it added a position.
    let fact: FactRecord?
    /// Whether this token added a position (a join or `not`/`exists` node).
    let addsPosition: Bool
    /// How many positions the token covers.
    let count: Int
    unowned let node: BetaNode
    var children: [ReteToken] = []
    var activation: Activation?
    var isAlive = true
    /// Where the token sits in its node's memory, its fact's token list, its parent's children and
    /// the next node's left input (so every removal is a swap-remove, never a search).
    var memorySlot = 0
    var factSlot = -1
    var childSlot = -1
    var leftSlot = -1
    /// For a token entering a `not`/`exists` node: the facts that match it, and the token passed on.
    var negativeCount = 0
    var negativeOutput: ReteToken?

    init(parent: ReteToken?, node: BetaNode, adding fact: FactRecord?, addsPosition: Bool) {
        self.parent = parent
        self.fact = fact
        self.addsPosition = addsPosition
        self.count = (parent?.count ?? 0) + (addsPosition ? 1 : 0)
        self.node = node
    }

    /// The fact at `position` (nil for `not`/`exists` positions or out of range).
    func fact(at position: Int) -> FactRecord? {
        guard position >= 0, position < count else { return nil }
        var token: ReteToken? = self
        while let current = token {
            if current.addsPosition, current.count - 1 == position { return current.fact }
            token = current.parent
        }
        return nil
    }

    /// Every position's fact, in order.
    var facts: [FactRecord?] {
        var result = [FactRecord?](repeating: nil, count: count)
        var token: ReteToken? = self
        while let current = token {
            if current.addsPosition { result[current.count - 1] = current.fact }
            token = current.parent
        }
        return result
    }

    /// The newest timestamp among the facts matched.
    var recency: Int {
        var newest = 0
        var token: ReteToken? = self
        while let current = token {
            if let fact = current.fact { newest = max(newest, fact.timestamp) }
            token = current.parent
        }
        return newest
    }
}

/// The facts of one type that pass some constant tests, shared by every pattern with the same tests.
final class AlphaMemory {
    let type: Int
    let tests: [Constraint]
    var facts: [FactRecord] = []
    /// Join and `not`/`exists` nodes that read this memory, in creation order.
    var successors: [BetaNode] = []
    /// Facts by the values of some fields, built on first use by an indexed join.
    var indexes: [[Int]: [[ContractValue]: [FactRecord]]] = [:]

    init(type: Int, tests: [Constraint]) {
        self.type = type
        self.tests = tests
    }

    static func key(_ fact: FactRecord, _ fields: [Int]) -> [ContractValue]? {
        var key: [ContractValue] = []
        key.reserveCapacity(fields.count)
        for field in fields {
            guard field < fact.fields.count else { return nil }
            key.append(fact.fields[field])
        }
        return key
    }

    func index(on fields: [Int]) -> [[ContractValue]: [FactRecord]] {
        if let existing = indexes[fields] { return existing }
        var built: [[ContractValue]: [FactRecord]] = [:]
        for fact in facts {
            if let key = Self.key(fact, fields) { built[key, default: []].append(fact) }
        }
        indexes[fields] = built
        return built
    }

    func add(_ fact: FactRecord) {
        facts.append(fact)
        for fields in indexes.keys {
            if let key = Self.key(fact, fields) { indexes[fields]?[key, default: []].append(fact) }
        }
    }

    func remove(_ fact: FactRecord) {
        if let position = facts.firstIndex(where: { $0 === fact }) { facts.remove(at: position) }
        for fields in indexes.keys {
            guard let key = Self.key(fact, fields), var bucket = indexes[fields]?[key],
                  let position = bucket.firstIndex(where: { $0 === fact }) else { continue }
            bucket.remove(at: position)
            indexes[fields]?[key] = bucket.isEmpty ? nil : bucket
        }
    }
}

/// Equalities between fields of the incoming fact and fields of earlier facts, used to index both
/// sides of a join.
struct JoinKey {
    /// Fields of the incoming fact.
    let fields: [Int]
    /// The earlier (pattern, field) each is equal to.
    let sources: [(pattern: Int, field: Int)]

    func value(of token: ReteToken) -> [ContractValue]? {
        var key: [ContractValue] = []
        key.reserveCapacity(sources.count)
        for source in sources {
            guard let fact = token.fact(at: source.pattern), source.field < fact.fields.count else { return nil }
            key.append(fact.fields[source.field])
        }
        return key
    }

    func value(of fact: FactRecord) -> [ContractValue]? { AlphaMemory.key(fact, fields) }
}

/// A node of the beta network. Each node keeps the tokens that passed it (its output memory) and
/// passes new ones to its children.
class BetaNode {
    var children: [BetaNode] = []
    var tokens: [ReteToken] = []
    /// The rule this node belongs to (for explanations).
    let rule: Int

    init(rule: Int) { self.rule = rule }

    /// A token of the parent's memory arrived.
    func leftActivate(_ token: ReteToken, _ session: RuleSession) {}
    /// A token of the parent's memory is being removed.
    func leftRemove(_ token: ReteToken, _ session: RuleSession) {}
    /// A fact arrived in the alpha memory this node reads.
    func rightActivate(_ fact: FactRecord, _ session: RuleSession) {}

    /// Adds an input token to a left list, remembering its slot.
    final func appendLeft(_ token: ReteToken, to list: inout [ReteToken]) {
        token.leftSlot = list.count
        list.append(token)
    }

    /// Removes an input token from a left list by swapping the last one into its slot.
    final func removeLeft(_ token: ReteToken, from list: inout [ReteToken]) {
        let slot = token.leftSlot
        guard slot >= 0, slot < list.count, list[slot] === token else { return }
        let last = list.count - 1
        if slot != last {
            list[slot] = list[last]
            list[slot].leftSlot = slot
        }
        list.removeLast()
        token.leftSlot = -1
    }

    /// Stores `token` as passed and hands it to the children.
    final func emit(_ token: ReteToken, _ session: RuleSession) {
        token.memorySlot = tokens.count
        tokens.append(token)
        if let parent = token.parent {
            token.childSlot = parent.children.count
            parent.children.append(token)
        }
        if let fact = token.fact, token.node is JoinNode {
            token.factSlot = fact.tokens.count
            fact.tokens.append(token)
        }
        for child in children {
            guard token.isAlive else { return }
            child.leftActivate(token, session)
        }
    }
}

/// The root: one empty token that every rule starts from.
final class RootNode: BetaNode {}

/// Joins the tokens of its parent with the facts of an alpha memory.
final class JoinNode: BetaNode {
    let alpha: AlphaMemory
    let constraints: [Constraint]
    let key: JoinKey?
    /// The parent's tokens by the values the key reads from them.
    var leftIndex: [[ContractValue]: [ReteToken]] = [:]
    var leftTokens: [ReteToken] = []

    init(rule: Int, alpha: AlphaMemory, constraints: [Constraint], key: JoinKey?) {
        self.alpha = alpha
        self.constraints = constraints
        self.key = key
        super.init(rule: rule)
    }

    func keyValue(of token: ReteToken) -> [ContractValue]? { key?.value(of: token) }

    override func leftActivate(_ token: ReteToken, _ session: RuleSession) {
        if let key {
            guard let value = keyValue(of: token) else { return }
            appendLeft(token, to: &leftIndex[value, default: []])
            for fact in alpha.index(on: key.fields)[value] ?? [] {
                session.join(token, fact, self)
                if !token.isAlive { return }
            }
        } else {
            appendLeft(token, to: &leftTokens)
            for fact in alpha.facts {
                session.join(token, fact, self)
                if !token.isAlive { return }
            }
        }
    }

    override func leftRemove(_ token: ReteToken, _ session: RuleSession) {
        if key != nil {
            guard let value = keyValue(of: token) else { return }
            removeLeft(token, from: &leftIndex[value, default: []])
            if leftIndex[value]?.isEmpty == true { leftIndex[value] = nil }
        } else {
            removeLeft(token, from: &leftTokens)
        }
    }

    override func rightActivate(_ fact: FactRecord, _ session: RuleSession) {
        let candidates: [ReteToken]
        if let key {
            guard let value = key.value(of: fact) else { return }
            candidates = leftIndex[value] ?? []
        } else {
            candidates = leftTokens
        }
        for token in candidates where token.isAlive && fact.isAlive {
            session.join(token, fact, self)
        }
    }
}

/// `not` (passes a token while no fact matches) and `exists` (while at least one does).
final class NegativeNode: BetaNode {
    let alpha: AlphaMemory
    let constraints: [Constraint]
    let key: JoinKey?
    let isExists: Bool
    var leftIndex: [[ContractValue]: [ReteToken]] = [:]
    var leftTokens: [ReteToken] = []

    init(rule: Int, alpha: AlphaMemory, constraints: [Constraint], key: JoinKey?, isExists: Bool) {
        self.alpha = alpha
        self.constraints = constraints
        self.key = key
        self.isExists = isExists
        super.init(rule: rule)
    }

    func keyValue(of token: ReteToken) -> [ContractValue]? { key?.value(of: token) }

    override func leftActivate(_ token: ReteToken, _ session: RuleSession) {
        var count = 0
        let candidates: [FactRecord]
        if let key {
            guard let value = keyValue(of: token) else { return }
            appendLeft(token, to: &leftIndex[value, default: []])
            candidates = alpha.index(on: key.fields)[value] ?? []
        } else {
            appendLeft(token, to: &leftTokens)
            candidates = alpha.facts
        }
        for fact in candidates where session.matches(token, fact, constraints) {
            count += 1
            fact.noteNegativeMatch(self, token)
        }
        token.negativeCount = count
        token.negativeOutput = nil
        if (count == 0) != isExists { pass(token, session) }
    }

    func pass(_ token: ReteToken, _ session: RuleSession) {
        let output = ReteToken(parent: token, node: self, adding: nil, addsPosition: true)
        token.negativeOutput = output
        emit(output, session)
    }

    override func leftRemove(_ token: ReteToken, _ session: RuleSession) {
        if key != nil {
            guard let value = keyValue(of: token) else { return }
            removeLeft(token, from: &leftIndex[value, default: []])
            if leftIndex[value]?.isEmpty == true { leftIndex[value] = nil }
        } else {
            removeLeft(token, from: &leftTokens)
        }
    }

    override func rightActivate(_ fact: FactRecord, _ session: RuleSession) {
        let candidates: [ReteToken]
        if let key {
            guard let value = key.value(of: fact) else { return }
            candidates = leftIndex[value] ?? []
        } else {
            candidates = leftTokens
        }
        for token in candidates where token.isAlive && session.matches(token, fact, constraints) {
            token.negativeCount += 1
            fact.noteNegativeMatch(self, token)
            if token.negativeCount == 1 {
                if isExists {
                    pass(token, session)
                } else if let output = token.negativeOutput {
                    token.negativeOutput = nil
                    session.delete(output)
                }
            }
        }
    }

    /// A fact that matched `token` is gone.
    func rightRemoved(_ token: ReteToken, _ session: RuleSession) {
        guard token.isAlive, token.leftSlot >= 0 else { return }
        token.negativeCount -= 1
        guard token.negativeCount == 0 else { return }
        if isExists {
            if let output = token.negativeOutput {
                token.negativeOutput = nil
                session.delete(output)
            }
        } else {
            pass(token, session)
        }
    }
}

/// `eval`: passes the tokens for which a predicate holds.
final class FilterNode: BetaNode {
    let predicate: Int

    init(rule: Int, predicate: Int) {
        self.predicate = predicate
        super.init(rule: rule)
    }

    override func leftActivate(_ token: ReteToken, _ session: RuleSession) {
        guard session.evaluate(predicate, token.facts) else { return }
        emit(ReteToken(parent: token, node: self, adding: nil, addsPosition: false), session)
    }
}

/// The end of a rule's chain: each token that reaches it is an activation.
final class TerminalNode: BetaNode {
    override func leftActivate(_ token: ReteToken, _ session: RuleSession) {
        let output = ReteToken(parent: token, node: self, adding: nil, addsPosition: false)
        emit(output, session)
        session.activate(rule: rule, output)
    }
}
