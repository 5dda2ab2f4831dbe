import CMTSource

/// A node of a ``SyntaxTree``: a handle (the tree and an index), cheap to copy and compare.
public struct SyntaxNode: Sendable, Hashable {
    public let tree: SyntaxTree
    let index: Int32

    init(tree: SyntaxTree, index: Int32) {
        self.tree = tree
        self.index = index
    }

    public static func == (a: SyntaxNode, b: SyntaxNode) -> Bool { a.tree === b.tree && a.index == b.index }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(tree))
        hasher.combine(index)
    }

    private var raw: RawNode { tree.nodeData[Int(index)] }

    public var kind: SyntaxKind { raw.kind }

    /// The ``NodeID`` of the AST node this node stands for, when the AST numbers it.
    public var astID: NodeID? { raw.astID >= 0 ? NodeID(raw.astID) : nil }

    /// The enclosing node; nil for the root.
    public var parent: SyntaxNode? { raw.parent >= 0 ? SyntaxNode(tree: tree, index: raw.parent) : nil }

    /// The nodes and tokens directly inside this node, in source order.
    public var children: [SyntaxElement] {
        let raw = self.raw
        return tree.childData[Int(raw.childStart)..<Int(raw.childEnd)].map { child in
            child >= 0 ? .node(SyntaxNode(tree: tree, index: child)) : .token(SyntaxToken(tree: tree, index: -child - 1))
        }
    }

    /// The nodes directly inside this node, in source order.
    public var childNodes: [SyntaxNode] {
        children.compactMap { if case .node(let node) = $0 { node } else { nil } }
    }

    /// Every token of the node (missing and unexpected ones included), in source order.
    public var tokens: [SyntaxToken] {
        (raw.firstToken..<raw.tokenEnd).map { SyntaxToken(tree: tree, index: $0) }
    }

    /// The node's text without the leading trivia of its first token: from its first present
    /// token's start to its last present token's end (a point at its offset if it holds only
    /// missing tokens).
    public var span: Span {
        let raw = self.raw
        let tokens = tree.tokenData[Int(raw.firstToken)..<Int(raw.tokenEnd)]
        let present = tokens.filter { $0.presence != .missing || $0.kind == .eof }
        let start = present.first?.start ?? tokens.first?.start ?? 0
        let end = present.last?.end ?? start
        return Span(file: tree.file.id, start: Int(start), end: Int(end))
    }

    /// The node's bytes including the leading trivia of its first token.
    public var fullSpan: Span {
        let raw = self.raw
        guard raw.firstToken < raw.tokenEnd else { return span }
        let first = tree.tokenData[Int(raw.firstToken)]
        let last = tree.tokenData[Int(raw.tokenEnd) - 1]
        return Span(file: tree.file.id, start: Int(first.triviaStart), end: Int(last.end))
    }

    /// Whether the node holds a missing or unexpected token (its own or a descendant's).
    public var containsErrors: Bool {
        let raw = self.raw
        return tree.tokenData[Int(raw.firstToken)..<Int(raw.tokenEnd)].contains { $0.presence != .present }
    }

    /// The node's source text, trivia included: exactly the bytes of ``fullSpan``.
    public var description: String {
        var bytes: [UInt8] = []
        writeSource(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the node's bytes (each token's leading trivia, then its text) by walking its
    /// children in order, with an explicit stack.
    public func writeSource(into bytes: inout [UInt8]) {
        let source = tree.file.bytes
        var stack: [Int32] = [index]
        while let top = stack.popLast() {
            if top < 0 {
                let token = tree.tokenData[Int(-top - 1)]
                guard token.presence != .missing else { continue }
                bytes.append(contentsOf: source[Int(token.triviaStart)..<Int(token.end)])
                continue
            }
            let raw = tree.nodeData[Int(top)]
            stack.append(contentsOf: tree.childData[Int(raw.childStart)..<Int(raw.childEnd)].reversed())
        }
    }

    /// The node and every node below it, parents before children, in source order.
    public var descendantsAndSelf: [SyntaxNode] {
        var result: [SyntaxNode] = []
        var stack: [SyntaxNode] = [self]
        while let node = stack.popLast() {
            result.append(node)
            stack.append(contentsOf: node.childNodes.reversed())
        }
        return result
    }

    /// The innermost node below this one whose span contains `offset` (this node when none does).
    public func innermostNode(at offset: Int) -> SyntaxNode {
        var node = self
        while let child = node.childNodes.first(where: { $0.span.start <= offset && offset < $0.span.end }) { node = child }
        return node
    }
}

/// A child of a node: another node or a token.
public enum SyntaxElement: Sendable, Hashable {
    case node(SyntaxNode)
    case token(SyntaxToken)
}

/// A token of a ``SyntaxTree``: a handle (the tree and an index).
public struct SyntaxToken: Sendable, Hashable {
    public let tree: SyntaxTree
    let index: Int32

    init(tree: SyntaxTree, index: Int32) {
        self.tree = tree
        self.index = index
    }

    public static func == (a: SyntaxToken, b: SyntaxToken) -> Bool { a.tree === b.tree && a.index == b.index }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(tree))
        hasher.combine(index)
    }

    private var raw: RawToken { tree.tokenData[Int(index)] }

    public var kind: TokenKind { raw.kind }
    public var presence: TokenPresence { raw.presence }
    public var isMissing: Bool { raw.presence == .missing }
    /// The token's position among all tokens of the tree.
    public var indexInTree: Int { Int(index) }

    /// The token's text (empty for a missing token).
    public var span: Span { Span(file: tree.file.id, start: Int(raw.start), end: Int(raw.end)) }

    /// The bytes before the token that belong to it: white space and comments since the previous
    /// present token (empty for a missing token).
    public var leadingTriviaSpan: Span { Span(file: tree.file.id, start: Int(raw.triviaStart), end: Int(raw.start)) }

    /// The leading trivia, piece by piece.
    public var leadingTrivia: [TriviaPiece] { TriviaPiece.pieces(of: tree.file.bytes, in: Int(raw.triviaStart)..<Int(raw.start)) }

    /// The token's source text.
    public var text: String { String(decoding: tree.file.bytes[Int(raw.start)..<Int(raw.end)], as: UTF8.self) }

    /// The node that holds the token.
    public var parent: SyntaxNode { SyntaxNode(tree: tree, index: raw.parent) }
}
