import CMTSource

/// The lossless concrete syntax tree of one `.cmt` file: every byte of the source, valid or not,
/// sits in exactly one token (its text) or in the leading trivia of one token (white space,
/// comments, a byte-order mark), so ``SyntaxNode/writeSource(into:)`` on ``root`` gives back the
/// file byte for byte.
///
/// ### Layout
/// The tree is stored flat (as rust-analyzer's and swift-syntax's raw layers are): one array of
/// tokens in source order, one array of nodes (the root first, every parent before its children)
/// and one array of child references. ``SyntaxNode`` and ``SyntaxToken`` are small handles into it.
///
/// ```
/// tokens:   [let] [x] [=] [⟨missing identifier⟩] [;] [⟨eof⟩]
/// nodes:    sourceFile ─ variableDecl ─ variableBinding ─ errorExpr
/// trivia:   each token's leading trivia runs from the end of the previous present token
/// ```
///
/// ### Errors are in the tree
/// Parsing never fails. A token the grammar needs but the source lacks is a *missing* token: zero
/// width, at the offset where it belongs, with no trivia. Tokens that recovery skipped are
/// *unexpected*: they keep their text and sit in ``SyntaxKind/unexpected`` nodes. The diagnostics
/// that explain both come back from ``parse(_:isPrelude:)`` beside the tree.
///
/// ### Built beside the typed AST
/// The parser that produces the typed AST (which the checker and the code generator consume) writes
/// down the tokens it reads when asked to; the tree is then laid over those tokens using the AST
/// nodes' spans, and each node keeps its AST node's ``NodeID`` (``SyntaxNode/astID``). A plain
/// ``Parser/parse(_:isPrelude:)`` (what `cmtc check` and `cmtc build` run) records nothing.
public final class SyntaxTree: Sendable {
    /// The file the tree was read from.
    public let file: SourceFile
    let tokenData: [RawToken]
    let nodeData: [RawNode]
    /// Child references of every node, each node's run contiguous: a value `>= 0` is a node index,
    /// a negative value `v` is the token index `-v - 1`.
    let childData: [Int32]
    /// How many AST nodes with a nonempty span could not be placed because their span crosses a
    /// sibling's (always 0 for the AST the parser builds; a check for tests).
    public let misplacedNodeCount: Int

    init(file: SourceFile, tokens: [RawToken], nodes: [RawNode], children: [Int32], misplacedNodeCount: Int) {
        self.file = file
        self.tokenData = tokens
        self.nodeData = nodes
        self.childData = children
        self.misplacedNodeCount = misplacedNodeCount
    }

    /// The root node (``SyntaxKind/sourceFile``).
    public var root: SyntaxNode { SyntaxNode(tree: self, index: 0) }

    /// Every token in source order, missing and unexpected ones included, ending with the
    /// end-of-file token.
    public var tokens: [SyntaxToken] { (0..<tokenData.count).map { SyntaxToken(tree: self, index: Int32($0)) } }

    /// How many tokens the tree holds.
    public var tokenCount: Int { tokenData.count }

    /// The token at `index` in source order.
    public func token(_ index: Int) -> SyntaxToken? {
        index >= 0 && index < tokenData.count ? SyntaxToken(tree: self, index: Int32(index)) : nil
    }

    /// Whether the tree holds a missing or unexpected token anywhere.
    public var hasErrors: Bool { tokenData.contains { $0.presence != .present } }

    /// The present token whose text (or leading trivia) contains `offset`, found by binary search;
    /// the end-of-file token for the end of the file.
    public func token(at offset: Int) -> SyntaxToken? {
        var low = 0
        var high = tokenData.count
        while low < high {
            let mid = (low + high) / 2
            if Int(tokenData[mid].end) <= offset && tokenData[mid].kind != .eof { low = mid + 1 } else { high = mid }
        }
        var index = low
        while index < tokenData.count, tokenData[index].presence == .missing { index += 1 }
        return index < tokenData.count ? SyntaxToken(tree: self, index: Int32(index)) : nil
    }

    /// The whole source as the tree prints it (the file's bytes, by construction).
    public var sourceBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(file.bytes.count)
        root.writeSource(into: &bytes)
        return bytes
    }
}

/// One token of the tree: where its leading trivia and its text lie, and whether it is present.
struct RawToken: Sendable {
    let kind: TokenKind
    let triviaStart: Int32
    let start: Int32
    let end: Int32
    let presence: TokenPresence
    var parent: Int32
}

/// One node of the tree: its kind, AST link, parent, children and token range.
struct RawNode: Sendable {
    let kind: SyntaxKind
    let astID: Int32
    let parent: Int32
    var childStart: Int32 = 0
    var childEnd: Int32 = 0
    var firstToken: Int32 = 0
    var tokenEnd: Int32 = 0
}

extension SyntaxTree {
    /// The result of a lossless parse: the typed AST (exactly what ``Parser/parse(_:isPrelude:)``
    /// returns), the lossless tree, and the diagnostics.
    public struct Parse: Sendable {
        public let syntax: SourceFileSyntax
        public let tree: SyntaxTree
        public let diagnostics: [Diagnostic]
    }

    /// Parses `file` into both the typed AST and the lossless tree.
    public static func parse(_ file: SourceFile, isPrelude: Bool = false) -> Parse {
        let lexer = Lexer.tokenize(file)
        var parser = Parser(file: file, tokens: lexer.tokens, comments: lexer.comments, isPrelude: isPrelude)
        parser.recording = SyntaxRecording(capacity: lexer.tokens.count + 16)
        let (syntax, diagnostics) = parser.parseFile(lexerDiagnostics: lexer.diagnostics.diagnostics)
        var builder = SyntaxTreeBuilder(file: file, recorded: parser.recording?.tokens ?? [], lexed: lexer.tokens)
        let tree = builder.build(outline: SyntaxOutline.of(syntax))
        return Parse(syntax: syntax, tree: tree, diagnostics: diagnostics)
    }
}
