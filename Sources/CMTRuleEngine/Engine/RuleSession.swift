import CMTBytecode
import CMTVM

/// What the engine asks of its owner: the value of predicates (compiled CMT expressions) and the
/// running of consequences, which may call back into the session (insert, update, retract, halt,
/// setFocus).
public protocol RuleCallbacks: AnyObject {
    /// Whether predicate `id` holds for the facts matched so far (nil at `not`/`exists` positions).
    func evaluate(predicate id: Int, facts: [FactHandle?], session: RuleSession) -> Bool
    /// Runs the consequence of `rule` with the facts its left-hand side matched.
    func fire(rule: Int, facts: [FactHandle?], session: RuleSession) throws
    /// The salience of a new activation of a rule whose salience is expression `id`
    /// (``RuleDefinition/salienceExpression``), for the facts it matched.
    func salience(_ id: Int, facts: [FactHandle?], session: RuleSession) -> Int
    /// Whether `rule` may fire now (its activation at the top of the agenda is dropped otherwise):
    /// rules with `date-effective`/`date-expires` fire only within their window of block time.
    func mayFire(rule: Int, session: RuleSession) -> Bool
    /// The value of function `id` (a `from` source, an accumulate argument) for the facts matched
    /// so far; nil when it has none. Defaults to nil (`RuleSession+Groups.swift`).
    func value(of id: Int, facts: [FactHandle?], session: RuleSession) -> ContractValue?
}

extension RuleCallbacks {
    /// Owners without salience expressions need not say: every one is 0.
    public func salience(_ id: Int, facts: [FactHandle?], session: RuleSession) -> Int { 0 }
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
    /// The engine's memory for this command would pass the call's heap limit.
    case heapLimit
    case consequenceFailed(rule: String, reason: String)
    /// `insertLogical` outside a consequence: there is no activation to justify the fact.
    case logicalOutsideConsequence
    case unknownQuery(String)
    /// A constraint, `eval` or salience expression tried to change working memory while it was
    /// being matched.
    case changeWhileMatching

    public var description: String {
        switch self {
        case .unknownFact(let handle): "no fact \(handle) in the session"
        case .unknownType(let type): "no fact type #\(type)"
        case .wrongFieldCount(let type, let expected, let found): "a \(type) has \(expected) fields, not \(found)"
        case .outOfGas: "out of gas"
        case .heapLimit: "out of memory: the rules engine's working memory would pass the call's heap limit (--heap-mib)"
        case .consequenceFailed(let rule, let reason): "rule '\(rule)' failed: \(reason)"
        case .logicalOutsideConsequence: "insertLogical is only possible in a rule's consequence"
        case .unknownQuery(let name): "there is no query '\(name)'"
        case .changeWhileMatching: "a constraint, eval or salience expression cannot insert, update, retract or fire"
        }
    }
}

/// One firing, for `fired` history and explanations.
public struct Firing: Sendable, Hashable {
    public var rule: String
    public var facts: [FactHandle?]
}

/// What sets a rule apart on the activation path.
enum RuleFlags {
    static let query: UInt8 = 1
    static let lockOnActive: UInt8 = 2
    static let salienceExpression: UInt8 = 4
    static let logical: UInt8 = 8
    static let autoFocus: UInt8 = 16
}

/// The gas the engine charges for its work, read from ``GasSchedule/current`` (docs/gas.md, section 7).
public enum RuleGas {
    public static var insert: Int64 { GasSchedule.current.ruleInsert }
    public static var retract: Int64 { GasSchedule.current.ruleRetract }
    public static var alphaTest: Int64 { GasSchedule.current.ruleAlphaTest }
    public static var joinProbe: Int64 { GasSchedule.current.ruleJoinProbe }
    public static var token: Int64 { GasSchedule.current.ruleToken }
    public static var activation: Int64 { GasSchedule.current.ruleActivation }
    public static var firing: Int64 { GasSchedule.current.ruleFiring }
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
    /// The left token of each node right after the root: the root token (0), except for a
    /// `not`/`exists` node, which keeps its blocker and output in a token of its own (several
    /// rules may start with one, and each needs its own state).
    @exclusivity(unchecked) var rootTokenOf: [Int32] = []
    /// While a fact's alpha memory tells its join nodes (``propagate(_:)``): the fact, the memory
    /// and the node being told. A join further down the same rule that reads the same memory and
    /// has not been told yet skips the fact on a left activation: it joins it when told (a
    /// self-join would otherwise match the pair twice).
    @exclusivity(unchecked) var propagating: (fact: Int32, memory: Int32, node: Int32) = (-1, -1, -1)
    /// Tokens each node holds (for explanations).
    @exclusivity(unchecked) var nodeTokenCount: [Int32] = []
    /// Join keys of more than four values: the values after the third, interned as one ID.
    @exclusivity(unchecked) var keyTuples: [[Int32]: Int32] = [:]
    @exclusivity(unchecked) var agenda = Agenda()
    @exclusivity(unchecked) var ruleGroups: [Int32] = []
    @exclusivity(unchecked) var gas: Int64 = 0
    /// Tokens deleted so far (lets a fact's match-list clean-up be skipped when none died).
    @exclusivity(unchecked) var tokenDeaths = 0
    /// Group and `from` nodes' memories (`RuleSession+Groups.swift`).
    @exclusivity(unchecked) var groupMemory = GroupMemory()
    let stride: Int
    /// ``GasSchedule/current``, read once: the hot paths charge from this copy.
    let costs = GasSchedule.current
    /// The network's tables, held here so the hot paths read them without going through `network`.
    let nodes: [NodeInfo]
    let betaTests: [BetaTest]
    let generalConstraints: [Constraint]
    let keySources: [KeySource]
    let alphaInfo: [AlphaInfo]
    let alphaIndexInfo: [AlphaIndexInfo]
    let ruleSalience: [Int]
    let ruleNoLoop: [Bool]
    /// Each rule's ``RuleFlags`` (one read on the activation path).
    let ruleFlags: [UInt8]
    /// The salience expression of each rule (-1: its salience is a constant).
    let ruleSalienceExpression: [Int]
    /// Truth maintenance (RuleSession+Truth.swift): the state of logically inserted facts.
    @exclusivity(unchecked) var truth = TruthState()
    /// Facts retracted by truth maintenance, in order; the owner may read and empty the list.
    public var retractedByTruth: [FactHandle] = []
    /// The matches a running query has collected (RuleSession+Query.swift), by pattern position.
    var queryRows: [(key: ActivationKey, row: [FactHandle?])]?
    /// While an update re-matches a fact: the pending activations of locked (`lock-on-active`)
    /// rules that it removed, by rule and facts; the same match coming back keeps its activation.
    var lockedPending: Set<[Int]>?
    /// Whether any rule has `lock-on-active` (so that other sessions skip its bookkeeping).
    let anyLockOnActive: Bool
    /// ``TruthState/enabled``, as a plain flag the hot paths test.
    @exclusivity(unchecked) var truthEnabled = false
    /// Whether deleting a token has bookkeeping to do: truth maintenance, or an update re-matching
    /// in a session with `lock-on-active` rules.
    @exclusivity(unchecked) var deleteHooks = false
    /// The terminal token of the activation whose consequence is running, and its generation.
    var firingToken: (token: Int32, generation: UInt32)?
    /// The rule and facts (handle IDs, 0 at `not`/`exists` positions) of the firing activation.
    var firingKey: [Int]?
    /// How many facts the firing match holds (its positions that are not `not`/`exists`).
    @exclusivity(unchecked) var firingFactCount = 0
    /// True while a change is being matched (code run then must not change working memory).
    @exclusivity(unchecked) var matching = false
    @exclusivity(unchecked) var nextFact = 1
    @exclusivity(unchecked) var clock = 0
    @exclusivity(unchecked) var activationSequence = 0
    /// The rule whose consequence is running (for `no-loop`).
    var firingRule: Int?
    @exclusivity(unchecked) var halted = false
    public private(set) var history: [Firing] = []
    /// Gas charged so far, and the limit (nil: unlimited).
    public var gasUsed: Int64 { gas }
    @exclusivity(unchecked) public var gasLimit: Int64?
    /// Engine memory counted so far (``GasSchedule`` rule memory sizes: facts, tokens, activations,
    /// firings; never decreases) and the limit on it (nil: unlimited). Passing the limit stops the
    /// change in progress: the session then refuses every command (its owner drops it).
    @exclusivity(unchecked) public internal(set) var memoryUsed = 0
    @exclusivity(unchecked) public var memoryLimit: Int?
    @exclusivity(unchecked) var exhausted = false

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
        ruleFlags = ruleBase.rules.map { rule in
            (rule.isQuery ? RuleFlags.query : 0) | (rule.lockOnActive ? RuleFlags.lockOnActive : 0)
                | (rule.salienceExpression != nil ? RuleFlags.salienceExpression : 0) | (rule.insertsLogically ? RuleFlags.logical : 0)
                | (rule.autoFocus ? RuleFlags.autoFocus : 0)
        }
        ruleSalienceExpression = ruleBase.rules.map { $0.salienceExpression ?? -1 }
        anyLockOnActive = ruleBase.rules.contains(where: \.lockOnActive)
        nodeTokenCount = Array(repeating: 0, count: nodes.count)
        alphaLists = Array(repeating: AlphaList(), count: network.alphas.count)
        unindexedLeftList = Array(repeating: -1, count: nodes.count)
        for (id, node) in nodes.enumerated() where node.alphaIndex < 0 && (node.kind == .join || node.kind == .negative || node.kind == .group) {
            unindexedLeftList[id] = Int32(leftLists.count)
            leftLists.append(ListHead())
            leftAlphaBucket.append(-1)
        }
        ruleGroups = ruleBase.rules.map { agenda.group($0.agendaGroup) }
        groupMemory = GroupMemory(network)
        // Token 0: the root token, the left input of the rules' first nodes.
        _ = allocateToken(parent: -1, node: 0, fact: -1)
        nodeTokenCount[0] = 1
        rootTokenOf = Array(repeating: 0, count: nodes.count)
        for child in network.rootChildren {
            if nodes[Int(child)].kind == .negative { rootTokenOf[Int(child)] = allocateToken(parent: -1, node: 0, fact: -1) }
            leftActivate(child, rootTokenOf[Int(child)])
        }
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
        try beginMatching()
        defer { matching = false }
        guard type >= 0, type < network.ruleBase.types.count else { throw RuleError.unknownType(type) }
        let factType = network.ruleBase.types[type]
        guard fields.count == factType.fields.count else {
            throw RuleError.wrongFieldCount(type: factType.name, expected: factType.fields.count, found: fields.count)
        }
        if truthEnabled, let existing = statedOverride(type: type, fields: fields) {
            settleTruth()
            return existing
        }
        let handle = addFact(type: type, fields: fields)
        if truthEnabled {
            indexForTruth(handle)
            settleTruth()
        }
        try checkGas()
        return handle
    }

    /// Makes a fact and propagates it (no checks).
    func addFact(type: Int, fields: [ContractValue]) -> FactHandle {
        let handle = FactHandle(nextFact)
        nextFact += 1
        factByHandle.append(-1)
        clock += 1
        let fact = makeFact(handle: handle.id, type: type, fields: fields)
        charge(RuleGas.insert)
        propagate(fact)
        return handle
    }

    /// Replaces a fact's fields: it is matched again as if retracted and inserted, keeping its handle.
    public func update(_ handle: FactHandle, fields: [ContractValue]) throws {
        try beginMatching()
        defer { matching = false }
        guard let fact = slot(of: handle) else { throw RuleError.unknownFact(handle) }
        let type = Int(facts[Int(fact)].type)
        let count = Int(facts[Int(fact)].fieldCount)
        guard fields.count == count else {
            throw RuleError.wrongFieldCount(type: network.ruleBase.types[type].name, expected: count, found: fields.count)
        }
        if truthEnabled {
            unindexForTruth(handle)
            if truth.justifying > 0 { truth.parked = ParkedSupports() }
        }
        if anyLockOnActive {
            lockedPending = []
            deleteHooks = true
        }
        defer {
            lockedPending = nil
            deleteHooks = truthEnabled
        }
        remove(fact)
        clock += 1
        let fresh = makeFact(handle: handle.id, type: type, fields: fields)
        charge(RuleGas.insert)
        propagate(fresh)
        if truthEnabled {
            indexForTruth(handle)
            unparkSupports()
            settleTruth()
        }
        try checkGas()
    }

    public func retract(_ handle: FactHandle) throws {
        try beginMatching()
        defer { matching = false }
        guard let fact = slot(of: handle) else { throw RuleError.unknownFact(handle) }
        if truthEnabled {
            unindexForTruth(handle)
            truth.logical[handle.id] = nil
        }
        factByHandle[handle.id] = -1
        charge(RuleGas.retract)
        remove(fact)
        if truthEnabled { settleTruth() }
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
        guard !matching else { throw RuleError.changeWhileMatching }
        halted = false
        var fired = 0
        // Groups are active (for lock-on-active) from their first firing to the end of this call.
        defer { agenda.deactivateAll() }
        while !halted, limit.map({ fired < $0 }) ?? true, let next = agenda.next() {
            let activation = agenda.slots[Int(next)]
            agenda.markActive(activation.group)
            let ruleIndex = Int(activation.rule)
            let matched = handles(of: activation.token)
            tokens[Int(activation.token)].activation = -1
            agenda.remove(next)
            if let callbacks, !callbacks.mayFire(rule: ruleIndex, session: self) { continue }
            let rule = network.ruleBase.rules[ruleIndex]
            if let group = rule.activationGroup { cancelActivationGroup(group) }
            charge(costs.ruleFiring)
            noteMemory(costs.ruleFiringBytes)
            try checkGas()
            history.append(Firing(rule: rule.name, facts: matched.map { $0.flatMap { $0.id > 0 ? $0 : nil } }))
            firingRule = ruleIndex
            firingToken = (activation.token, tokens[Int(activation.token)].generation)
            // Drools: what this match justified before (it fired, then an update kept it) is
            // justified again only if the consequence inserts it logically again.
            let previous = truthEnabled ? truth.supports.removeValue(forKey: activation.token) ?? [] : []
            if ruleFlags[ruleIndex] & RuleFlags.logical != 0 {
                firingKey = [ruleIndex] + matched.map { $0?.id ?? 0 }
                firingFactCount = matched.count { $0 != nil }
            }
            defer {
                firingRule = nil
                firingToken = nil
                firingKey = nil
            }
            do {
                try callbacks?.fire(rule: ruleIndex, facts: matched, session: self)
            } catch let error as RuleError {
                throw error
            } catch {
                throw RuleError.consequenceFailed(rule: rule.name, reason: "\(error)")
            }
            if truthEnabled {
                truth.ended.append(contentsOf: previous)
                settleTruth()
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
            return (network.ruleBase.rules[Int(activation.rule)].name, handles(of: activation.token).map { $0.flatMap { $0.id > 0 ? $0 : nil } })
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

    /// Marks the start of a change; a change from code run while another is matched is refused.
    func beginMatching() throws {
        guard !matching else { throw RuleError.changeWhileMatching }
        if exhausted { throw RuleError.heapLimit }
        matching = true
    }

    // MARK: Gas

    @inline(__always) func charge(_ amount: Int64) { gas &+= amount }

    func checkGas() throws {
        if exhausted { throw RuleError.heapLimit }
        if let gasLimit, gas > gasLimit { throw RuleError.outOfGas }
    }

    // MARK: Memory

    /// Counts `bytes` of engine memory and charges their gas. Past the memory limit the session is
    /// exhausted: propagation stops making tokens and the command fails with ``RuleError/heapLimit``.
    @inline(__always) func noteMemory(_ bytes: Int64) {
        memoryUsed &+= Int(bytes)
        let perGas = costs.ruleMemoryBytesPerGas
        charge((bytes + perGas - 1) / perGas)
        if let memoryLimit, memoryUsed > memoryLimit { exhausted = true }
    }
}
