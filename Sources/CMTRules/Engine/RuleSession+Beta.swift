import CMTVM

/// The beta network at work: left and right activations of join, `not`/`exists`, `eval` and
/// terminal nodes, token deletion, and the tests. The order in which tokens are made and visited
/// is the order of the original object-graph engine, so activations get the same sequence numbers.
extension RuleSession {
    // MARK: Left input

    /// A token of the parent's output arrived at `node`.
    func leftActivate(_ node: Int32, _ token: Int32) {
        let info = nodes[Int(node)]
        switch info.kind {
        case .join, .negative:
            let candidates: Int32
            if info.alphaIndex >= 0 {
                guard info.keyValid else { return }
                let key = leftKey(info, token)
                let left = leftBucket(node, key)
                appendLeft(token, left)
                // Alpha buckets are never removed, so a bucket found once stays the right one.
                var alpha = leftAlphaBucket[Int(left)]
                if alpha < 0, alphaIndexInfo[Int(info.alphaIndex)].valid {
                    alpha = alphaBuckets[BucketKey(owner: info.alphaIndex, key: key)] ?? -1
                    leftAlphaBucket[Int(left)] = alpha
                }
                candidates = alpha
            } else {
                if !info.parentIsRoot { appendLeft(token, unindexedLeftList[Int(node)]) }
                candidates = info.alpha
            }
            if info.kind == .join {
                joinLeft(node, info, token, candidates)
            } else {
                negativeLeft(node, info, token, candidates)
            }
        case .filter:
            guard evaluate(info.predicate, handles(of: token)) else { return }
            emit(allocateToken(parent: token, node: node, fact: -1))
        case .terminal:
            let output = allocateToken(parent: token, node: node, fact: -1)
            emit(output)
            activate(rule: Int(info.rule), output)
        case .root:
            break
        }
    }

    private func joinLeft(_ node: Int32, _ info: NodeInfo, _ token: Int32, _ list: Int32) {
        guard list >= 0 else { return }
        let end = alphaLists[Int(list)].facts.count
        var slot = 0
        while slot < end {
            let fact = alphaLists[Int(list)].facts[slot]
            slot += 1
            if fact < 0 { continue }
            join(token, fact, node, info)
            if !tokens[Int(token)].isAlive { return }
        }
    }

    private func negativeLeft(_ node: Int32, _ info: NodeInfo, _ token: Int32, _ list: Int32) {
        var count: Int32 = 0
        let end = list >= 0 ? alphaLists[Int(list)].facts.count : 0
        var slot = 0
        while slot < end {
            let fact = alphaLists[Int(list)].facts[slot]
            slot += 1
            if fact >= 0, matches(info, token, fact) {
                count += 1
                noteNegativeMatch(fact, node, token)
            }
        }
        tokens[Int(token)].negativeCount = count
        tokens[Int(token)].negativeOutput = -1
        if (count == 0) != info.isExists { pass(node, token) }
    }

    /// A `not`/`exists` node passes `token` on.
    private func pass(_ node: Int32, _ token: Int32) {
        let output = allocateToken(parent: token, node: node, fact: -1)
        tokens[Int(token)].negativeOutput = output
        emit(output)
    }

    /// The left bucket of an indexed node for `key`, made on first use.
    private func leftBucket(_ node: Int32, _ key: JoinKeyValue) -> Int32 {
        let bucket = BucketKey(owner: node, key: key)
        if let list = leftBuckets[bucket] { return list }
        let list = Int32(leftLists.count)
        leftLists.append(ListHead())
        leftAlphaBucket.append(-1)
        leftBuckets.insert(bucket, list)
        return list
    }

    private func appendLeft(_ token: Int32, _ list: Int32) {
        var first = leftLists[Int(list)].first
        var last = leftLists[Int(list)].last
        append(token, .left, first: &first, last: &last)
        leftLists[Int(list)].first = first
        leftLists[Int(list)].last = last
        leftLists[Int(list)].count += 1
        tokens[Int(token)].leftList = list
    }

    // MARK: Right input

    /// A fact arrived in the alpha memory `node` reads.
    func rightActivate(_ node: Int32, _ fact: Int32) {
        let info = nodes[Int(node)]
        if info.parentIsRoot {
            rightVisit(node, info, 0, fact)
            return
        }
        // No token on the left: nothing to join, so no need to look for the bucket.
        guard nodeTokenCount[Int(info.parent)] > 0 else { return }
        let list: Int32
        if info.alphaIndex >= 0 {
            guard alphaIndexInfo[Int(info.alphaIndex)].valid,
                  let bucket = leftBuckets[BucketKey(owner: node, key: factKey(fact, info.alphaIndex))] else { return }
            list = bucket
        } else {
            list = unindexedLeftList[Int(node)]
        }
        var token = leftLists[Int(list)].first
        while token >= 0 {
            let next = tokens[Int(token)].leftNext
            rightVisit(node, info, token, fact)
            token = next
        }
    }

    @inline(__always) private func rightVisit(_ node: Int32, _ info: NodeInfo, _ token: Int32, _ fact: Int32) {
        guard tokens[Int(token)].isAlive else { return }
        if info.kind == .join {
            if facts[Int(fact)].isAlive { join(token, fact, node, info) }
            return
        }
        guard matches(info, token, fact) else { return }
        tokens[Int(token)].negativeCount += 1
        noteNegativeMatch(fact, node, token)
        guard tokens[Int(token)].negativeCount == 1 else { return }
        if info.isExists {
            pass(node, token)
        } else {
            let output = tokens[Int(token)].negativeOutput
            if output >= 0 {
                tokens[Int(token)].negativeOutput = -1
                delete(output)
            }
        }
    }

    /// A fact that matched `token` at negative node `node` is gone.
    func rightRemoved(_ node: Int32, _ token: Int32) {
        guard tokens[Int(token)].isAlive, tokens[Int(token)].leftList >= 0 || nodes[Int(node)].parentIsRoot else { return }
        tokens[Int(token)].negativeCount -= 1
        guard tokens[Int(token)].negativeCount == 0 else { return }
        if nodes[Int(node)].isExists {
            let output = tokens[Int(token)].negativeOutput
            if output >= 0 {
                tokens[Int(token)].negativeOutput = -1
                delete(output)
            }
        } else {
            pass(node, token)
        }
    }

    // MARK: Tokens

    /// Tries token + fact at a join; passes the new token on when every constraint holds.
    @inline(__always) private func join(_ token: Int32, _ fact: Int32, _ node: Int32, _ info: NodeInfo) {
        guard matches(info, token, fact) else { return }
        emit(allocateToken(parent: token, node: node, fact: fact))
    }

    /// Stores a new token in its node's memory and its parent's and fact's lists, and hands it on.
    func emit(_ token: Int32) {
        let slot = tokens[Int(token)]
        let node = Int(slot.node)
        nodeTokenCount[node] += 1
        if slot.parent >= 0 {
            var first = tokens[Int(slot.parent)].firstChild
            var last = tokens[Int(slot.parent)].lastChild
            append(token, .siblings, first: &first, last: &last)
            tokens[Int(slot.parent)].firstChild = first
            tokens[Int(slot.parent)].lastChild = last
        }
        let info = nodes[node]
        if slot.fact >= 0, info.kind == .join {
            var first = facts[Int(slot.fact)].firstToken
            var last = facts[Int(slot.fact)].lastToken
            append(token, .fact, first: &first, last: &last)
            facts[Int(slot.fact)].firstToken = first
            facts[Int(slot.fact)].lastToken = last
        }
        if info.child >= 0, tokens[Int(token)].isAlive { leftActivate(info.child, token) }
    }

    func activate(rule: Int, _ token: Int32) {
        if firingRule == rule, ruleNoLoop[rule] { return }
        charge(RuleGas.activation)
        activationSequence += 1
        let id = agenda.add(ActivationSlot(
            rule: Int32(rule), salience: ruleSalience[rule], recency: recency(of: token), sequence: activationSequence,
            token: token, group: ruleGroups[rule]))
        tokens[Int(token)].activation = id
    }

    /// Removes a token and everything built on it.
    func delete(_ token: Int32) {
        guard tokens[Int(token)].isAlive else { return }
        tokens[Int(token)].generation &+= 1
        tokenDeaths &+= 1
        // Freed before its children (pre-order), so that a rebuilt subtree reuses the slots in the
        // order it makes tokens: see `freeTokens`.
        freeToken(token)
        let slot = tokens[Int(token)]
        nodeTokenCount[Int(slot.node)] -= 1
        if slot.activation >= 0 {
            tokens[Int(token)].activation = -1
            agenda.remove(slot.activation)
        }
        if slot.leftList >= 0 {
            let list = Int(slot.leftList)
            var first = leftLists[list].first
            var last = leftLists[list].last
            swapRemove(token, .left, first: &first, last: &last)
            leftLists[list].first = first
            leftLists[list].last = last
            leftLists[list].count -= 1
            tokens[Int(token)].leftList = -1
        }
        var child = slot.firstChild
        while child >= 0 {
            let next = tokens[Int(child)].nextSibling
            delete(child)
            child = next
        }
        tokens[Int(token)].firstChild = -1
        tokens[Int(token)].lastChild = -1
        if slot.parent >= 0, tokens[Int(slot.parent)].isAlive {
            var first = tokens[Int(slot.parent)].firstChild
            var last = tokens[Int(slot.parent)].lastChild
            swapRemove(token, .siblings, first: &first, last: &last)
            tokens[Int(slot.parent)].firstChild = first
            tokens[Int(slot.parent)].lastChild = last
        }
        if slot.fact >= 0, nodes[Int(slot.node)].kind == .join, facts[Int(slot.fact)].isAlive {
            var first = facts[Int(slot.fact)].firstToken
            var last = facts[Int(slot.fact)].lastToken
            swapRemove(token, .fact, first: &first, last: &last)
            facts[Int(slot.fact)].firstToken = first
            facts[Int(slot.fact)].lastToken = last
        }
    }

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
        charge(RuleGas.joinProbe)
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
