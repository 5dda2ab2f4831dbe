/// Compiling group conditions (`not`/`exists` over several patterns, `forall`, `accumulate`) and
/// `from` into the programs their nodes run.
extension ReteNetwork {
    /// Adds the program of a group or `from` condition whose first position is `base`; returns its index.
    func addGroup(_ condition: Condition, base: Int, _ shared: inout [AlphaKey: Int32]) -> Int32 {
        var info: GroupInfo
        switch condition {
        case .notAll(let inner), .existsAll(let inner):
            let isNot = if case .notAll = condition { true } else { false }
            info = GroupInfo(kind: isNot ? .not : .exists, base: base)
            var next = base
            info.steps = steps(inner, &next, &info, &shared)
            info.monotonic = inner.allSatisfy(\.isMonotonic)
        case .accumulate(let accumulate):
            info = GroupInfo(kind: .accumulate, base: base)
            var next = base
            info.steps = steps(accumulate.source, &next, &info, &shared)
            info.monotonic = accumulate.source.allSatisfy(\.isMonotonic)
            info.functions = accumulate.functions
            info.constraints = accumulate.constraints
            info.finish = accumulate.finish ?? -1
            info.resultPosition = next
        case .from(let pattern, let source):
            info = GroupInfo(kind: .from, base: base)
            info.source = source
            info.type = pattern.type
            info.constraints = pattern.constraints
            info.resultPosition = base
        default:
            info = GroupInfo(kind: .not, base: base)
        }
        if info.steps.count == 1, case .pattern(let alpha, _, _, _, _) = info.steps[0] { info.singleAlpha = alpha }
        if info.kind != .from { info.width = condition.positionCount - (info.kind == .accumulate ? 1 : 0) }
        groups.append(info)
        return Int32(groups.count - 1)
    }

    private func steps(_ elements: [GroupElement], _ next: inout Int, _ info: inout GroupInfo,
                       _ shared: inout [AlphaKey: Int32]) -> [GroupStep] {
        var result: [GroupStep] = []
        for element in elements {
            switch element {
            case .pattern(let pattern):
                let memory = alphaMemory(AlphaKey(type: pattern.type, tests: pattern.constraints.filter(\.isAlpha)), &shared)
                if !info.alphas.contains(memory) { info.alphas.append(memory) }
                let (index, keys) = groupIndex(pattern, memory: memory, position: next)
                result.append(.pattern(alpha: memory, position: next, constraints: pattern.constraints.filter { !$0.isAlpha },
                                       index: index, keys: keys))
                next += 1
            case .same(let position, let pattern):
                result.append(.same(of: position, type: pattern.type, position: next, constraints: pattern.constraints))
                next += 1
            case .not(let inner):
                result.append(.not(steps(inner, &next, &info, &shared)))
            case .exists(let inner):
                result.append(.exists(steps(inner, &next, &info, &shared)))
            case .eval(let predicate):
                result.append(.eval(predicate))
            case .from(let pattern, let source):
                result.append(.from(source: source, position: next, constraints: pattern.constraints))
                next += 1
            }
        }
        return result
    }
}

extension ReteNetwork {
    /// An alpha index for a group's pattern on its `field == earlier.field` tests (up to four), so
    /// that matching the conjunction looks candidates up by key instead of scanning the memory.
    fileprivate func groupIndex(_ pattern: Pattern, memory: Int32, position: Int) -> (Int32, [GroupKey]) {
        var fields: [Int32] = []
        var keys: [GroupKey] = []
        let count = pattern.type >= 0 && pattern.type < ruleBase.types.count ? ruleBase.types[pattern.type].fields.count : 0
        for constraint in pattern.constraints where keys.count < 4 {
            guard case .compare(let field, .equal, .factField(let other, let otherField)) = constraint,
                  other < position, other >= 0, field >= 0, field < count, otherField >= 0 else { continue }
            fields.append(Int32(field))
            keys.append(GroupKey(position: other, field: otherField))
        }
        guard !keys.isEmpty else { return (-1, []) }
        if let existing = alphas[Int(memory)].indexes.first(where: { alphaIndexes[Int($0)].fields == fields }) {
            return (existing, keys)
        }
        let index = Int32(alphaIndexes.count)
        alphaIndexes.append(AlphaIndexInfo(alpha: memory, fields: fields, valid: true))
        alphas[Int(memory)].indexes.append(index)
        return (index, keys)
    }
}

/// Where a group pattern's index key value comes from: a field of the fact at an earlier position.
struct GroupKey {
    var position: Int
    var field: Int
}

extension Condition {
    var isFrom: Bool { if case .from = self { true } else { false } }
}

/// What a group or `from` node computes for each token on its left.
struct GroupInfo {
    enum Kind { case not, exists, accumulate, from }
    var kind: Kind
    /// The first pattern position of the group.
    var base: Int
    /// How many positions the conjunction takes (from `base`).
    var width = 0
    var steps: [GroupStep] = []
    /// No negation inside: a new fact can only add matches, a removed one only remove those it is in.
    var monotonic = true
    /// When the conjunction is one pattern: its alpha memory (a new fact is then probed alone).
    var singleAlpha: Int32 = -1
    /// Every alpha memory the conjunction reads.
    var alphas: [Int32] = []
    var functions: [AccumulateCall] = []
    /// Tests on the accumulate result or on a `from` element (at `resultPosition`).
    var constraints: [Constraint] = []
    /// The position of the accumulate result or `from` element (-1: none).
    var resultPosition = -1
    /// For `from`: the value function and the pattern's fact type.
    var source = 0
    var type = -1
    /// For a custom accumulate: the value function computing its result (-1: none).
    var finish = -1

    init(kind: Kind, base: Int) {
        self.kind = kind
        self.base = base
    }
}

/// One step of a group's conjunction, matched by nested loops over alpha memories.
indirect enum GroupStep {
    /// A fact of `alpha` at `position` passing `constraints` (the memory did the constant tests);
    /// with an `index` (>= 0), candidates are looked up by the values of `keys`.
    case pattern(alpha: Int32, position: Int, constraints: [Constraint], index: Int32, keys: [GroupKey])
    /// The fact at position `of`, if it has type `type` and passes `constraints`, again at `position`.
    case same(of: Int, type: Int, position: Int, constraints: [Constraint])
    case not([GroupStep])
    case exists([GroupStep])
    case eval(Int)
    /// Each element of the value of function `source`, at `position`, passing `constraints`.
    case from(source: Int, position: Int, constraints: [Constraint])
}
