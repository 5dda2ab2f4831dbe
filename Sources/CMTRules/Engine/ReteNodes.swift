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
    var tokens: [Token] = []
    /// Tokens of `not`/`exists` nodes this fact matches.
    var negativeMatches: [(node: NegativeNode, token: Token)] = []

    init(handle: FactHandle, type: Int, fields: [ContractValue], timestamp: Int) {
        self.handle = handle
        self.type = type
        self.fields = fields
        self.timestamp = timestamp
    }
}

/// A partial match: the facts matched by the patterns so far, by position (nil for `not`/`exists`).
final class Token {
    let parent: Token?
    let facts: [FactRecord?]
    unowned let node: BetaNode
    var children: [Token] = []
    var activation: Activation?
    var isAlive = true
    /// Where the token sits in its node's memory and in its fact's token list (swap-remove).
    var memorySlot = 0
    var factSlot = -1

    init(parent: Token?, facts: [FactRecord?], node: BetaNode) {
        self.parent = parent
        self.facts = facts
        self.node = node
    }

    /// The newest timestamp among the facts matched.
    var recency: Int { facts.reduce(0) { max($0, $1?.timestamp ?? 0) } }
}

/// The facts of one type that pass some constant tests, shared by every pattern with the same tests.
final class AlphaMemory {
    let type: Int
    let tests: [Constraint]
    var facts: [FactRecord] = []
    /// Join and `not`/`exists` nodes that read this memory, in creation order.
    var successors: [BetaNode] = []
    /// Facts by the value of one field, built on first use by an indexed join.
    var indexes: [Int: [ContractValue: [FactRecord]]] = [:]

    init(type: Int, tests: [Constraint]) {
        self.type = type
        self.tests = tests
    }

    func index(on field: Int) -> [ContractValue: [FactRecord]] {
        if let existing = indexes[field] { return existing }
        var built: [ContractValue: [FactRecord]] = [:]
        for fact in facts where field < fact.fields.count { built[fact.fields[field], default: []].append(fact) }
        indexes[field] = built
        return built
    }

    func add(_ fact: FactRecord) {
        facts.append(fact)
        for field in indexes.keys where field < fact.fields.count {
            indexes[field]?[fact.fields[field], default: []].append(fact)
        }
    }

    func remove(_ fact: FactRecord) {
        if let position = facts.firstIndex(where: { $0 === fact }) { facts.remove(at: position) }
        for field in indexes.keys where field < fact.fields.count {
            let key = fact.fields[field]
            if var bucket = indexes[field]?[key], let position = bucket.firstIndex(where: { $0 === fact }) {
                bucket.remove(at: position)
                indexes[field]?[key] = bucket.isEmpty ? nil : bucket
            }
        }
    }
}

/// An equality between a field of the incoming fact and a field of an earlier fact, used to index
/// both sides of a join.
struct JoinKey {
    let field: Int
    let pattern: Int
    let patternField: Int
}

/// A node of the beta network. Each node keeps the tokens that passed it (its output memory) and
/// passes new ones to its children.
class BetaNode {
    var children: [BetaNode] = []
    var tokens: [Token] = []
    /// The rule this node belongs to (for explanations).
    let rule: Int

    init(rule: Int) { self.rule = rule }

    /// A token of the parent's memory arrived.
    func leftActivate(_ token: Token, _ session: RuleSession) {}
    /// A token of the parent's memory is being removed.
    func leftRemove(_ token: Token, _ session: RuleSession) {}
    /// A fact arrived in the alpha memory this node reads.
    func rightActivate(_ fact: FactRecord, _ session: RuleSession) {}

    /// Stores `token` as passed and hands it to the children.
    final func emit(_ token: Token, _ session: RuleSession) {
        token.memorySlot = tokens.count
        tokens.append(token)
        token.parent?.children.append(token)
        if let fact = token.facts.last ?? nil, token.node is JoinNode {
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
    /// The parent's tokens by the value the key reads from them.
    var leftIndex: [ContractValue: [Token]] = [:]
    var leftTokens: [Token] = []

    init(rule: Int, alpha: AlphaMemory, constraints: [Constraint], key: JoinKey?) {
        self.alpha = alpha
        self.constraints = constraints
        self.key = key
        super.init(rule: rule)
    }

    func keyValue(of token: Token) -> ContractValue? {
        guard let key, key.pattern < token.facts.count, let fact = token.facts[key.pattern],
              key.patternField < fact.fields.count else { return nil }
        return fact.fields[key.patternField]
    }

    override func leftActivate(_ token: Token, _ session: RuleSession) {
        if let key {
            guard let value = keyValue(of: token) else { return }
            leftIndex[value, default: []].append(token)
            for fact in alpha.index(on: key.field)[value] ?? [] {
                session.join(token, fact, self)
                if !token.isAlive { return }
            }
        } else {
            leftTokens.append(token)
            for fact in alpha.facts {
                session.join(token, fact, self)
                if !token.isAlive { return }
            }
        }
    }

    override func leftRemove(_ token: Token, _ session: RuleSession) {
        if key != nil {
            guard let value = keyValue(of: token), var bucket = leftIndex[value] else { return }
            if let position = bucket.firstIndex(where: { $0 === token }) { bucket.remove(at: position) }
            leftIndex[value] = bucket.isEmpty ? nil : bucket
        } else if let position = leftTokens.firstIndex(where: { $0 === token }) {
            leftTokens.remove(at: position)
        }
    }

    override func rightActivate(_ fact: FactRecord, _ session: RuleSession) {
        let candidates: [Token]
        if let key {
            guard key.field < fact.fields.count else { return }
            candidates = leftIndex[fact.fields[key.field]] ?? []
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
    /// Per input token: how many facts match, and the token passed on (if any).
    var state: [ObjectIdentifier: (count: Int, output: Token?)] = [:]
    var leftIndex: [ContractValue: [Token]] = [:]
    var leftTokens: [Token] = []

    init(rule: Int, alpha: AlphaMemory, constraints: [Constraint], key: JoinKey?, isExists: Bool) {
        self.alpha = alpha
        self.constraints = constraints
        self.key = key
        self.isExists = isExists
        super.init(rule: rule)
    }

    func keyValue(of token: Token) -> ContractValue? {
        guard let key, key.pattern < token.facts.count, let fact = token.facts[key.pattern],
              key.patternField < fact.fields.count else { return nil }
        return fact.fields[key.patternField]
    }

    override func leftActivate(_ token: Token, _ session: RuleSession) {
        var count = 0
        let candidates: [FactRecord]
        if let key {
            guard let value = keyValue(of: token) else { return }
            leftIndex[value, default: []].append(token)
            candidates = alpha.index(on: key.field)[value] ?? []
        } else {
            leftTokens.append(token)
            candidates = alpha.facts
        }
        for fact in candidates where session.matches(token, fact, constraints) {
            count += 1
            fact.negativeMatches.append((self, token))
        }
        state[ObjectIdentifier(token)] = (count, nil)
        if (count == 0) != isExists { pass(token, session) }
    }

    func pass(_ token: Token, _ session: RuleSession) {
        let output = Token(parent: token, facts: token.facts + [nil], node: self)
        state[ObjectIdentifier(token)]?.output = output
        emit(output, session)
    }

    override func leftRemove(_ token: Token, _ session: RuleSession) {
        state[ObjectIdentifier(token)] = nil
        if key != nil {
            guard let value = keyValue(of: token), var bucket = leftIndex[value] else { return }
            if let position = bucket.firstIndex(where: { $0 === token }) { bucket.remove(at: position) }
            leftIndex[value] = bucket.isEmpty ? nil : bucket
        } else if let position = leftTokens.firstIndex(where: { $0 === token }) {
            leftTokens.remove(at: position)
        }
    }

    override func rightActivate(_ fact: FactRecord, _ session: RuleSession) {
        let candidates: [Token]
        if let key {
            guard key.field < fact.fields.count else { return }
            candidates = leftIndex[fact.fields[key.field]] ?? []
        } else {
            candidates = leftTokens
        }
        for token in candidates where token.isAlive && session.matches(token, fact, constraints) {
            guard var entry = state[ObjectIdentifier(token)] else { continue }
            entry.count += 1
            state[ObjectIdentifier(token)] = entry
            fact.negativeMatches.append((self, token))
            if entry.count == 1 {
                if isExists {
                    pass(token, session)
                } else if let output = entry.output {
                    state[ObjectIdentifier(token)]?.output = nil
                    session.delete(output)
                }
            }
        }
    }

    /// A fact that matched `token` is gone.
    func rightRemoved(_ token: Token, _ session: RuleSession) {
        guard token.isAlive, var entry = state[ObjectIdentifier(token)] else { return }
        entry.count -= 1
        state[ObjectIdentifier(token)] = entry
        guard entry.count == 0 else { return }
        if isExists {
            if let output = entry.output {
                state[ObjectIdentifier(token)]?.output = nil
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

    override func leftActivate(_ token: Token, _ session: RuleSession) {
        guard session.evaluate(predicate, token.facts) else { return }
        emit(Token(parent: token, facts: token.facts, node: self), session)
    }
}

/// The end of a rule's chain: each token that reaches it is an activation.
final class TerminalNode: BetaNode {
    override func leftActivate(_ token: Token, _ session: RuleSession) {
        let output = Token(parent: token, facts: token.facts, node: self)
        emit(output, session)
        session.activate(rule: rule, output)
    }
}
