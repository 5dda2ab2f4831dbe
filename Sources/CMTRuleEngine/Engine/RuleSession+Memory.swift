import CMTBytecode
import CMTVM

/// Working memory: fact slots, alpha memories, the token arena and its intrusive lists.
extension RuleSession {
    // MARK: Facts and alpha memories

    func makeFact(handle: Int, type: Int, fields: [ContractValue]) -> Int32 {
        noteMemory(costs.ruleFactBytes + Int64(fields.count) * costs.ruleFieldBytes)
        var slot = FactSlot(handle: handle, type: Int32(type), fieldCount: Int32(fields.count), timestamp: clock, isAlive: true)
        let fact: Int32
        if let reused = freeFacts.popLast() {
            fact = reused
            slot.matches = facts[Int(fact)].matches
            slot.matches.clear()
            facts[Int(fact)] = slot
        } else {
            fact = factArena.append(slot)
            fieldIDs.append(contentsOf: repeatElement(0, count: stride))
        }
        let base = Int(fact) * stride
        for (offset, value) in fields.enumerated() { fieldIDs[base + offset] = values.intern(value) }
        factByHandle[handle] = fact
        return fact
    }

    @inline(__always) func field(_ fact: Int32, _ field: Int32) -> Int32 { fieldIDs[Int(fact) * stride + Int(field)] }

    func propagate(_ fact: Int32) {
        let type = Int(facts[Int(fact)].type)
        guard type < network.alphasByType.count else { return }
        // Group nodes hear of the fact once it is in every memory it belongs to: matched against
        // some of them only, a conjunction could pass or fail for a moment (a `forall` whose
        // inner `not` has not seen the fact yet), and an activation that fired would be made again.
        var groupNotices: [(node: Int32, memory: Int32)] = []
        defer {
            for notice in groupNotices where facts[Int(fact)].isAlive { groupRightInsert(notice.node, fact, memory: notice.memory) }
        }
        for memory in network.alphasByType[type] {
            let info = alphaInfo[Int(memory)]
            charge(costs.ruleAlphaTest * info.gasTests)
            guard info.tests.allSatisfy({ holds($0, token: -1, fact: fact, position: 0) }) else { continue }
            addToAlpha(fact, memory)
            defer { propagating = (-1, -1, -1) }
            for successor in info.successors {
                guard facts[Int(fact)].isAlive else { return }
                propagating = (fact, memory, successor)
                rightActivate(successor, fact)
            }
            if groupMemory.enabled {
                for successor in info.groupSuccessors { groupNotices.append((successor, memory)) }
            }
        }
    }

    private func addToAlpha(_ fact: Int32, _ memory: Int32) {
        appendAlphaLink(fact, list: memory)
        for index in alphaInfo[Int(memory)].indexes where alphaIndexInfo[Int(index)].valid {
            let key = factKey(fact, index)
            let bucket = BucketKey(owner: index, key: key)
            let list: Int32
            if let existing = alphaBuckets[bucket] {
                list = existing
            } else {
                list = Int32(alphaLists.count)
                alphaLists.append(AlphaList())
                alphaBuckets.insert(bucket, list)
            }
            appendAlphaLink(fact, list: list)
        }
    }

    private func appendAlphaLink(_ fact: Int32, list: Int32) {
        let link: Int32
        if let reused = freeAlphaLinks.popLast() { link = reused } else {
            link = Int32(alphaLinks.count)
            alphaLinks.append(AlphaLink())
        }
        alphaLinks[Int(link)] = AlphaLink(list: list, slot: Int32(alphaLists[Int(list)].facts.count), nextOfFact: facts[Int(fact)].firstAlphaLink)
        alphaLists[Int(list)].facts.append(fact)
        alphaLists[Int(list)].links.append(link)
        facts[Int(fact)].firstAlphaLink = link
    }

    /// Drops the holes of an alpha list, keeping the order, and tells each moved link its slot.
    private func squeeze(_ list: Int) {
        var kept = 0
        for slot in 0..<alphaLists[list].facts.count where alphaLists[list].facts[slot] >= 0 {
            let link = alphaLists[list].links[slot]
            alphaLists[list].facts[kept] = alphaLists[list].facts[slot]
            alphaLists[list].links[kept] = link
            alphaLinks[Int(link)].slot = Int32(kept)
            kept += 1
        }
        alphaLists[list].facts.removeLast(alphaLists[list].facts.count - kept)
        alphaLists[list].links.removeLast(alphaLists[list].links.count - kept)
        alphaLists[list].holes = 0
    }

    /// Takes a fact out of working memory: its alpha entries, the tokens built on it, and the
    /// `not`/`exists` counts it contributed to (which may pass tokens again).
    func remove(_ fact: Int32) {
        facts[Int(fact)].isAlive = false
        var link = facts[Int(fact)].firstAlphaLink
        var groups: [Int32] = []
        while link >= 0 {
            let entry = alphaLinks[Int(link)]
            let list = Int(entry.list)
            if groupMemory.enabled, list < alphaInfo.count {
                for node in alphaInfo[list].groupSuccessors where !groups.contains(node) { groups.append(node) }
            }
            alphaLists[list].facts[Int(entry.slot)] = -1
            alphaLists[list].holes += 1
            if alphaLists[list].holes >= 8, 2 * alphaLists[list].holes >= alphaLists[list].facts.count { squeeze(list) }
            freeAlphaLinks.append(link)
            link = entry.nextOfFact
        }
        facts[Int(fact)].firstAlphaLink = -1
        var built: [Int32] = []
        var token = facts[Int(fact)].firstToken
        while token >= 0 {
            built.append(token)
            token = tokens[Int(token)].factNext
        }
        for token in built where tokens[Int(token)].isAlive { delete(token) }
        facts[Int(fact)].firstToken = -1
        facts[Int(fact)].lastToken = -1
        // The fact has left every alpha memory, so nothing appends to its list while this runs.
        let count = Int(facts[Int(fact)].matches.count)
        for index in 0..<count {
            let match = facts[Int(fact)].matches[index]
            if match.token < 0 {
                let node = -match.token - 1
                rightRemoved(node, rootTokenOf[Int(node)])
            } else if tokens[Int(match.token)].generation == match.generation {
                rightRemoved(nodes[Int(tokens[Int(match.token)].node)].child, match.token)
            }
        }
        facts[Int(fact)].matches.clear()
        // Group nodes in creation order (their memories' lists are walked newest link first).
        for node in groups.sorted() { groupRightRemove(node, fact) }
        freeFacts.append(fact)
    }

    /// Records that `fact` matches `token` at negative node `node`.
    @inline(__always) func noteNegativeMatch(_ fact: Int32, _ node: Int32, _ token: Int32) {
        let match = nodes[Int(node)].parentIsRoot
            ? NegativeMatch(token: -node - 1, generation: 0)
            : NegativeMatch(token: token, generation: tokens[Int(token)].generation)
        facts[Int(fact)].matches.append(match)
        if facts[Int(fact)].matches.count >= facts[Int(fact)].compactionAt { compactMatches(of: fact) }
    }

    /// Drops the matches of tokens that are gone, keeping the order of the others.
    private func compactMatches(of fact: Int32) {
        // No token deleted since the last clean-up: every entry is still live, skip the scan.
        if facts[Int(fact)].deathsAtCompaction == tokenDeaths {
            facts[Int(fact)].compactionAt = 2 * facts[Int(fact)].matches.count
            return
        }
        facts[Int(fact)].deathsAtCompaction = tokenDeaths
        let tokens = self.tokens
        facts[Int(fact)].matches.retain { $0.token < 0 || tokens[Int($0.token)].generation == $0.generation }
        facts[Int(fact)].compactionAt = max(64, 2 * facts[Int(fact)].matches.count)
    }

    // MARK: Tokens

    func allocateToken(parent: Int32, node: Int32, fact: Int32) -> Int32 {
        charge(costs.ruleToken)
        noteMemory(costs.ruleTokenBytes)
        let token: Int32
        if freeHead < freeTokens.count {
            let reused = freeTokens[freeHead]
            freeHead += 1
            if freeHead == freeTokens.count {
                freeTokens.removeAll(keepingCapacity: true)
                freeHead = 0
            } else if freeHead >= 4096, 2 * freeHead >= freeTokens.count {
                freeTokens.removeFirst(freeHead)
                freeHead = 0
            }
            token = reused
            let generation = tokens[Int(token)].generation &+ 1
            tokens[Int(token)] = TokenSlot(parent: parent, fact: fact, node: node, generation: generation)
        } else {
            token = tokenArena.append(TokenSlot(parent: parent, fact: fact, node: node, generation: 1))
        }
        return token
    }

    /// Puts a deleted token's slot on the free list.
    func freeToken(_ token: Int32) { freeTokens.append(token) }

    /// The facts of a token by pattern position (nil for `not`/`exists` positions).
    func handles(of token: Int32) -> [FactHandle?] {
        var result = [FactHandle?](repeating: nil, count: Int(nodes[Int(tokens[Int(token)].node)].positions))
        var current = token
        while current > 0 {
            let slot = tokens[Int(current)]
            let adds = Int(nodes[Int(slot.node)].adds)
            if adds >= 0, adds < result.count {
                if slot.fact >= 0 {
                    result[adds] = FactHandle(facts[Int(slot.fact)].handle)
                } else if slot.fact <= -2 {
                    result[adds] = derivedHandle(-2 - slot.fact)
                }
            }
            current = slot.parent
        }
        return result
    }

    /// The newest timestamp among the facts a token matched.
    func recency(of token: Int32) -> Int {
        var newest = 0
        var current = token
        while current >= 0 {
            let fact = tokens[Int(current)].fact
            if fact >= 0 { newest = max(newest, facts[Int(fact)].timestamp) }
            current = tokens[Int(current)].parent
        }
        return newest
    }

    /// The fact of the token `up` parents above `token`.
    @inline(__always) func fact(above token: Int32, _ up: Int32) -> Int32 {
        var current = token
        var steps = up
        while steps > 0 {
            current = tokens[Int(current)].parent
            steps -= 1
        }
        return tokens[Int(current)].fact
    }

    /// The fact at pattern position `position` of `token` (-1: a `not`/`exists` position or out of range).
    func fact(of token: Int32, at position: Int) -> Int32 {
        guard token >= 0, position >= 0, position < Int(nodes[Int(tokens[Int(token)].node)].positions) else { return -1 }
        var current = token
        while current > 0 {
            if Int(nodes[Int(tokens[Int(current)].node)].adds) == position { return tokens[Int(current)].fact }
            current = tokens[Int(current)].parent
        }
        return -1
    }

    // MARK: Intrusive lists in swap-remove order

    /// Which of a token's list memberships an operation is about.
    enum TokenList { case siblings, left, fact }

    @inline(__always) func links(_ token: Int32, _ list: TokenList) -> (previous: Int32, next: Int32) {
        switch list {
        case .siblings: (tokens[Int(token)].previousSibling, tokens[Int(token)].nextSibling)
        case .left: (tokens[Int(token)].leftPrevious, tokens[Int(token)].leftNext)
        case .fact: (tokens[Int(token)].factPrevious, tokens[Int(token)].factNext)
        }
    }

    @inline(__always) func setPrevious(_ token: Int32, _ list: TokenList, _ value: Int32) {
        switch list {
        case .siblings: tokens[Int(token)].previousSibling = value
        case .left: tokens[Int(token)].leftPrevious = value
        case .fact: tokens[Int(token)].factPrevious = value
        }
    }

    @inline(__always) func setNext(_ token: Int32, _ list: TokenList, _ value: Int32) {
        switch list {
        case .siblings: tokens[Int(token)].nextSibling = value
        case .left: tokens[Int(token)].leftNext = value
        case .fact: tokens[Int(token)].factNext = value
        }
    }

    @inline(__always) func append(_ token: Int32, _ list: TokenList, first: inout Int32, last: inout Int32) {
        setPrevious(token, list, last)
        setNext(token, list, -1)
        if last >= 0 { setNext(last, list, token) } else { first = token }
        last = token
    }

    /// Removes `token` as an array's swap-remove would: the last element takes its place.
    @inline(__always) func swapRemove(_ token: Int32, _ list: TokenList, first: inout Int32, last: inout Int32) {
        let tail = last
        let beforeTail = links(tail, list).previous
        if beforeTail >= 0 { setNext(beforeTail, list, -1) } else { first = -1 }
        last = beforeTail
        if tail != token {
            let (previous, next) = links(token, list)
            setPrevious(tail, list, previous)
            setNext(tail, list, next)
            if previous >= 0 { setNext(previous, list, tail) } else { first = tail }
            if next >= 0 { setPrevious(next, list, tail) } else { last = tail }
        }
        setPrevious(token, list, -1)
        setNext(token, list, -1)
    }
}
