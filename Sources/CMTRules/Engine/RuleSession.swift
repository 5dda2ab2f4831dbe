import CMTVM

/// What the engine asks of its owner: the value of predicates (compiled CMT expressions) and the
/// running of consequences, which may call back into the session (insert, update, retract, halt,
/// setFocus).
public protocol RuleCallbacks: AnyObject {
    /// Whether predicate `id` holds for the facts matched so far (nil at `not`/`exists` positions).
    func evaluate(predicate id: Int, facts: [FactHandle?], session: RuleSession) -> Bool
    /// Runs the consequence of `rule` with the facts its left-hand side matched.
    func fire(rule: Int, facts: [FactHandle?], session: RuleSession) throws
    /// Whether `rule` may fire now (its activation at the top of the agenda is dropped otherwise):
    /// rules with `date-effective`/`date-expires` fire only within their window of block time.
    func mayFire(rule: Int, session: RuleSession) -> Bool
}

extension RuleCallbacks {
    /// Every rule may fire by default.
    public func mayFire(rule: Int, session: RuleSession) -> Bool { true }
}

/// Identifies a fact in a session. Ids are never reused.
public struct FactHandle: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let id: Int
    public init(_ id: Int) { self.id = id }
    public static func < (a: FactHandle, b: FactHandle) -> Bool { a.id < b.id }
    public var description: String { "f-\(id)" }
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
///
/// The memories are arenas of trivial structs indexed by `Int32` (see `ReteStorage.swift`); the
/// hot paths (`RuleSession+Beta.swift`) touch no reference-counted object. Stored properties opt
/// out of dynamic exclusivity checks: every access is a short read or write of one slot, and no
/// callback runs inside one.
public final class RuleSession {
    public let network: ReteNetwork
    public weak var callbacks: (any RuleCallbacks)?
    @exclusivity(unchecked) var values: ValueTable
    @exclusivity(unchecked) var tokenArena = SlotArena<TokenSlot>()
    /// Freed token slots, reused first in, first out (`freeHead` is the next one): deletion frees a
    /// subtree in pre-order and rebuilding makes tokens in pre-order, so a rebuilt subtree lands in
    /// the slots of the old one in the same order and both walks read memory nearly sequentially.
    @exclusivity(unchecked) var freeTokens: [Int32] = []
    @exclusivity(unchecked) var freeHead = 0
    @exclusivity(unchecked) var factArena = SlotArena<FactSlot>()
    @exclusivity(unchecked) var freeFacts: [Int32] = []
    @exclusivity(unchecked) var fieldIDs: [Int32] = []
    /// The fact slot of each handle id (-1: retracted, or never made).
    @exclusivity(unchecked) var factByHandle: [Int32] = [-1]
    @exclusivity(unchecked) var alphaLinks: [AlphaLink] = []
    @exclusivity(unchecked) var freeAlphaLinks: [Int32] = []
    /// Alpha memory lists (one per memory, first) and alpha index buckets.
    @exclusivity(unchecked) var alphaLists: [AlphaList] = []
    @exclusivity(unchecked) var alphaBuckets = BucketTable()
    /// Left input lists of join and `not`/`exists` nodes: one per unindexed node, one per key of an indexed one.
    @exclusivity(unchecked) var leftLists: [ListHead] = []
    @exclusivity(unchecked) var leftBuckets = BucketTable()
    /// For each left bucket of an indexed node, the alpha bucket with the same key once it exists (-1: not yet).
    @exclusivity(unchecked) var leftAlphaBucket: [Int32] = []
    @exclusivity(unchecked) var unindexedLeftList: [Int32] = []
    /// Tokens each node holds (for explanations).
    @exclusivity(unchecked) var nodeTokenCount: [Int32] = []
    /// Join keys of more than four values: the values after the third, interned as one ID.
    @exclusivity(unchecked) var keyTuples: [[Int32]: Int32] = [:]
    @exclusivity(unchecked) var agenda = Agenda()
    @exclusivity(unchecked) var ruleGroups: [Int32] = []
    @exclusivity(unchecked) var gas: Int64 = 0
    /// Tokens deleted so far (lets a fact's match-list clean-up be skipped when none died).
    @exclusivity(unchecked) var tokenDeaths = 0
    let stride: Int
    /// The network's tables, held here so the hot paths read them without going through `network`.
    let nodes: [NodeInfo]
    let betaTests: [BetaTest]
    let generalConstraints: [Constraint]
    let keySources: [KeySource]
    let alphaInfo: [AlphaInfo]
    let alphaIndexInfo: [AlphaIndexInfo]
    let ruleSalience: [Int]
    let ruleNoLoop: [Bool]
    var nextFact = 1
    var clock = 0
    var activationSequence = 0
    /// The rule whose consequence is running (for `no-loop`).
    var firingRule: Int?
    var halted = false
    public private(set) var history: [Firing] = []
    /// Gas charged so far, and the limit (nil: unlimited).
    public var gasUsed: Int64 { gas }
    public var gasLimit: Int64?

    /// A session with its own network for `ruleBase` (the memories are the session's state).
    public init(ruleBase: RuleBase, callbacks: (any RuleCallbacks)? = nil) {
        let network = ReteNetwork(ruleBase)
        self.network = network
        self.callbacks = callbacks
        values = network.constants
        stride = network.fieldStride
        nodes = network.nodes
        betaTests = network.tests
        generalConstraints = network.generalConstraints
        keySources = network.keySources
        alphaInfo = network.alphas
        alphaIndexInfo = network.alphaIndexes
        ruleSalience = ruleBase.rules.map(\.salience)
        ruleNoLoop = ruleBase.rules.map(\.noLoop)
        nodeTokenCount = Array(repeating: 0, count: nodes.count)
        alphaLists = Array(repeating: AlphaList(), count: network.alphas.count)
        unindexedLeftList = Array(repeating: -1, count: nodes.count)
        for (id, node) in nodes.enumerated() where node.alphaIndex < 0 && (node.kind == .join || node.kind == .negative) {
            unindexedLeftList[id] = Int32(leftLists.count)
            leftLists.append(ListHead())
            leftAlphaBucket.append(-1)
        }
        ruleGroups = ruleBase.rules.map { agenda.group($0.agendaGroup) }
        let root = allocateToken(parent: -1, node: 0, fact: -1)
        nodeTokenCount[0] = 1
        for child in network.rootChildren { leftActivate(child, root) }
    }

    deinit {
        for fact in 0..<factArena.count { facts[fact].matches.release() }
        factArena.release()
        tokenArena.release()
    }

    /// The token slots (see ``SlotArena``).
    var tokens: UnsafeMutablePointer<TokenSlot> { @inline(__always) get { tokenArena.base } }
    /// The fact slots.
    var facts: UnsafeMutablePointer<FactSlot> { @inline(__always) get { factArena.base } }

    // MARK: Working memory

    public func insert(type: Int, fields: [ContractValue]) throws -> FactHandle {
        guard type >= 0, type < network.ruleBase.types.count else { throw RuleError.unknownType(type) }
        let factType = network.ruleBase.types[type]
        guard fields.count == factType.fields.count else {
            throw RuleError.wrongFieldCount(type: factType.name, expected: factType.fields.count, found: fields.count)
        }
        let handle = FactHandle(nextFact)
        nextFact += 1
        factByHandle.append(-1)
        clock += 1
        let fact = makeFact(handle: handle.id, type: type, fields: fields)
        charge(RuleGas.insert)
        propagate(fact)
        try checkGas()
        return handle
    }

    /// Replaces a fact's fields: it is matched again as if retracted and inserted, keeping its handle.
    public func update(_ handle: FactHandle, fields: [ContractValue]) throws {
        guard let fact = slot(of: handle) else { throw RuleError.unknownFact(handle) }
        let type = Int(facts[Int(fact)].type)
        let count = Int(facts[Int(fact)].fieldCount)
        guard fields.count == count else {
            throw RuleError.wrongFieldCount(type: network.ruleBase.types[type].name, expected: count, found: fields.count)
        }
        remove(fact)
        clock += 1
        let fresh = makeFact(handle: handle.id, type: type, fields: fields)
        charge(RuleGas.insert)
        propagate(fresh)
        try checkGas()
    }

    public func retract(_ handle: FactHandle) throws {
        guard let fact = slot(of: handle) else { throw RuleError.unknownFact(handle) }
        factByHandle[handle.id] = -1
        remove(fact)
        try checkGas()
    }

    public func fields(of handle: FactHandle) -> [ContractValue]? {
        guard let fact = slot(of: handle) else { return nil }
        let base = Int(fact) * stride
        return (0..<Int(facts[Int(fact)].fieldCount)).map { values[fieldIDs[base + $0]] }
    }

    public func type(of handle: FactHandle) -> Int? { slot(of: handle).map { Int(facts[Int($0)].type) } }

    /// Every fact (of one type, if given) in insertion order.
    public func handles(ofType type: Int? = nil) -> [FactHandle] {
        factByHandle.indices.compactMap { id in
            let fact = factByHandle[id]
            guard fact >= 0, type.map({ facts[Int(fact)].type == $0 }) ?? true else { return nil }
            return FactHandle(id)
        }
    }

    func slot(of handle: FactHandle) -> Int32? {
        guard handle.id > 0, handle.id < factByHandle.count, factByHandle[handle.id] >= 0 else { return nil }
        return factByHandle[handle.id]
    }

    // MARK: Firing

    /// Fires activations in conflict-resolution order until none is left, `halt()`, or `limit`;
    /// returns how many fired.
    @discardableResult
    public func fire(limit: Int? = nil) throws -> Int {
        halted = false
        var fired = 0
        while !halted, limit.map({ fired < $0 }) ?? true, let next = agenda.next() {
            let activation = agenda.slots[Int(next)]
            let ruleIndex = Int(activation.rule)
            let matched = handles(of: activation.token)
            tokens[Int(activation.token)].activation = -1
            agenda.remove(next)
            if let callbacks, !callbacks.mayFire(rule: ruleIndex, session: self) { continue }
            let rule = network.ruleBase.rules[ruleIndex]
            if let group = rule.activationGroup { cancelActivationGroup(group) }
            charge(RuleGas.firing)
            try checkGas()
            history.append(Firing(rule: rule.name, facts: matched))
            firingRule = ruleIndex
            defer { firingRule = nil }
            do {
                try callbacks?.fire(rule: ruleIndex, facts: matched, session: self)
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
        agenda.live.map { id in
            let activation = agenda.slots[Int(id)]
            return (network.ruleBase.rules[Int(activation.rule)].name, handles(of: activation.token))
        }
    }

    private func cancelActivationGroup(_ group: String) {
        for id in agenda.live where network.ruleBase.rules[Int(agenda.slots[Int(id)].rule)].activationGroup == group {
            cancel(activation: id)
        }
    }

    func cancel(activation id: Int32) {
        let token = agenda.slots[Int(id)].token
        if token >= 0, tokens[Int(token)].activation == id { tokens[Int(token)].activation = -1 }
        agenda.remove(id)
    }

    // MARK: Gas

    @inline(__always) func charge(_ amount: Int64) { gas &+= amount }

    func checkGas() throws {
        if let gasLimit, gas > gasLimit { throw RuleError.outOfGas }
    }
}
