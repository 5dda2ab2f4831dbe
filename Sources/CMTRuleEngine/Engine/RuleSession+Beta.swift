import CMTBytecode
import CMTVM

/// The beta network at work: left and right activations of join, `not`/`exists`, `eval` and
/// terminal nodes, token deletion, and the tests. The order in which tokens are made and visited
/// is the order of the original object-graph engine, so activations get the same sequence numbers.
extension RuleSession {
    // MARK: Left input

    /// A token of the parent's output arrived at `node`.
    func leftActivate(_ node: Int32, _ token: Int32) {
        if exhausted { return }  // past the memory limit: the command fails, nothing more is matched
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
        case .group:
            groupLeft(node, info, token)
        case .from:
            fromLeft(node, info, token)
        case .root:
            break
        }
    }

    private func joinLeft(_ node: Int32, _ info: NodeInfo, _ token: Int32, _ list: Int32) {
        guard list >= 0 else { return }
        let end = alphaLists[Int(list)].facts.count
        // The fact being propagated joins here when its memory tells this node (see `propagating`).
        let skip = info.alpha == propagating.memory && node > propagating.node ? propagating.fact : -1
        var slot = 0
        while slot < end {
            let fact = alphaLists[Int(list)].facts[slot]
            slot += 1
            if fact < 0 || fact == skip { continue }
            join(token, fact, node, info)
            if !tokens[Int(token)].isAlive { return }
        }
    }

    /// A `not`/`exists` node needs one matching fact, not all of them (as CLIPS does): the token
    /// records the first fact that matches it (its blocker) and stops looking; when the blocker
    /// goes, `rightRemoved` looks for another.
    private func negativeLeft(_ node: Int32, _ info: NodeInfo, _ token: Int32, _ list: Int32) {
        let blocker = firstMatch(info, token, list)
        if blocker >= 0 { noteNegativeMatch(blocker, node, token) }
        tokens[Int(token)].negativeCount = blocker >= 0 ? 1 : 0
        tokens[Int(token)].negativeOutput = -1
        if (blocker < 0) != info.isExists { pass(node, token) }
    }

    /// The first fact of alpha list `list` that passes `info`'s tests after `token` (-1: none).
    private func firstMatch(_ info: NodeInfo, _ token: Int32, _ list: Int32) -> Int32 {
        guard list >= 0 else { return -1 }
        let end = alphaLists[Int(list)].facts.count
        var slot = 0
        while slot < end {
            let fact = alphaLists[Int(list)].facts[slot]
            slot += 1
            if fact >= 0, matches(info, token, fact) { return fact }
        }
        return -1
    }

    /// The alpha list whose facts are candidates for `token` at `not`/`exists` node `node`.
    private func negativeCandidates(_ node: Int32, _ info: NodeInfo, _ token: Int32) -> Int32 {
        guard info.alphaIndex >= 0 else { return info.alpha }
        let left = tokens[Int(token)].leftList
        guard info.keyValid, left >= 0 else { return -1 }
        var alpha = leftAlphaBucket[Int(left)]
        if alpha < 0, alphaIndexInfo[Int(info.alphaIndex)].valid {
            alpha = alphaBuckets[BucketKey(owner: info.alphaIndex, key: leftKey(info, token))] ?? -1
            leftAlphaBucket[Int(left)] = alpha
        }
        return alpha
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

    func appendLeft(_ token: Int32, _ list: Int32) {
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
            rightVisit(node, info, rootTokenOf[Int(node)], fact)
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
        // Already blocked: one matching fact is all a `not`/`exists` node needs to know of.
        guard tokens[Int(token)].negativeCount == 0, matches(info, token, fact) else { return }
        tokens[Int(token)].negativeCount = 1
        noteNegativeMatch(fact, node, token)
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

    /// The fact that blocked `token` at negative node `node` is gone (it has left the alpha
    /// memories): another matching fact takes its place, or the token is unblocked.
    func rightRemoved(_ node: Int32, _ token: Int32) {
        guard tokens[Int(token)].isAlive, tokens[Int(token)].leftList >= 0 || nodes[Int(node)].parentIsRoot else { return }
        let info = nodes[Int(node)]
        let blocker = firstMatch(info, token, negativeCandidates(node, info, token))
        if blocker >= 0 {
            noteNegativeMatch(blocker, node, token)
            return
        }
        tokens[Int(token)].negativeCount = 0
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
        noteMemory(costs.ruleActivationBytes)
        let flags = ruleFlags[rule]
        if flags != 0 || truthEnabled {
            activateSpecial(rule: rule, token, flags)
            return
        }
        if rule == firingRule, ruleNoLoop[rule] { return }
        charge(costs.ruleActivation)
        activationSequence += 1
        let id = agenda.add(ActivationSlot(
            rule: Int32(rule), salience: ruleSalience[rule], recency: recency(of: token), sequence: activationSequence,
            token: token, group: ruleGroups[rule]))
        tokens[Int(token)].activation = id
    }

    /// ``activate(rule:_:)`` for queries, `lock-on-active` rules, salience expressions and
    /// sessions with truth maintenance (kept apart so the common path stays small).
    @inline(never)
    private func activateSpecial(rule: Int, _ token: Int32, _ flags: UInt8) {
        if flags & RuleFlags.query != 0 {
            collectQueryRow(token)
            return
        }
        if truthEnabled, truth.parked != nil { carryJustification(rule: rule, token) }
        if rule == firingRule {
            if flags & RuleFlags.logical != 0, let firing = firingToken, tokens[Int(firing.token)].generation != firing.generation {
                followFiringMatch(rule: rule, token)
            }
            if ruleNoLoop[rule] { return }
        }
        if flags & RuleFlags.lockOnActive != 0, agenda.isActive(ruleGroups[rule]) {
            // Locked: only an activation that was pending before this update may come back.
            guard lockedPending?.remove([rule] + handles(of: token).map { $0?.id ?? 0 }) != nil else { return }
        }
        charge(costs.ruleActivation)
        let salience = flags & RuleFlags.salienceExpression != 0
            ? callbacks?.salience(ruleSalienceExpression[rule], facts: handles(of: token), session: self) ?? 0
            : ruleSalience[rule]
        activationSequence += 1
        let id = agenda.add(ActivationSlot(
            rule: Int32(rule), salience: salience, recency: recency(of: token), sequence: activationSequence,
            token: token, group: ruleGroups[rule]))
        tokens[Int(token)].activation = id
        if flags & RuleFlags.autoFocus != 0 { agenda.setFocus(id: ruleGroups[rule]) }
    }

    /// A token is being deleted while truth maintenance or an update's `lock-on-active`
    /// bookkeeping is on: a locked rule's waiting activation is remembered (the same match coming
    /// back keeps it), and the facts a terminal token justified lose that justification.
    @inline(never)
    private func deletionHooks(_ token: Int32, _ slot: TokenSlot) {
        if slot.activation >= 0, lockedPending != nil {
            let rule = Int(agenda.slots[Int(slot.activation)].rule)
            if ruleFlags[rule] & RuleFlags.lockOnActive != 0, agenda.isActive(ruleGroups[rule]) {
                lockedPending?.insert([rule] + handles(of: token).map { $0?.id ?? 0 })
            }
        }
        if truthEnabled, nodes[Int(slot.node)].kind == .terminal, truth.justifying > 0 { justificationEnded(token) }
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
        if groupMemory.enabled { releaseGroupState(token, slot) }
        if deleteHooks { deletionHooks(token, slot) }
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
}
