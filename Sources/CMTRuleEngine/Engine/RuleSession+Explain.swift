extension RuleSession {
    /// Why `rule` has no activation: the first condition of its left-hand side that nothing passes,
    /// or nil when it has an activation (or has fired and may again).
    public func whyNot(rule name: String) -> String? {
        guard let index = network.ruleBase.rules.firstIndex(where: { $0.name == name }) else { return "there is no rule '\(name)'" }
        let rule = network.ruleBase.rules[index]
        guard rule.enabled else { return "rule '\(name)' is disabled" }
        let chain = network.ruleNodes[index]
        let types = network.ruleBase.types
        let typeName = { (type: Int) in type >= 0 && type < types.count ? types[type].name : "#\(type)" }
        for (position, node) in chain.enumerated() where nodeTokenCount[Int(node)] == 0 {
            let info = nodes[Int(node)]
            if info.kind == .terminal { return "rule '\(name)' matched, but its activations have fired or were cancelled" }
            switch rule.conditions[position] {
            case .pattern(let pattern):
                if info.alpha < 0 || alphaLists[Int(info.alpha)].count == 0 {
                    return "condition \(position + 1) of '\(name)': no \(typeName(pattern.type)) fact passes its constant tests"
                }
                return "condition \(position + 1) of '\(name)': no \(typeName(pattern.type)) fact joins with the facts matched before it"
            case .not(let pattern):
                return "condition \(position + 1) of '\(name)': a \(typeName(pattern.type)) fact exists that the 'not' excludes"
            case .exists(let pattern):
                return "condition \(position + 1) of '\(name)': no \(typeName(pattern.type)) fact exists"
            case .eval:
                return "condition \(position + 1) of '\(name)': the eval is false"
            case .notAll:
                return "condition \(position + 1) of '\(name)': facts exist that match what the 'not' (or 'forall') excludes"
            case .existsAll:
                return "condition \(position + 1) of '\(name)': nothing matches the 'exists'"
            case .accumulate:
                return "condition \(position + 1) of '\(name)': the accumulate result fails its constraints (or has no value)"
            case .from:
                return "condition \(position + 1) of '\(name)': no element of the 'from' source passes the pattern"
            }
        }
        return nil
    }
}
