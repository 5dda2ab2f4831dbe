import CMTVM

/// The Rete network of a rule base: alpha memories shared by patterns with the same type and
/// constant tests, and for each rule a chain of join, `not`/`exists` and `eval` nodes ending in a
/// terminal node. Equality joins are hash-indexed on both sides. Each session builds its own
/// network (the memories are the session's state).
public final class ReteNetwork {
    public let ruleBase: RuleBase
    let root: RootNode
    private(set) var alphaMemoriesByType: [Int: [AlphaMemory]] = [:]
    /// The nodes of each rule, in chain order (for explanations).
    private(set) var ruleNodes: [[BetaNode]] = []

    public init(_ ruleBase: RuleBase) {
        self.ruleBase = ruleBase
        root = RootNode(rule: -1)
        var shared: [AlphaKey: AlphaMemory] = [:]
        for (index, rule) in ruleBase.rules.enumerated() {
            var chain: [BetaNode] = []
            guard rule.enabled else {
                ruleNodes.append(chain)
                continue
            }
            var parent: BetaNode = root
            var position = 0
            for condition in rule.conditions {
                let node: BetaNode
                switch condition {
                case .pattern(let pattern), .not(let pattern), .exists(let pattern):
                    let alphaTests = pattern.constraints.filter(\.isAlpha)
                    let betaTests = pattern.constraints.filter { !$0.isAlpha }
                    let key = AlphaKey(type: pattern.type, tests: alphaTests)
                    let memory: AlphaMemory
                    if let existing = shared[key] {
                        memory = existing
                    } else {
                        memory = AlphaMemory(type: pattern.type, tests: alphaTests)
                        shared[key] = memory
                        alphaMemoriesByType[pattern.type, default: []].append(memory)
                    }
                    let joinKey = Self.joinKey(betaTests, before: position)
                    if case .pattern = condition {
                        node = JoinNode(rule: index, alpha: memory, constraints: betaTests, key: joinKey)
                    } else {
                        let isExists = if case .exists = condition { true } else { false }
                        node = NegativeNode(rule: index, alpha: memory, constraints: betaTests, key: joinKey, isExists: isExists)
                    }
                    memory.successors.append(node)
                    position += 1
                case .eval(let predicate):
                    node = FilterNode(rule: index, predicate: predicate)
                }
                parent.children.append(node)
                chain.append(node)
                parent = node
            }
            let terminal = TerminalNode(rule: index)
            parent.children.append(terminal)
            chain.append(terminal)
            ruleNodes.append(chain)
        }
    }

    func alphaMemories(ofType type: Int) -> [AlphaMemory] { alphaMemoriesByType[type] ?? [] }

    /// Every top-level `field == earlierPattern.field` test, used together to index the join.
    static func joinKey(_ tests: [Constraint], before position: Int) -> JoinKey? {
        var fields: [Int] = []
        var sources: [(pattern: Int, field: Int)] = []
        for test in tests {
            if case .compare(let field, .equal, .factField(let pattern, let other)) = test, pattern < position {
                fields.append(field)
                sources.append((pattern, other))
            }
        }
        return fields.isEmpty ? nil : JoinKey(fields: fields, sources: sources)
    }

    /// Alpha memories are shared between patterns of the same type with the same constant tests.
    struct AlphaKey: Hashable {
        let type: Int
        let tests: [Constraint]
    }
}

extension RuleSession {
    /// Why `rule` has no activation: the first condition of its left-hand side that nothing passes,
    /// or nil when it has an activation (or has fired and may again).
    public func whyNot(rule name: String) -> String? {
        guard let index = network.ruleBase.rules.firstIndex(where: { $0.name == name }) else { return "there is no rule '\(name)'" }
        let rule = network.ruleBase.rules[index]
        guard rule.enabled else { return "rule '\(name)' is disabled" }
        let chain = network.ruleNodes[index]
        for (position, node) in chain.enumerated() where node.tokens.isEmpty {
            if node is TerminalNode { return "rule '\(name)' matched, but its activations have fired or were cancelled" }
            let condition = rule.conditions[position]
            let typeName = { (type: Int) in type < self.network.ruleBase.types.count ? self.network.ruleBase.types[type].name : "#\(type)" }
            switch condition {
            case .pattern(let pattern):
                let alpha = (node as? JoinNode)?.alpha
                if alpha?.facts.isEmpty ?? true {
                    return "condition \(position + 1) of '\(name)': no \(typeName(pattern.type)) fact passes its constant tests"
                }
                return "condition \(position + 1) of '\(name)': no \(typeName(pattern.type)) fact joins with the facts matched before it"
            case .not(let pattern):
                return "condition \(position + 1) of '\(name)': a \(typeName(pattern.type)) fact exists that the 'not' excludes"
            case .exists(let pattern):
                return "condition \(position + 1) of '\(name)': no \(typeName(pattern.type)) fact exists"
            case .eval:
                return "condition \(position + 1) of '\(name)': the eval is false"
            }
        }
        return nil
    }
}
