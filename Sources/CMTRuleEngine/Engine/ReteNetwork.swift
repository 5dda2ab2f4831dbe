import CMTVM

/// The Rete network of a rule base, compiled to flat tables: alpha memories shared by patterns with
/// the same type and constant tests, and for each rule a chain of join, `not`/`exists`, `eval`,
/// group (`ReteNetwork+Groups.swift`) and `from` nodes ending in a terminal node. Equality joins are hash-indexed on both sides. Constraints are
/// compiled to ``BetaTest``s over interned value IDs. Each session builds its own network (the
/// session holds the memories; the network is read-only once built).
public final class ReteNetwork {
    public let ruleBase: RuleBase
    /// Node 0 is the root; then each rule's chain in declaration order.
    private(set) var nodes: [NodeInfo] = []
    /// The first node of each enabled rule, in declaration order.
    private(set) var rootChildren: [Int32] = []
    private(set) var tests: [BetaTest] = []
    /// Constraints too rich for a ``BetaTest`` (`all`, `any`, predicates), by index.
    private(set) var generalConstraints: [Constraint] = []
    private(set) var keySources: [KeySource] = []
    var alphas: [AlphaInfo] = []
    var alphaIndexes: [AlphaIndexInfo] = []
    private(set) var alphasByType: [[Int32]] = []
    /// The nodes of each rule, in chain order (for explanations).
    private(set) var ruleNodes: [[Int32]] = []
    /// Group and `from` nodes' programs (see `ReteNetwork+Groups.swift`).
    var groups: [GroupInfo] = []
    /// The constants of the rules, interned: the start of every session's value table.
    private(set) var constants = ValueTable()
    /// The widest fact type (facts are stored with this stride).
    let fieldStride: Int

    public init(_ ruleBase: RuleBase) {
        self.ruleBase = ruleBase
        fieldStride = max(1, ruleBase.types.map(\.fields.count).max() ?? 1)
        alphasByType = Array(repeating: [], count: ruleBase.types.count)
        nodes.append(NodeInfo(kind: .root, rule: -1))
        var shared: [AlphaKey: Int32] = [:]
        for (index, rule) in ruleBase.rules.enumerated() {
            var chain: [Int32] = []
            guard rule.enabled else {
                ruleNodes.append(chain)
                continue
            }
            var parent: Int32 = 0
            var position: Int32 = 0
            /// The chain index and type of each pattern position so far (nil type: not/exists).
            var positions: [(chainIndex: Int32, type: Int, binds: Bool)] = []
            for condition in rule.conditions {
                var node = NodeInfo(kind: .filter, rule: Int32(index))
                node.parentIsRoot = parent == 0
                node.parent = parent
                let chainIndex = Int32(chain.count)
                switch condition {
                case .pattern(let pattern), .not(let pattern), .exists(let pattern):
                    let alphaTests = pattern.constraints.filter(\.isAlpha)
                    let betaTests = pattern.constraints.filter { !$0.isAlpha }
                    let memory = alphaMemory(AlphaKey(type: pattern.type, tests: alphaTests), &shared)
                    node.alpha = memory
                    if case .pattern = condition {
                        node.kind = .join
                    } else {
                        node.kind = .negative
                        if case .exists = condition { node.isExists = true }
                    }
                    node.adds = position
                    node.positions = position + 1
                    let context = PatternContext(position: position, chainIndex: chainIndex, type: pattern.type, earlier: positions)
                    node.testStart = Int32(tests.count)
                    for test in betaTests { tests.append(compile(test, context)) }
                    node.testEnd = Int32(tests.count)
                    compileKey(betaTests, context, memory: memory, into: &node)
                    positions.append((chainIndex, pattern.type, node.kind == .join))
                    position += 1
                case .eval(let predicate):
                    node.predicate = predicate
                    node.positions = position
                case .notAll, .existsAll, .accumulate, .from:
                    let taken = condition.positionCount
                    node.kind = condition.isFrom ? .from : .group
                    node.group = addGroup(condition, base: Int(position), &shared)
                    node.positions = position + Int32(taken)
                    node.adds = groups[Int(node.group)].resultPosition >= 0 ? Int32(groups[Int(node.group)].resultPosition) : -1
                    // Group positions bind no fact a beta test could read (accumulate results and
                    // `from` elements are values; predicates see them).
                    for _ in 0..<taken { positions.append((chainIndex, -1, false)) }
                    position += Int32(taken)
                }
                let id = Int32(nodes.count)
                nodes.append(node)
                if node.alpha >= 0 { alphas[Int(node.alpha)].successors.append(id) }
                if node.kind == .group {
                    for memory in groups[Int(node.group)].alphas where !alphas[Int(memory)].groupSuccessors.contains(id) {
                        alphas[Int(memory)].groupSuccessors.append(id)
                    }
                }
                link(parent, id)
                chain.append(id)
                parent = id
            }
            var terminal = NodeInfo(kind: .terminal, rule: Int32(index))
            terminal.parentIsRoot = parent == 0
            terminal.positions = position
            let id = Int32(nodes.count)
            nodes.append(terminal)
            link(parent, id)
            chain.append(id)
            ruleNodes.append(chain)
        }
    }

    private func link(_ parent: Int32, _ child: Int32) {
        if parent == 0 { rootChildren.append(child) } else { nodes[Int(parent)].child = child }
    }

    /// `type` and every type that extends it, directly or not (walks bounded by the type count).
    func typesMatching(_ type: Int) -> [Int] {
        guard type >= 0, type < ruleBase.types.count else { return [] }
        return ruleBase.types.indices.filter { candidate in
            var next: Int? = candidate
            var steps = 0
            while let current = next, steps <= ruleBase.types.count {
                if current == type { return true }
                next = current >= 0 && current < ruleBase.types.count ? ruleBase.types[current].superclass : nil
                steps += 1
            }
            return false
        }
    }

    private func fieldCount(_ type: Int) -> Int {
        type >= 0 && type < ruleBase.types.count ? ruleBase.types[type].fields.count : 0
    }

    func alphaMemory(_ key: AlphaKey, _ shared: inout [AlphaKey: Int32]) -> Int32 {
        if let existing = shared[key] { return existing }
        let id = Int32(alphas.count)
        var info = AlphaInfo(type: key.type, gasTests: Int64(max(key.tests.count, 1)))
        for test in key.tests {
            info.tests.append(compile(test, PatternContext(position: 0, chainIndex: 0, type: key.type, earlier: [])))
        }
        alphas.append(info)
        shared[key] = id
        // A fact of a subtype is tested by the alpha memories of its base types too (Drools).
        for type in typesMatching(key.type) { alphasByType[type].append(id) }
        return id
    }

    /// Where a pattern sits: what its constraints can refer to.
    struct PatternContext {
        let position: Int32
        let chainIndex: Int32
        let type: Int
        let earlier: [(chainIndex: Int32, type: Int, binds: Bool)]
    }

    /// Compiles one top-level constraint; what a ``BetaTest`` cannot say stays a general constraint.
    private func compile(_ constraint: Constraint, _ context: PatternContext) -> BetaTest {
        guard case .compare(let field, let comparison, let operand) = constraint else {
            generalConstraints.append(constraint)
            return BetaTest(kind: .general, comparison: .equal, operand: Int32(generalConstraints.count - 1))
        }
        let never = BetaTest(kind: .never, comparison: comparison)
        guard field >= 0, field < fieldCount(context.type) else { return never }
        switch operand {
        case .constant(let value):
            return BetaTest(kind: .constant, comparison: comparison, field: Int32(field), operand: constants.intern(value))
        case .factField(let pattern, let other):
            if pattern == Int(context.position) {
                guard other >= 0, other < fieldCount(context.type) else { return never }
                return BetaTest(kind: .field, comparison: comparison, field: Int32(field), operand: Int32(other), up: -1)
            }
            guard pattern >= 0, pattern < context.earlier.count else { return never }
            let source = context.earlier[pattern]
            guard source.binds, other >= 0, other < fieldCount(source.type) else { return never }
            return BetaTest(kind: .field, comparison: comparison, field: Int32(field), operand: Int32(other),
                            up: context.chainIndex - 1 - source.chainIndex)
        }
    }

    /// Every top-level `field == earlierPattern.field` test, used together to index the join: the
    /// left side reads `keySources` from the token, the right side an alpha index on `fields`.
    private func compileKey(_ tests: [Constraint], _ context: PatternContext, memory: Int32, into node: inout NodeInfo) {
        var fields: [Int32] = []
        var sources: [KeySource] = []
        var valid = true
        for test in tests {
            guard case .compare(let field, .equal, .factField(let pattern, let other)) = test,
                  pattern < Int(context.position) else { continue }
            fields.append(Int32(field))
            if pattern >= 0, pattern < context.earlier.count, context.earlier[pattern].binds,
               other >= 0, other < fieldCount(context.earlier[pattern].type) {
                sources.append(KeySource(up: context.chainIndex - 1 - context.earlier[pattern].chainIndex, field: Int32(other)))
            } else {
                valid = false
            }
        }
        guard !fields.isEmpty else { return }
        node.keyValid = valid
        node.keyStart = Int32(keySources.count)
        keySources.append(contentsOf: sources)
        node.keyEnd = Int32(keySources.count)
        let indexValid = fields.allSatisfy { $0 >= 0 && Int($0) < fieldCount(context.type) }
        if let existing = alphas[Int(memory)].indexes.first(where: { alphaIndexes[Int($0)].fields == fields }) {
            node.alphaIndex = existing
        } else {
            node.alphaIndex = Int32(alphaIndexes.count)
            alphaIndexes.append(AlphaIndexInfo(alpha: memory, fields: fields, valid: indexValid))
            alphas[Int(memory)].indexes.append(node.alphaIndex)
        }
    }

    /// Alpha memories are shared between patterns of the same type with the same constant tests.
    struct AlphaKey: Hashable {
        let type: Int
        let tests: [Constraint]
    }
}

/// The kinds of beta node.
enum NodeKind: UInt8 {
    case root, join, negative, filter, terminal
    /// `not`/`exists` over a conjunction, `forall`, `accumulate` (see `RuleSession+Groups.swift`).
    case group
    /// `Pattern from expression`.
    case from
}

/// One beta node: what it reads and where its output goes.
struct NodeInfo {
    var kind: NodeKind
    var rule: Int32
    /// For a negative node: `exists` (passes while a fact matches) rather than `not`.
    var isExists = false
    /// The parent is the root, whose one token is the node's whole left input.
    var parentIsRoot = false
    /// The previous node of the chain (0: the root), whose tokens are this node's left input.
    var parent: Int32 = 0
    /// The next node of the chain (-1 at a terminal).
    var child: Int32 = -1
    var alpha: Int32 = -1
    /// The alpha index the join key probes (-1: the node is not indexed).
    var alphaIndex: Int32 = -1
    /// False when a key field reads a `not`/`exists` position or a missing field: no token ever enters.
    var keyValid = true
    var keyStart: Int32 = 0
    var keyEnd: Int32 = 0
    var testStart: Int32 = 0
    var testEnd: Int32 = 0
    /// The pattern position the node's tokens add (-1: none).
    var adds: Int32 = -1
    /// How many positions the node's tokens cover.
    var positions: Int32 = 0
    var predicate = 0
    /// For group and `from` nodes: the program in `ReteNetwork.groups`.
    var group: Int32 = -1

    init(kind: NodeKind, rule: Int32) {
        self.kind = kind
        self.rule = rule
    }
}

/// A compiled test of a candidate fact against a constant or a field of an earlier fact.
struct BetaTest {
    enum Kind: UInt8 {
        /// `field <comparison> constant` (operand: the constant's value ID).
        case constant
        /// `field <comparison> other fact's field` (operand: the other field; `up`: parents to walk
        /// from the left token to the token that bound it, -1 for the candidate itself).
        case field
        /// A test that can never hold (a missing field or a `not`/`exists` position).
        case never
        /// An `all`, `any` or predicate constraint (operand: its index in `generalConstraints`).
        case general
    }

    var kind: Kind
    var comparison: Comparison
    var field: Int32 = 0
    var operand: Int32 = 0
    var up: Int32 = -1
}

/// Where a join key value comes from on the left: parents to walk up, and the field.
struct KeySource {
    var up: Int32
    var field: Int32
}

/// An alpha memory: the facts of one type passing some constant tests.
struct AlphaInfo {
    var type: Int
    var tests: [BetaTest] = []
    /// Gas units charged per fact tested (the number of tests, at least one).
    var gasTests: Int64
    /// Join and `not`/`exists` nodes that read the memory, in creation order.
    var successors: [Int32] = []
    /// Group nodes whose conjunction reads the memory (told of every fact entering or leaving it).
    var groupSuccessors: [Int32] = []
    var indexes: [Int32] = []

    init(type: Int, gasTests: Int64) {
        self.type = type
        self.gasTests = gasTests
    }
}

/// A hash index of an alpha memory on some fields.
struct AlphaIndexInfo {
    var alpha: Int32
    var fields: [Int32]
    /// False when a field is missing from the type: no fact is ever indexed.
    var valid: Bool
}
