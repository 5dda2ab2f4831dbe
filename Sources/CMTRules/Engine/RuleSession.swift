import CMTVM

/// What the engine asks of its owner: the value of predicates (compiled CMT expressions) and the
/// running of consequences, which may call back into the session (insert, update, retract, halt,
/// setFocus).
public protocol RuleCallbacks: AnyObject {
    /// Whether predicate `id` holds for the facts matched so far (nil at `not`/`exists` positions).
    func evaluate(predicate id: Int, facts: [FactHandle?], session: RuleSession) -> Bool
    /// Runs the consequence of `rule` with the facts its left-hand side matched.
    func fire(rule: Int, facts: [FactHandle?], session: RuleSession) throws
}

/// Why a session operation failed.
public enum RuleError: Error, Equatable, CustomStringConvertible {
    case unknownFact(FactHandle)
    case unknownType(Int)
    case wrongFieldCount(type: String, expected: Int, found: Int)
    case outOfGas
    case consequenceFailed(rule: String, reason: String)

    public var description: String {
        switch self {
        case .unknownFact(let handle): "no fact \(handle) in the session"
        case .unknownType(let type): "no fact type #\(type)"
        case .wrongFieldCount(let type, let expected, let found): "a \(type) has \(expected) fields, not \(found)"
        case .outOfGas: "out of gas"
        case .consequenceFailed(let rule, let reason): "rule '\(rule)' failed: \(reason)"
        }
    }
}

/// One firing, for `fired` history and explanations.
public struct Firing: Sendable, Hashable {
    public var rule: String
    public var facts: [FactHandle?]
}

/// The gas the engine charges for its work (schedule version 1; docs/rules.md).
public enum RuleGas {
    public static let insert: Int64 = 20
    public static let alphaTest: Int64 = 1
    public static let joinProbe: Int64 = 2
    public static let activation: Int64 = 5
    public static let firing: Int64 = 10
}

/// A working memory over a compiled network: facts come and go incrementally, and only what a
/// change touches is recomputed. Deterministic: the same operations give the same firings.
public final class RuleSession {
    public let network: ReteNetwork
    public weak var callbacks: (any RuleCallbacks)?
    var facts: [Int: FactRecord] = [:]
    var nextFact = 1
    var clock = 0
    var activationSequence = 0
    var agenda = Agenda()
    var root: ReteToken
    /// The rule whose consequence is running (for `no-loop`).
    var firingRule: Int?
    var halted = false
    public private(set) var history: [Firing] = []
    /// Gas charged so far, and the limit (nil: unlimited).
    public private(set) var gasUsed: Int64 = 0
    public var gasLimit: Int64?

    /// A session with its own network for `ruleBase` (the memories are the session's state).
    public init(ruleBase: RuleBase, callbacks: (any RuleCallbacks)? = nil) {
        let network = ReteNetwork(ruleBase)
        self.network = network
        self.callbacks = callbacks
        self.root = ReteToken(parent: nil, node: network.root, adding: nil, addsPosition: false)
        network.root.tokens = [root]
        for child in network.root.children { child.leftActivate(root, self) }
    }

    // MARK: Working memory

    public func insert(type: Int, fields: [ContractValue]) throws -> FactHandle {
        guard type >= 0, type < network.ruleBase.types.count else { throw RuleError.unknownType(type) }
        let factType = network.ruleBase.types[type]
        guard fields.count == factType.fields.count else {
            throw RuleError.wrongFieldCount(type: factType.name, expected: factType.fields.count, found: fields.count)
        }
        let handle = FactHandle(nextFact)
        nextFact += 1
        clock += 1
        let record = FactRecord(handle: handle, type: type, fields: fields, timestamp: clock)
        facts[handle.id] = record
        charge(RuleGas.insert)
        propagate(record)
        try checkGas()
        return handle
    }

    /// Replaces a fact's fields: it is matched again as if retracted and inserted, keeping its handle.
    public func update(_ handle: FactHandle, fields: [ContractValue]) throws {
        guard let record = facts[handle.id] else { throw RuleError.unknownFact(handle) }
        guard fields.count == record.fields.count else {
            throw RuleError.wrongFieldCount(type: network.ruleBase.types[record.type].name, expected: record.fields.count, found: fields.count)
        }
        remove(record)
        clock += 1
        let fresh = FactRecord(handle: handle, type: record.type, fields: fields, timestamp: clock)
        facts[handle.id] = fresh
        charge(RuleGas.insert)
        propagate(fresh)
        try checkGas()
    }

    public func retract(_ handle: FactHandle) throws {
        guard let record = facts[handle.id] else { throw RuleError.unknownFact(handle) }
        facts[handle.id] = nil
        remove(record)
        try checkGas()
    }

    public func fields(of handle: FactHandle) -> [ContractValue]? { facts[handle.id]?.fields }
    public func type(of handle: FactHandle) -> Int? { facts[handle.id]?.type }

    /// Every fact (of one type, if given) in insertion order.
    public func handles(ofType type: Int? = nil) -> [FactHandle] {
        facts.values.filter { type == nil || $0.type == type }.map(\.handle).sorted()
    }

    // MARK: Firing

    /// Fires activations in conflict-resolution order until none is left, `halt()`, or `limit`;
    /// returns how many fired.
    @discardableResult
    public func fire(limit: Int? = nil) throws -> Int {
        halted = false
        var fired = 0
        while !halted, limit.map({ fired < $0 }) ?? true, let activation = agenda.next() {
            activation.isLive = false
            let rule = network.ruleBase.rules[activation.rule]
            if let group = rule.activationGroup { cancelActivationGroup(group) }
            charge(RuleGas.firing)
            try checkGas()
            history.append(Firing(rule: rule.name, facts: activation.facts))
            firingRule = activation.rule
            defer { firingRule = nil }
            do {
                try callbacks?.fire(rule: activation.rule, facts: activation.facts, session: self)
            } catch let error as RuleError {
                throw error
            } catch {
                throw RuleError.consequenceFailed(rule: rule.name, reason: "\(error)")
            }
            fired += 1
        }
        return fired
    }

    public func halt() { halted = true }

    public func setFocus(_ group: String) { agenda.setFocus(group) }

    /// The activations waiting, in the order they would fire within each group.
    public var pendingActivations: [(rule: String, facts: [FactHandle?])] {
        agenda.live.map { (network.ruleBase.rules[$0.rule].name, $0.facts) }
    }

    private func cancelActivationGroup(_ group: String) {
        for activation in agenda.live where network.ruleBase.rules[activation.rule].activationGroup == group {
            agenda.cancel(activation)
        }
    }

    // MARK: Gas

    func charge(_ amount: Int64) { gasUsed &+= amount }

    func checkGas() throws {
        if let gasLimit, gasUsed > gasLimit { throw RuleError.outOfGas }
    }

    // MARK: Propagation (called by the nodes)

    func propagate(_ record: FactRecord) {
        for memory in network.alphaMemories(ofType: record.type) {
            charge(RuleGas.alphaTest * Int64(max(memory.tests.count, 1)))
            guard memory.tests.allSatisfy({ test($0, record, nil) }) else { continue }
            memory.add(record)
            record.memories.append(memory)
            for successor in memory.successors {
                guard record.isAlive else { return }
                successor.rightActivate(record, self)
            }
        }
    }

    func remove(_ record: FactRecord) {
        record.isAlive = false
        for memory in record.memories { memory.remove(record) }
        record.memories.removeAll()
        for token in record.tokens where token.isAlive { delete(token) }
        record.tokens.removeAll()
        let matches = record.negativeMatches
        record.negativeMatches.removeAll()
        for (node, token) in matches { node.rightRemoved(token, self) }
    }

    /// Tries token + fact at a join; passes the new token on when every constraint holds.
    func join(_ token: ReteToken, _ fact: FactRecord, _ node: JoinNode) {
        guard matches(token, fact, node.constraints) else { return }
        node.emit(ReteToken(parent: token, node: node, adding: fact, addsPosition: true), self)
    }

    func matches(_ token: ReteToken, _ fact: FactRecord, _ constraints: [Constraint]) -> Bool {
        charge(RuleGas.joinProbe)
        for constraint in constraints where !test(constraint, fact, token) { return false }
        return true
    }

    func evaluate(_ predicate: Int, _ bound: [FactRecord?]) -> Bool {
        callbacks?.evaluate(predicate: predicate, facts: bound.map { $0?.handle }, session: self) ?? false
    }

    /// Whether `constraint` holds for `fact`, the candidate for the position after `token`'s (or,
    /// with no token, on its own: alpha tests).
    func test(_ constraint: Constraint, _ fact: FactRecord, _ token: ReteToken?) -> Bool {
        switch constraint {
        case .compare(let field, let comparison, let operand):
            guard field < fact.fields.count else { return false }
            switch operand {
            case .constant(let value):
                return ValueComparison.holds(fact.fields[field], comparison, value)
            case .factField(let pattern, let otherField):
                let other = pattern == (token?.count ?? 0) ? fact : token?.fact(at: pattern)
                guard let other, otherField < other.fields.count else { return false }
                return ValueComparison.holds(fact.fields[field], comparison, other.fields[otherField])
            }
        case .all(let parts): return parts.allSatisfy { test($0, fact, token) }
        case .any(let parts): return parts.contains { test($0, fact, token) }
        case .predicate(let id): return evaluate(id, (token?.facts ?? []) + [fact])
        }
    }

    func activate(rule: Int, _ token: ReteToken) {
        if firingRule == rule, network.ruleBase.rules[rule].noLoop { return }
        charge(RuleGas.activation)
        activationSequence += 1
        let definition = network.ruleBase.rules[rule]
        let activation = Activation(
            rule: rule, facts: token.facts.map { $0?.handle }, salience: definition.salience, recency: token.recency,
            sequence: activationSequence, token: token, group: definition.agendaGroup)
        token.activation = activation
        agenda.add(activation)
    }

    /// Removes a token and everything built on it.
    func delete(_ token: ReteToken) {
        guard token.isAlive else { return }
        token.isAlive = false
        let node = token.node
        let last = node.tokens.count - 1
        if token.memorySlot <= last, node.tokens[token.memorySlot] === token {
            if token.memorySlot != last {
                node.tokens[token.memorySlot] = node.tokens[last]
                node.tokens[token.memorySlot].memorySlot = token.memorySlot
            }
            node.tokens.removeLast()
        }
        if let activation = token.activation, activation.isLive { agenda.cancel(activation) }
        for child in node.children { child.leftRemove(token, self) }
        for child in token.children { delete(child) }
        token.children.removeAll()
        if let parent = token.parent, parent.isAlive {
            let slot = token.childSlot
            let last = parent.children.count - 1
            if slot >= 0, slot <= last, parent.children[slot] === token {
                if slot != last {
                    parent.children[slot] = parent.children[last]
                    parent.children[slot].childSlot = slot
                }
                parent.children.removeLast()
            }
        }
        if token.factSlot >= 0, let fact = token.fact, fact.isAlive {
            let lastSlot = fact.tokens.count - 1
            if token.factSlot <= lastSlot, fact.tokens[token.factSlot] === token {
                if token.factSlot != lastSlot {
                    fact.tokens[token.factSlot] = fact.tokens[lastSlot]
                    fact.tokens[token.factSlot].factSlot = token.factSlot
                }
                fact.tokens.removeLast()
            }
        }
    }
}

/// The comparisons of constraints on contract values: numbers by value, strings by their bytes,
/// everything else only by equality.
enum ValueComparison {
    static func holds(_ left: ContractValue, _ comparison: Comparison, _ right: ContractValue) -> Bool {
        switch comparison {
        case .equal: return left == right
        case .notEqual: return left != right
        case .less, .lessEqual, .greater, .greaterEqual:
            guard let order = order(left, right) else { return false }
            switch comparison {
            case .less: return order < 0
            case .lessEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        case .contains, .notContains:
            let found: Bool
            switch left {
            case .array(let elements): found = elements.contains(right)
            case .string(let text):
                if case .string(let part) = right { found = text.contains(part) } else { found = false }
            default: found = false
            }
            return found == (comparison == .contains)
        case .memberOf, .notMemberOf:
            guard case .array(let elements) = right else { return comparison == .notMemberOf }
            return elements.contains(left) == (comparison == .memberOf)
        }
    }

    static func order(_ left: ContractValue, _ right: ContractValue) -> Int? {
        switch (left, right) {
        case (.number(let a), .number(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)):
            return Array(a.utf8).lexicographicallyPrecedes(b.utf8) ? -1 : (a == b ? 0 : 1)
        default: return nil
        }
    }
}
