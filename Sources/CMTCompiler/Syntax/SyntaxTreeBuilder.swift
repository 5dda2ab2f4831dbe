import CMTSource

/// Lays the AST's outline over the recorded tokens to make a ``SyntaxTree``.
///
/// Tokens come first: the recorded ones in reading order, missing offsets clamped between their
/// present neighbours, then (should the parser have stopped early) any lexed token it never reached,
/// as unexpected, then the end-of-file token, whose trivia runs to the end of the file. A present
/// token's trivia is everything between the previous present token and itself, so the tokens cover
/// the file whatever the parser did.
///
/// Nodes go on top, sorted by start, longer first, parents first: a node contains a present token
/// lying inside its span, and a missing token at an offset from its start up to (not at) its end, or
/// at a zero-width node's offset. Consecutive unexpected tokens of one parent are grouped into an
/// ``SyntaxKind/unexpected`` node.
struct SyntaxTreeBuilder {
    let file: SourceFile
    private var tokens: [RawToken] = []
    private var nodes: [RawNode] = []
    private var childLists: [[Int32]] = []

    init(file: SourceFile, recorded: [RecordedToken], lexed: [Token]) {
        self.file = file
        tokens = SyntaxTreeBuilder.layOut(recorded: recorded, lexed: lexed, fileLength: Int32(truncatingIfNeeded: file.bytes.count))
    }

    /// The token sequence with trivia ranges: present tokens strictly in order, covering the file.
    private static func layOut(recorded: [RecordedToken], lexed: [Token], fileLength: Int32) -> [RawToken] {
        var result: [RawToken] = []
        result.reserveCapacity(recorded.count + 1)
        var covered: Int32 = 0
        var pendingMissing: [RecordedToken] = []
        func flushMissing(upTo limit: Int32) {
            for token in pendingMissing {
                let offset = min(max(token.start, covered), limit)
                result.append(RawToken(kind: token.kind, triviaStart: offset, start: offset, end: offset, presence: .missing, parent: 0))
            }
            pendingMissing.removeAll()
        }
        func appendPresent(_ kind: TokenKind, _ start: Int32, _ end: Int32, _ presence: TokenPresence) {
            // A token the parser read twice, or one overlapping the last, keeps only its new bytes.
            guard end > covered else { return }
            let start = max(start, covered)
            flushMissing(upTo: start)
            result.append(RawToken(kind: kind, triviaStart: covered, start: start, end: end, presence: presence, parent: 0))
            covered = end
        }
        for token in recorded {
            if token.presence == .missing {
                pendingMissing.append(token)
            } else {
                appendPresent(token.kind, token.start, token.end, token.presence)
            }
        }
        for token in lexed where token.kind != .eof && token.end > covered {
            appendPresent(token.kind, token.start, token.end, .unexpected)
        }
        flushMissing(upTo: fileLength)
        let end = max(fileLength, covered)
        result.append(RawToken(kind: .eof, triviaStart: covered, start: end, end: end, presence: .present, parent: 0))
        return result
    }

    private func contains(_ node: OutlineNode, token: RawToken) -> Bool {
        if token.presence == .missing {
            return node.start <= token.start && (token.start < node.end || (node.start == node.end && node.start == token.start))
        }
        return node.start <= token.start && token.end <= node.end && token.start < token.end
    }

    private mutating func open(_ kind: SyntaxKind, astID: Int32, parent: Int32) -> Int32 {
        let index = Int32(nodes.count)
        nodes.append(RawNode(kind: kind, astID: astID, parent: parent))
        childLists.append([])
        if parent >= 0 { childLists[Int(parent)].append(index) }
        return index
    }

    /// Builds the tree from the AST outline (parents before children).
    mutating func build(outline: [OutlineNode]) -> SyntaxTree {
        let order = outline.indices.sorted { a, b in
            let x = outline[a], y = outline[b]
            if x.start != y.start { return x.start < y.start }
            if x.end != y.end { return x.end > y.end }
            return a < b
        }
        _ = open(.sourceFile, astID: -1, parent: -1)
        // The stack of open nodes: (node index, outline entry; nil for the root).
        var stack: [(index: Int32, range: OutlineNode?)] = [(0, nil)]
        var next = 0
        var misplaced = 0
        var openUnexpected: Int32 = -1
        for tokenIndex in tokens.indices {
            let token = tokens[tokenIndex]
            if token.kind == .eof {
                stack.removeLast(stack.count - 1)
                openUnexpected = -1
            }
            while stack.count > 1, let range = stack[stack.count - 1].range, !contains(range, token: token) {
                stack.removeLast()
                openUnexpected = -1
            }
            while next < order.count, outline[order[next]].start <= token.start, token.kind != .eof {
                let candidate = outline[order[next]]
                next += 1
                guard contains(candidate, token: token) else {
                    // Empty, or crossing what is already open; zero-width nodes are expected to be
                    // empty only when no missing token marks them.
                    if candidate.start < candidate.end { misplaced += 1 }
                    continue
                }
                if let parent = stack[stack.count - 1].range, candidate.end > parent.end {
                    misplaced += 1
                    continue
                }
                let index = open(candidate.kind, astID: candidate.astID, parent: stack[stack.count - 1].index)
                stack.append((index, candidate))
                openUnexpected = -1
            }
            var parent = stack[stack.count - 1].index
            if token.presence == .unexpected {
                if openUnexpected < 0 { openUnexpected = open(.unexpected, astID: -1, parent: parent) }
                parent = openUnexpected
            } else {
                openUnexpected = -1
            }
            tokens[tokenIndex].parent = parent
            childLists[Int(parent)].append(-Int32(tokenIndex) - 1)
        }
        misplaced += order[next...].count { outline[$0].start < outline[$0].end }
        return finish(misplaced: misplaced)
    }

    /// Flattens the child lists and fills in each node's token range.
    private mutating func finish(misplaced: Int) -> SyntaxTree {
        var children: [Int32] = []
        children.reserveCapacity(nodes.count + tokens.count)
        for index in nodes.indices {
            nodes[index].childStart = Int32(children.count)
            children.append(contentsOf: childLists[index])
            nodes[index].childEnd = Int32(children.count)
        }
        // Token ranges: children come in source order, so a node's tokens run from its first
        // descendant token to its last; nodes are numbered parents first, so walking them backwards
        // sees every child before its parent.
        for index in nodes.indices.reversed() {
            var first = Int32.max
            var last = Int32(-1)
            for child in childLists[index] {
                if child < 0 {
                    first = min(first, -child - 1)
                    last = max(last, -child - 1)
                } else {
                    first = min(first, nodes[Int(child)].firstToken)
                    last = max(last, nodes[Int(child)].tokenEnd - 1)
                }
            }
            nodes[index].firstToken = first == Int32.max ? 0 : first
            nodes[index].tokenEnd = last + 1
        }
        return SyntaxTree(file: file, tokens: tokens, nodes: nodes, children: children, misplacedNodeCount: misplaced)
    }
}
