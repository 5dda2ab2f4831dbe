import CMTBytecode
import CMTVM

/// Functions of a match whose value the engine needs (a `from` source, an accumulate argument).
extension RuleCallbacks {
    /// The value of function `id` for the facts matched so far; nil when it has none (the default).
    public func value(of id: Int, facts: [FactHandle?], session: RuleSession) -> ContractValue? { nil }
}

extension RuleGas {
    /// Charged per value an accumulate function aggregates when its result is computed.
    public static var accumulateStep: Int64 { GasSchedule.current.ruleAccumulateStep }
}

/// What a group node remembers for one token on its left: the matches of its conjunction (fact
/// slots by position from the group's base; for `not`/`exists` only the first match found, the
/// witness) and, for an accumulate, each match's argument values.
struct GroupMemo {
    var output: Int32 = -1
    var tuples: [[Int32]] = []
    var arguments: [[AccumulatedValue]] = []
    /// Running totals of an accumulate's functions, one per function.
    var accumulators: [Accumulator] = []
    /// The session clock when the conjunction was last matched in full (a fact inserted at that
    /// clock may already be in `tuples`).
    var matchedAt = -1
}

/// The running state of one accumulate function: kept as matches come and go, so a change costs
/// one step. Min and max are recomputed only when the extreme itself leaves; a sum that would
/// leave the decimal range is recomputed from the stored values.
struct Accumulator {
    var sum = Decimal18.zero
    var numbers = 0
    var least: Decimal18?
    var most: Decimal18?
    /// The sum must be recomputed (an intermediate overflow).
    var sumStale = false
    /// Min or max must be recomputed (the extreme was removed).
    var extremesStale = false

    mutating func add(_ value: AccumulatedValue) {
        guard case .value(.number(let number)) = value else { return }
        numbers += 1
        if let next = sum.adding(number) { sum = next } else { sumStale = true }
        if !extremesStale {
            least = least.map { Swift.min($0, number) } ?? number
            most = most.map { Swift.max($0, number) } ?? number
        }
    }

    mutating func remove(_ value: AccumulatedValue) {
        guard case .value(.number(let number)) = value else { return }
        numbers -= 1
        if let next = sum.subtracting(number) { sum = next } else { sumStale = true }
        if least == number || most == number { extremesStale = true }
    }
}

/// One argument value of one accumulate match.
enum AccumulatedValue: Hashable {
    case none
    case value(ContractValue)
    case fact(FactHandle)
}

/// A value bound at a position that holds no fact (see ``BoundValue``), named by a negative handle id.
struct DerivedSlot {
    var id: Int
    var value: BoundValue
}

/// The memories of group and `from` nodes.
struct GroupMemory {
    /// The network has group or `from` nodes (when not, no hook below does any work).
    var enabled = false
    /// Nodes whose tokens are the left input of a group node (their memo is freed with them).
    var feedsGroup: [Bool] = []
    var memos: [GroupMemo] = []
    var freeMemos: [Int32] = []
    /// The memo of a group node right after the root, whose left token (the root's) is shared.
    var rootMemos: [Int32: Int32] = [:]
    var derived: [DerivedSlot] = []
    var freeDerived: [Int32] = []
    var derivedByID: [Int: Int32] = [:]
    var nextDerivedID = 1

    init() {}

    init(_ network: ReteNetwork) {
        enabled = !network.groups.isEmpty
        feedsGroup = Array(repeating: false, count: network.nodes.count)
        for node in network.nodes where node.kind == .group && !node.parentIsRoot { feedsGroup[Int(node.parent)] = true }
    }
}

/// Group nodes (`not`/`exists` over a conjunction, `forall`, `accumulate`) and `from` nodes.
///
/// A group node keeps, for each token on its left, the matches of its conjunction (found by nested
/// loops over the alpha memories it reads, each candidate a join probe). When a fact enters or
/// leaves one of those memories the node re-examines its left tokens: with no negation inside, a
/// new fact is probed alone when the conjunction is one pattern, and a removed fact only drops the
/// matches it is in (a `not`/`exists` looks again only when its witness goes); otherwise the
/// conjunction is matched again. The output token changes when the outcome does: a `not`/`exists`
/// passes or stops; an accumulate whose matches changed replaces its result token, so the rule
/// activates again with the new result, as in Drools.
extension RuleSession {
    // MARK: Bound values

    /// The value bound at a position holding no fact (accumulate result, `from` element), while its match lives.
    public func boundValue(of handle: FactHandle) -> BoundValue? {
        guard handle.id < 0, let slot = groupMemory.derivedByID[-handle.id] else { return nil }
        return groupMemory.derived[Int(slot)].value
    }

    func makeDerived(_ value: BoundValue) -> Int32 {
        let id = groupMemory.nextDerivedID
        groupMemory.nextDerivedID += 1
        let slot: Int32
        if let reused = groupMemory.freeDerived.popLast() {
            slot = reused
            groupMemory.derived[Int(slot)] = DerivedSlot(id: id, value: value)
        } else {
            slot = Int32(groupMemory.derived.count)
            groupMemory.derived.append(DerivedSlot(id: id, value: value))
        }
        groupMemory.derivedByID[id] = slot
        return slot
    }

    func releaseDerived(_ slot: Int32) {
        groupMemory.derivedByID[groupMemory.derived[Int(slot)].id] = nil
        groupMemory.derived[Int(slot)].value = .value(.null)
        groupMemory.freeDerived.append(slot)
    }

    @inline(__always) func derivedHandle(_ slot: Int32) -> FactHandle { FactHandle(-groupMemory.derived[Int(slot)].id) }

    /// Called when a token is deleted: frees what group nodes kept for it.
    func releaseGroupState(_ token: Int32, _ slot: TokenSlot) {
        if slot.fact <= -2 { releaseDerived(-2 - slot.fact) }
        if groupMemory.feedsGroup[Int(slot.node)], slot.negativeCount > 0 {
            let memo = slot.negativeCount - 1
            groupMemory.memos[Int(memo)] = GroupMemo()
            groupMemory.freeMemos.append(memo)
        }
    }

    private func newMemo() -> Int32 {
        if let reused = groupMemory.freeMemos.popLast() { return reused }
        groupMemory.memos.append(GroupMemo())
        return Int32(groupMemory.memos.count - 1)
    }

    private func memo(_ node: Int32, _ token: Int32) -> Int32 {
        token == 0 ? groupMemory.rootMemos[node] ?? -1 : tokens[Int(token)].negativeCount - 1
    }

    /// Matches the group and `from` nodes that start a rule again. A session built before its
    /// owner could answer predicates and value functions (the callbacks were not set yet, or had
    /// no host) calls this once they can, so that e.g. `accumulate(…; $n : count(); $n == 0)`
    /// holds in an empty session.
    public func refreshRootGroups() {
        guard groupMemory.enabled else { return }
        for child in network.rootChildren {
            let info = nodes[Int(child)]
            let group = network.groups.indices.contains(Int(info.group)) ? network.groups[Int(info.group)] : nil
            if info.kind == .group, let group, let memo = groupMemory.rootMemos[child] {
                let output = groupMemory.memos[Int(memo)].output
                if output >= 0 {
                    groupMemory.memos[Int(memo)].output = -1
                    delete(output)
                }
                rematch(group, 0, memo)
                settle(child, group, 0, memo, changed: true)
            } else if info.kind == .from {
                var made: [Int32] = []
                var token = tokens[0].firstChild
                while token >= 0 {
                    if tokens[Int(token)].node == child { made.append(token) }
                    token = tokens[Int(token)].nextSibling
                }
                for token in made { delete(token) }
                fromLeft(child, info, 0)
            }
        }
    }

    // MARK: Left input

    /// A token arrived at a group node.
    func groupLeft(_ node: Int32, _ info: NodeInfo, _ token: Int32) {
        if !info.parentIsRoot { appendLeft(token, unindexedLeftList[Int(node)]) }
        let memo = newMemo()
        // Stored plus one in the token (0: no memo).
        if token == 0 { groupMemory.rootMemos[node] = memo } else { tokens[Int(token)].negativeCount = memo + 1 }
        let group = network.groups[Int(info.group)]
        rematch(group, token, memo)
        settle(node, group, token, memo, changed: true)
    }

    /// A token arrived at a `from` node: one output token per element of the source that passes.
    func fromLeft(_ node: Int32, _ info: NodeInfo, _ token: Int32) {
        let group = network.groups[Int(info.group)]
        guard let value = callbacks?.value(of: group.source, facts: handles(of: token), session: self) else { return }
        for element in Self.elements(value) {
            guard tokens[Int(token)].isAlive else { return }
            charge(costs.ruleJoinProbe)
            let derived = makeDerived(.value(element))
            let handle = derivedHandle(derived)
            if group.constraints.allSatisfy({ holdsElement($0, group, token, element, handle) }) {
                emit(allocateToken(parent: token, node: node, fact: -2 - derived))
            } else {
                releaseDerived(derived)
            }
        }
    }

    // MARK: Right input

    /// A fact entered `memory`, which group node `node` reads.
    func groupRightInsert(_ node: Int32, _ fact: Int32, memory: Int32) {
        let info = nodes[Int(node)]
        let group = network.groups[Int(info.group)]
        forEachLeftToken(node, info) { token in
            let memo = memo(node, token)
            guard memo >= 0 else { return }
            switch group.kind {
            case .not, .exists:
                // A witness stays one when facts are added.
                if group.monotonic, !groupMemory.memos[Int(memo)].tuples.isEmpty { return }
                if group.singleAlpha == memory {
                    guard let tuple = probe(group, token, fact) else { return }
                    groupMemory.memos[Int(memo)].tuples = [tuple]
                } else {
                    rematch(group, token, memo)
                }
                settle(node, group, token, memo, changed: true)
            case .accumulate:
                if group.monotonic, group.singleAlpha == memory {
                    // A token made by this very insert has matched the new fact already.
                    if groupMemory.memos[Int(memo)].matchedAt == clock,
                       groupMemory.memos[Int(memo)].tuples.contains(where: { $0.first == fact }) { return }
                    guard let tuple = probe(group, token, fact) else { return }
                    let arguments = accumulateArguments(group, token, tuple)
                    groupMemory.memos[Int(memo)].tuples.append(tuple)
                    groupMemory.memos[Int(memo)].arguments.append(arguments)
                    for (index, value) in arguments.enumerated() { groupMemory.memos[Int(memo)].accumulators[index].add(value) }
                    charge(RuleGas.accumulateStep * Int64(arguments.count))
                    settle(node, group, token, memo, changed: true)
                } else {
                    let before = groupMemory.memos[Int(memo)].tuples
                    let arguments = groupMemory.memos[Int(memo)].arguments
                    rematch(group, token, memo)
                    // A nested accumulate's result may change with the same facts around it.
                    settle(node, group, token, memo, changed: before != groupMemory.memos[Int(memo)].tuples
                           || arguments != groupMemory.memos[Int(memo)].arguments)
                }
            case .from:
                break
            }
        }
    }

    /// `fact` left memories that group node `node` reads.
    func groupRightRemove(_ node: Int32, _ fact: Int32) {
        let info = nodes[Int(node)]
        let group = network.groups[Int(info.group)]
        forEachLeftToken(node, info) { token in
            let memo = memo(node, token)
            guard memo >= 0 else { return }
            let tuples = groupMemory.memos[Int(memo)].tuples
            if group.monotonic {
                guard tuples.contains(where: { $0.contains(fact) }) else { return }
                if group.kind == .accumulate {
                    var kept: [[Int32]] = []
                    var arguments: [[AccumulatedValue]] = []
                    for (index, tuple) in tuples.enumerated() {
                        let row = groupMemory.memos[Int(memo)].arguments[index]
                        if tuple.contains(fact) {
                            for (function, value) in row.enumerated() { groupMemory.memos[Int(memo)].accumulators[function].remove(value) }
                            charge(RuleGas.accumulateStep * Int64(row.count))
                        } else {
                            kept.append(tuple)
                            arguments.append(row)
                        }
                    }
                    groupMemory.memos[Int(memo)].tuples = kept
                    groupMemory.memos[Int(memo)].arguments = arguments
                    settle(node, group, token, memo, changed: true)
                    return
                }
            }
            let arguments = groupMemory.memos[Int(memo)].arguments
            rematch(group, token, memo)
            settle(node, group, token, memo, changed: tuples != groupMemory.memos[Int(memo)].tuples
                   || arguments != groupMemory.memos[Int(memo)].arguments)
        }
    }

    private func forEachLeftToken(_ node: Int32, _ info: NodeInfo, _ body: (Int32) -> Void) {
        if info.parentIsRoot {
            body(0)
            return
        }
        guard nodeTokenCount[Int(info.parent)] > 0 else { return }
        var token = leftLists[Int(unindexedLeftList[Int(node)])].first
        while token >= 0 {
            let next = tokens[Int(token)].leftNext
            if tokens[Int(token)].isAlive { body(token) }
            token = next
        }
    }

    // MARK: Outcome

    /// Makes the node's output for `token` agree with its memo.
    private func settle(_ node: Int32, _ group: GroupInfo, _ token: Int32, _ memo: Int32, changed: Bool) {
        guard tokens[Int(token)].isAlive else { return }
        let output = groupMemory.memos[Int(memo)].output
        switch group.kind {
        case .not, .exists:
            let passes = groupMemory.memos[Int(memo)].tuples.isEmpty == (group.kind == .not)
            if passes, output < 0 {
                let made = allocateToken(parent: token, node: node, fact: -1)
                groupMemory.memos[Int(memo)].output = made
                emit(made)
            } else if !passes, output >= 0 {
                groupMemory.memos[Int(memo)].output = -1
                delete(output)
            }
        case .accumulate:
            guard changed || output < 0 else { return }
            if output >= 0 {
                groupMemory.memos[Int(memo)].output = -1
                delete(output)
            }
            guard let computed = accumulateResult(group, memo), let result = finished(group, token, computed) else { return }
            let derived = makeDerived(result)
            var bound = handles(of: token)
            while bound.count < group.resultPosition { bound.append(nil) }
            bound.append(derivedHandle(derived))
            let passes = group.constraints.allSatisfy { constraint in
                if case .predicate(let id) = constraint { return evaluate(id, bound) }
                return false
            }
            guard passes, tokens[Int(token)].isAlive else {
                releaseDerived(derived)
                return
            }
            let made = allocateToken(parent: token, node: node, fact: -2 - derived)
            groupMemory.memos[Int(memo)].output = made
            emit(made)
        case .from:
            break
        }
    }

    // MARK: Matching

    /// Matches the conjunction again for `token`: all matches for an accumulate; for a `not`/`exists`
    /// the witness, the match whose newest fact is oldest (``witnessPrecedes(_:_:)``).
    ///
    /// The whole conjunction is matched for a `not`/`exists` too, so that its gas (and its witness)
    /// depends only on the facts, not on the order in which the memories hold them, which differs
    /// in the rebuilt memories of a stored session.
    private func rematch(_ group: GroupInfo, _ token: Int32, _ memo: Int32) {
        var bound = [Int32](repeating: -1, count: group.width)
        var found: [[Int32]] = []
        var arguments: [[AccumulatedValue]] = []
        let accumulates = group.kind == .accumulate
        _ = match(group.steps, 0, group, token, &bound) { tuple in
            // `from` elements live only while matching: their arguments are read now, and the
            // match keeps only its facts.
            let kept = tuple.map { $0 <= -2 ? -1 : $0 }
            if accumulates {
                arguments.append(accumulateArguments(group, token, tuple))
                found.append(kept)
            } else if found.isEmpty || witnessPrecedes(kept, found[0]) {
                found = [kept]
            }
            return true
        }
        groupMemory.memos[Int(memo)].tuples = found
        groupMemory.memos[Int(memo)].matchedAt = clock
        guard group.kind == .accumulate else { return }
        var accumulators = Array(repeating: Accumulator(), count: group.functions.count)
        for row in arguments {
            for (index, value) in row.enumerated() { accumulators[index].add(value) }
            charge(RuleGas.accumulateStep * Int64(row.count))
        }
        groupMemory.memos[Int(memo)].arguments = arguments
        groupMemory.memos[Int(memo)].accumulators = accumulators
    }

    /// Whether match `a` is a better witness than `b`: its facts' timestamps, newest first, come
    /// first (then position by position). A match that a new insert or update makes holds the newest
    /// timestamp, so the witness stays the best one while facts only come.
    private func witnessPrecedes(_ a: [Int32], _ b: [Int32]) -> Bool {
        func stamps(_ tuple: [Int32]) -> [Int] { tuple.map { $0 >= 0 ? facts[Int($0)].timestamp : -1 } }
        let (x, y) = (stamps(a), stamps(b))
        let (newestX, newestY) = (x.sorted(by: >), y.sorted(by: >))
        if newestX != newestY { return newestX.lexicographicallyPrecedes(newestY) }
        return x.lexicographicallyPrecedes(y)
    }

    /// The match of a one-pattern conjunction by `fact` alone, if it passes.
    private func probe(_ group: GroupInfo, _ token: Int32, _ fact: Int32) -> [Int32]? {
        guard case .pattern(_, let position, let constraints, _, _) = group.steps[0], facts[Int(fact)].isAlive else { return nil }
        var bound = [Int32](repeating: -1, count: group.width)
        charge(costs.ruleJoinProbe)
        guard constraints.allSatisfy({ holdsInner($0, group, token, bound, fact, position) }) else { return nil }
        bound[position - group.base] = fact
        return bound
    }

    /// Backtracks over `steps` from `index`; calls `found` with each complete match and stops when it
    /// returns false (the result is then false).
    private func match(_ steps: [GroupStep], _ index: Int, _ group: GroupInfo, _ token: Int32, _ bound: inout [Int32],
                       _ found: ([Int32]) -> Bool) -> Bool {
        guard index < steps.count else { return found(bound) }
        switch steps[index] {
        case .pattern(let alpha, let position, let constraints, let keyIndex, let keys):
            var list = alpha
            if keyIndex >= 0 {
                // The key's values from the facts bound before; a key read from a `from` element
                // (no fact) falls back to scanning the memory.
                var key = JoinKeyValue()
                var usable = true
                for (slot, source) in keys.enumerated() {
                    let other = factAt(source.position, group, token, bound)
                    guard other >= 0, source.field < Int(facts[Int(other)].fieldCount) else {
                        usable = false
                        break
                    }
                    key.set(slot, field(other, Int32(source.field)))
                }
                if usable {
                    guard let bucket = alphaBuckets[BucketKey(owner: keyIndex, key: key)] else { return true }
                    list = bucket
                }
            }
            var slot = 0
            while slot < alphaLists[Int(list)].facts.count {
                let fact = alphaLists[Int(list)].facts[slot]
                slot += 1
                guard fact >= 0, facts[Int(fact)].isAlive else { continue }
                charge(costs.ruleJoinProbe)
                guard constraints.allSatisfy({ holdsInner($0, group, token, bound, fact, position) }) else { continue }
                bound[position - group.base] = fact
                let going = match(steps, index + 1, group, token, &bound, found)
                bound[position - group.base] = -1
                if !going { return false }
            }
            return true
        case .same(let of, let type, let position, let constraints):
            let fact = factAt(of, group, token, bound)
            guard fact >= 0, facts[Int(fact)].type == Int32(type) else { return true }
            charge(costs.ruleJoinProbe)
            guard constraints.allSatisfy({ holdsInner($0, group, token, bound, fact, position) }) else { return true }
            bound[position - group.base] = fact
            let going = match(steps, index + 1, group, token, &bound, found)
            bound[position - group.base] = -1
            return going
        case .not(let inner), .exists(let inner):
            // Every match is looked for (not only the first): the gas then does not depend on the
            // order of the memories.
            var any = false
            _ = match(inner, 0, group, token, &bound) { _ in
                any = true
                return true
            }
            let isNot = if case .not = steps[index] { true } else { false }
            guard any != isNot else { return true }
            return match(steps, index + 1, group, token, &bound, found)
        case .eval(let predicate):
            guard evaluate(predicate, matchHandles(group, token, bound, through: group.base + group.width, candidate: -1)) else { return true }
            return match(steps, index + 1, group, token, &bound, found)
        case .from(let source, let position, let constraints):
            let handles = matchHandles(group, token, bound, through: position, candidate: -1)
            guard let value = callbacks?.value(of: source, facts: handles, session: self) else { return true }
            for element in Self.elements(value) {
                charge(costs.ruleJoinProbe)
                let derived = makeDerived(.value(element))
                let candidate = -2 - derived
                var going = true
                if constraints.allSatisfy({ holdsInner($0, group, token, bound, candidate, position) }) {
                    bound[position - group.base] = candidate
                    going = match(steps, index + 1, group, token, &bound, found)
                    bound[position - group.base] = -1
                }
                releaseDerived(derived)
                if !going { return false }
            }
            return true
        case .accumulate(let source, let start, let position, let functions, let constraints, let finish):
            guard let result = nestedAccumulate(source, start: start, position: position, functions: functions, finish: finish,
                                                group, token, &bound) else { return true }
            let derived = makeDerived(result)
            defer { releaseDerived(derived) }
            let candidate = -2 - derived
            guard constraints.allSatisfy({ holdsInner($0, group, token, bound, candidate, position) }) else { return true }
            bound[position - group.base] = candidate
            let going = match(steps, index + 1, group, token, &bound, found)
            bound[position - group.base] = -1
            return going
        }
    }

    /// An accumulate inside a group, for the match so far: its functions over every match of its
    /// source (each match a join probe per candidate, each value an accumulate step), collected
    /// values in the order of their matches' facts' timestamps (so rebuilt memories give the same
    /// lists). Nil when there is no result (`min`/`max` of a `from accumulate` pattern over nothing,
    /// a sum out of range, a custom result function that fails).
    private func nestedAccumulate(_ source: [GroupStep], start: Int, position: Int, functions: [AccumulateCall], finish: Int,
                                  _ group: GroupInfo, _ token: Int32, _ bound: inout [Int32]) -> BoundValue? {
        var totals = Array(repeating: Accumulator(), count: functions.count)
        var rows: [(keys: [Int], values: [AccumulatedValue])] = []
        _ = match(source, 0, group, token, &bound) { tuple in
            let values = functions.map { call in self.argument(call.argument, group, token, tuple, through: position) }
            self.charge(RuleGas.accumulateStep * Int64(max(functions.count, 1)))
            for (index, value) in values.enumerated() { totals[index].add(value) }
            let keys = (start..<position).map { slot -> Int in
                let fact = tuple[slot - group.base]
                return fact >= 0 ? self.facts[Int(fact)].timestamp : -1
            }
            rows.append((keys, values))
            return true
        }
        let ordered = rows.indices.sorted { a, b in
            if rows[a].keys != rows[b].keys { return rows[a].keys.lexicographicallyPrecedes(rows[b].keys) }
            return a < b
        }
        var results: [BoundValue] = []
        for (index, call) in functions.enumerated() {
            let state = totals[index]
            switch call.kind {
            case .count:
                results.append(.value(.number(Decimal18(Int64(rows.count)))))
            case .sum, .average:
                guard !state.sumStale else { return nil }
                if call.kind == .sum || state.numbers == 0 {
                    results.append(.value(.number(state.sum)))
                } else {
                    guard let average = state.sum.dividing(by: Decimal18(Int64(state.numbers))) else { return nil }
                    results.append(.value(.number(average)))
                }
            case .min, .max:
                guard let extreme = call.kind == .min ? state.least : state.most else { return nil }
                results.append(.value(.number(extreme)))
            case .minOrNull:
                results.append(.value(state.least.map(ContractValue.number) ?? .null))
            case .maxOrNull:
                results.append(.value(state.most.map(ContractValue.number) ?? .null))
            case .collectList, .collectSet:
                let column = ordered.map { index < rows[$0].values.count ? rows[$0].values[index] : .none }
                if case .fact = call.argument {
                    var handles: [FactHandle] = []
                    for case .fact(let handle) in column where call.kind == .collectList || !handles.contains(handle) { handles.append(handle) }
                    results.append(.facts(handles))
                } else {
                    var items: [ContractValue] = []
                    for case .value(let value) in column where call.kind == .collectList || !items.contains(value) { items.append(value) }
                    results.append(.value(.array(items)))
                }
            }
        }
        guard finish >= 0 else { return .tuple(results) }
        // A custom accumulate: its result function reads the functions' results at `position`.
        let derived = makeDerived(.tuple(results))
        defer { releaseDerived(derived) }
        let handles = matchHandles(group, token, bound, through: position, candidate: -2 - derived)
        guard let value = callbacks?.value(of: finish, facts: handles, session: self) else { return nil }
        return .tuple([.value(value)])
    }

    /// The value an accumulate function reads from one match (`tuple`) of a nested accumulate's source.
    private func argument(_ argument: AccumulateArgument, _ group: GroupInfo, _ token: Int32, _ tuple: [Int32], through: Int) -> AccumulatedValue {
        switch argument {
        case .none:
            return .none
        case .fact(let position):
            let fact = factAt(position, group, token, tuple)
            if fact <= -2, case .value(let element) = groupMemory.derived[Int(-2 - fact)].value { return .value(element) }
            return fact >= 0 ? .fact(FactHandle(facts[Int(fact)].handle)) : .none
        case .field(let position, let field):
            return boundField(factAt(position, group, token, tuple), field).map { .value($0) } ?? .none
        case .value(let id):
            let handles = matchHandles(group, token, tuple, through: through, candidate: -1)
            return callbacks?.value(of: id, facts: handles, session: self).map { .value($0) } ?? .none
        }
    }

    /// The elements a `from` source gives: an array's non-null items, or the one value.
    static func elements(_ value: ContractValue) -> [ContractValue] {
        switch value {
        case .array(let items): items.filter { $0 != .null }
        case .null: []
        default: [value]
        }
    }

    /// Field `field` of a fact slot, or of the object bound at a derived slot (`-2 - slot`).
    private func boundField(_ bound: Int32, _ field: Int) -> ContractValue? {
        if bound >= 0 {
            guard field >= 0, field < Int(facts[Int(bound)].fieldCount) else { return nil }
            return values[self.field(bound, Int32(field))]
        }
        guard bound <= -2, case .value(.object(_, let fields)) = groupMemory.derived[Int(-2 - bound)].value,
              field >= 0, field < fields.count else { return nil }
        return fields[field]
    }

    /// The handle of a fact slot or a derived slot.
    private func boundHandle(_ bound: Int32) -> FactHandle? {
        if bound >= 0 { return FactHandle(facts[Int(bound)].handle) }
        return bound <= -2 ? derivedHandle(-2 - bound) : nil
    }

    /// The fact at a position: inside the group from the match so far, before it from the token.
    private func factAt(_ position: Int, _ group: GroupInfo, _ token: Int32, _ bound: [Int32]) -> Int32 {
        if position >= group.base, position < group.base + group.width { return bound[position - group.base] }
        let fact = self.fact(of: token, at: position)  // a derived slot (<= -2) outside a group is not read here
        return fact >= 0 ? fact : -1
    }

    /// The handles by position up to `through` (exclusive), the candidate last when given.
    private func matchHandles(_ group: GroupInfo, _ token: Int32, _ bound: [Int32], through: Int, candidate: Int32) -> [FactHandle?] {
        var result = handles(of: token)
        while result.count < group.base { result.append(nil) }
        var position = group.base
        while position < through {
            result.append(boundHandle(bound[position - group.base]))
            position += 1
        }
        if candidate != -1 { result.append(boundHandle(candidate)) }
        return result
    }

    /// A constraint of a pattern inside a group, on candidate `fact` at `position`.
    private func holdsInner(_ constraint: Constraint, _ group: GroupInfo, _ token: Int32, _ bound: [Int32], _ fact: Int32,
                            _ position: Int) -> Bool {
        switch constraint {
        case .compare(let field, let comparison, let operand):
            guard let value = boundField(fact, field) else { return false }
            switch operand {
            case .constant(let constant):
                return ValueComparison.holds(value, comparison, constant)
            case .factField(let pattern, let otherField):
                let other = pattern == position ? fact : factAt(pattern, group, token, bound)
                guard let operand = boundField(other, otherField) else { return false }
                return ValueComparison.holds(value, comparison, operand)
            }
        case .same(let pattern, let negated):
            return (fact >= 0 && factAt(pattern, group, token, bound) == fact) != negated
        case .all(let parts): return parts.allSatisfy { holdsInner($0, group, token, bound, fact, position) }
        case .any(let parts): return parts.contains { holdsInner($0, group, token, bound, fact, position) }
        case .predicate(let id):
            return evaluate(id, matchHandles(group, token, bound, through: position, candidate: fact))
        }
    }

    /// A constraint of a `from` pattern on one element of its source.
    private func holdsElement(_ constraint: Constraint, _ group: GroupInfo, _ token: Int32, _ element: ContractValue,
                              _ handle: FactHandle) -> Bool {
        switch constraint {
        case .compare(let field, let comparison, let operand):
            guard case .object(_, let fields) = element, field >= 0, field < fields.count else { return false }
            switch operand {
            case .constant(let constant):
                return ValueComparison.holds(fields[field], comparison, constant)
            case .factField(let pattern, let otherField):
                if pattern == group.resultPosition {
                    guard otherField >= 0, otherField < fields.count else { return false }
                    return ValueComparison.holds(fields[field], comparison, fields[otherField])
                }
                let other = fact(of: token, at: pattern)
                guard other >= 0, otherField >= 0, otherField < Int(facts[Int(other)].fieldCount) else { return false }
                return ValueComparison.holds(fields[field], comparison, values[self.field(other, Int32(otherField))])
            }
        case .same(_, let negated):
            return negated
        case .all(let parts): return parts.allSatisfy { holdsElement($0, group, token, element, handle) }
        case .any(let parts): return parts.contains { holdsElement($0, group, token, element, handle) }
        case .predicate(let id):
            var bound = handles(of: token)
            while bound.count < group.resultPosition { bound.append(nil) }
            bound.append(handle)
            return evaluate(id, bound)
        }
    }

    // MARK: Accumulate

    /// A custom accumulate's one result, computed by its value function from the functions'
    /// results (`count()`, the collected bindings) bound at the result position; other accumulates'
    /// results as they are. Nil when the function fails.
    private func finished(_ group: GroupInfo, _ token: Int32, _ computed: BoundValue) -> BoundValue? {
        guard group.finish >= 0 else { return computed }
        let derived = makeDerived(computed)
        defer { releaseDerived(derived) }
        var bound = handles(of: token)
        while bound.count < group.resultPosition { bound.append(nil) }
        bound.append(derivedHandle(derived))
        guard let value = callbacks?.value(of: group.finish, facts: bound, session: self) else { return nil }
        return .tuple([.value(value)])
    }

    /// The argument values of one match, one per function.
    private func accumulateArguments(_ group: GroupInfo, _ token: Int32, _ tuple: [Int32]) -> [AccumulatedValue] {
        group.functions.map { call in
            switch call.argument {
            case .none:
                return .none
            case .fact(let position):
                let fact = factAt(position, group, token, tuple)
                if fact <= -2, case .value(let element) = groupMemory.derived[Int(-2 - fact)].value { return .value(element) }
                return fact >= 0 ? .fact(FactHandle(facts[Int(fact)].handle)) : .none
            case .field(let position, let field):
                return boundField(factAt(position, group, token, tuple), field).map { .value($0) } ?? .none
            case .value(let id):
                let bound = matchHandles(group, token, tuple, through: group.base + group.width, candidate: -1)
                return callbacks?.value(of: id, facts: bound, session: self).map { .value($0) } ?? .none
            }
        }
    }

    /// A column of an accumulate's arguments in the order of its matches' facts' timestamps (oldest
    /// first, position by position), not in the order of the memo, which depends on the memories'
    /// history: rebuilt memories of a stored session give the same collected lists.
    private func inRecencyOrder(_ memo: Int32, _ column: [AccumulatedValue]) -> [AccumulatedValue] {
        let tuples = groupMemory.memos[Int(memo)].tuples
        guard tuples.count == column.count, tuples.count > 1 else { return column }
        let keys = tuples.map { tuple in tuple.map { $0 >= 0 && facts[Int($0)].isAlive ? facts[Int($0)].timestamp : -1 } }
        let order = tuples.indices.sorted { a, b in
            if keys[a] != keys[b] { return keys[a].lexicographicallyPrecedes(keys[b]) }
            return a < b
        }
        return order.map { column[$0] }
    }

    /// The functions' results from the running totals (a column is read again only for the collect
    /// functions, an extreme that left, or a sum that overflowed on the way); nil when there is none
    /// (min or max of no number) or the sum is out of range.
    private func accumulateResult(_ group: GroupInfo, _ memo: Int32) -> BoundValue? {
        var results: [BoundValue] = []
        let count = groupMemory.memos[Int(memo)].tuples.count
        for (index, call) in group.functions.enumerated() {
            var state = groupMemory.memos[Int(memo)].accumulators[index]
            func column() -> [AccumulatedValue] {
                charge(RuleGas.accumulateStep * Int64(count))
                return groupMemory.memos[Int(memo)].arguments.map { index < $0.count ? $0[index] : .none }
            }
            if (state.sumStale && (call.kind == .sum || call.kind == .average))
                || (state.extremesStale && [.min, .max, .minOrNull, .maxOrNull].contains(call.kind)) {
                var fresh = Accumulator()
                for value in column() { fresh.add(value) }
                state = fresh
                groupMemory.memos[Int(memo)].accumulators[index] = fresh
            }
            switch call.kind {
            case .count:
                results.append(.value(.number(Decimal18(Int64(count)))))
            case .sum, .average:
                guard !state.sumStale else { return nil }
                if call.kind == .sum || state.numbers == 0 {
                    results.append(.value(.number(state.sum)))
                } else {
                    guard let average = state.sum.dividing(by: Decimal18(Int64(state.numbers))) else { return nil }
                    results.append(.value(.number(average)))
                }
            case .min:
                guard let least = state.least else { return nil }
                results.append(.value(.number(least)))
            case .max:
                guard let most = state.most else { return nil }
                results.append(.value(.number(most)))
            case .minOrNull:
                results.append(.value(state.least.map(ContractValue.number) ?? .null))
            case .maxOrNull:
                results.append(.value(state.most.map(ContractValue.number) ?? .null))
            case .collectList, .collectSet:
                let values = inRecencyOrder(memo, column())
                if case .fact = call.argument {
                    var handles: [FactHandle] = []
                    for case .fact(let handle) in values where call.kind == .collectList || !handles.contains(handle) {
                        handles.append(handle)
                    }
                    results.append(.facts(handles))
                } else {
                    var items: [ContractValue] = []
                    for case .value(let value) in values where call.kind == .collectList || !items.contains(value) {
                        items.append(value)
                    }
                    results.append(.value(.array(items)))
                }
            }
        }
        return .tuple(results)
    }
}
