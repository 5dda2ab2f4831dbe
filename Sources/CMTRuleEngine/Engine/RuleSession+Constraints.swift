import CMTVM

/// Join keys and constraint tests: what decides whether a candidate fact joins a token.
extension RuleSession {
    // MARK: Keys

    /// The join key a left token presents to `info`'s node.
    @inline(__always) func leftKey(_ info: NodeInfo, _ token: Int32) -> JoinKeyValue {
        let count = Int(info.keyEnd - info.keyStart)
        var key = JoinKeyValue()
        if count <= 4 {
            for slot in 0..<count {
                let source = keySources[Int(info.keyStart) + slot]
                key.set(slot, field(fact(above: token, source.up), source.field))
            }
            return key
        }
        var ids: [Int32] = []
        for slot in 0..<count {
            let source = keySources[Int(info.keyStart) + slot]
            ids.append(field(fact(above: token, source.up), source.field))
        }
        return packKey(ids)
    }

    /// The join key of a fact for alpha index `index`.
    @inline(__always) func factKey(_ fact: Int32, _ index: Int32) -> JoinKeyValue {
        let fields = alphaIndexInfo[Int(index)].fields
        var key = JoinKeyValue()
        if fields.count <= 4 {
            for slot in 0..<fields.count { key.set(slot, field(fact, fields[slot])) }
            return key
        }
        return packKey(fields.map { field(fact, $0) })
    }

    /// A key of more than four values: the first three, then the rest interned as one tuple ID.
    private func packKey(_ ids: [Int32]) -> JoinKeyValue {
        var key = JoinKeyValue()
        for slot in 0..<3 { key.set(slot, ids[slot]) }
        let rest = Array(ids[3...])
        let tuple: Int32
        if let existing = keyTuples[rest] { tuple = existing } else {
            tuple = Int32(keyTuples.count)
            keyTuples[rest] = tuple
        }
        key.set(3, tuple)
        return key
    }

    // MARK: Tests

    /// Whether a candidate fact passes `info`'s constraints after `token` (charges one probe).
    @inline(__always) func matches(_ info: NodeInfo, _ token: Int32, _ fact: Int32) -> Bool {
        charge(costs.ruleJoinProbe)
        var index = Int(info.testStart)
        let end = Int(info.testEnd)
        while index < end {
            if !holds(betaTests[index], token: token, fact: fact, position: Int(info.adds)) { return false }
            index += 1
        }
        return true
    }

    @inline(__always) func holds(_ test: BetaTest, token: Int32, fact: Int32, position: Int) -> Bool {
        switch test.kind {
        case .constant:
            return compare(field(fact, test.field), test.comparison, test.operand)
        case .field:
            let other = test.up < 0 ? fact : self.fact(above: token, test.up)
            return compare(field(fact, test.field), test.comparison, field(other, test.operand))
        case .never:
            return false
        case .general:
            return holds(generalConstraints[Int(test.operand)], token: token, fact: fact, position: position)
        }
    }

    @inline(__always) func compare(_ left: Int32, _ comparison: Comparison, _ right: Int32) -> Bool {
        switch comparison {
        case .equal: return left == right
        case .notEqual: return left != right
        case .less, .lessEqual, .greater, .greaterEqual:
            guard values.isNumber[Int(left)], values.isNumber[Int(right)] else { break }
            let a = values.numbers[Int(left)], b = values.numbers[Int(right)]
            switch comparison {
            case .less: return a < b
            case .lessEqual: return a <= b
            case .greater: return a > b
            default: return a >= b
            }
        default: break
        }
        return ValueComparison.holds(values[left], comparison, values[right])
    }


    /// A constraint the compiler left general, on `fact` as the candidate for `position` after `token`.
    func holds(_ constraint: Constraint, token: Int32, fact: Int32, position: Int) -> Bool {
        switch constraint {
        case .compare(let field, let comparison, let operand):
            guard field >= 0, field < Int(facts[Int(fact)].fieldCount) else { return false }
            let value = values[self.field(fact, Int32(field))]
            switch operand {
            case .constant(let constant):
                return ValueComparison.holds(value, comparison, constant)
            case .factField(let pattern, let otherField):
                let other = pattern == position ? fact : self.fact(of: token, at: pattern)
                guard other >= 0, otherField >= 0, otherField < Int(facts[Int(other)].fieldCount) else { return false }
                return ValueComparison.holds(value, comparison, values[self.field(other, Int32(otherField))])
            }
        case .same(let pattern, let negated):
            return (self.fact(of: token, at: pattern) == fact) != negated
        case .all(let parts): return parts.allSatisfy { holds($0, token: token, fact: fact, position: position) }
        case .any(let parts): return parts.contains { holds($0, token: token, fact: fact, position: position) }
        case .predicate(let id):
            var bound = token >= 0 ? handles(of: token) : []
            bound.append(FactHandle(facts[Int(fact)].handle))
            return evaluate(id, bound)
        }
    }

    func evaluate(_ predicate: Int, _ bound: [FactHandle?]) -> Bool {
        callbacks?.evaluate(predicate: predicate, facts: bound, session: self) ?? false
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
