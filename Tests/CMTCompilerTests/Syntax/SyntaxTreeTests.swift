import CMTCompiler
import CMTFuzzKit
import CMTSource
import Testing

/// The lossless tree prints every file back byte for byte, valid or not, and its spans are exact.
@Suite struct SyntaxTreeTests {
    static func parse(_ bytes: [UInt8]) -> SyntaxTree.Parse {
        SyntaxTree.parse(SourceFile(id: FileID(0), path: "test.cmt", bytes: bytes))
    }

    static func parse(_ text: String) -> SyntaxTree.Parse { parse(Array(text.utf8)) }

    /// Checks the structural promises of a tree: it prints back to the file, tokens are in order and
    /// cover the file (trivia from the previous present token), node token ranges match their
    /// children, and each node's span runs from its first to its last present token.
    static func expectLossless(_ bytes: [UInt8], _ name: String) {
        let tree = parse(bytes).tree
        #expect(tree.sourceBytes == bytes, "\(name) does not print back")
        var covered = 0
        for token in tree.tokens {
            if token.isMissing {
                #expect(token.span.start == token.span.end && token.leadingTriviaSpan.start == token.span.start)
                #expect(token.span.start >= covered, "\(name): missing token before the previous token's end")
                continue
            }
            #expect(token.leadingTriviaSpan.start == covered, "\(name): token trivia does not start at the previous token's end")
            #expect(token.span.start <= token.span.end)
            covered = token.span.end
        }
        #expect(covered == bytes.count && tree.tokens.last?.kind == .eof)
        for node in tree.root.descendantsAndSelf {
            let tokens = node.tokens
            let present = tokens.filter { !$0.isMissing }
            if let first = present.first, let last = present.last {
                #expect(node.span.start == first.span.start && node.span.end == last.span.end)
            }
            var childTokens: [SyntaxToken] = []
            for child in node.children {
                switch child {
                case .token(let token): childTokens.append(token)
                case .node(let inner):
                    #expect(inner.parent == node)
                    childTokens.append(contentsOf: inner.tokens)
                }
            }
            #expect(childTokens == tokens, "\(name): a \(node.kind) node's children are not its tokens")
        }
    }

    @Test("every Example, Stdlib, golden and documentation .cmt file prints back byte for byte from its tree")
    func corpusRoundTrips() {
        #expect(SyntaxTreeCorpus.files.count > 50)
        for (name, bytes) in SyntaxTreeCorpus.files { Self.expectLossless(bytes, name) }
    }

    @Test("every AST node of a file without syntax errors is a tree node with exactly the AST node's span")
    func spansMatchTheAST() {
        var checked = 0
        for (name, bytes) in SyntaxTreeCorpus.files {
            let file = SourceFile(id: FileID(0), path: "test.cmt", bytes: bytes)
            let parse = SyntaxTree.parse(file)
            guard !parse.diagnostics.contains(where: { $0.severity == .error }) else { continue }
            #expect(!parse.tree.hasErrors, "\(name)")
            #expect(parse.tree.misplacedNodeCount == 0, "\(name): \(parse.tree.misplacedNodeCount) AST nodes cross their siblings")
            var astSpans: [Int32: Span] = [:]
            SyntaxWalk.forEachExpression(in: parse.syntax) { astSpans[$0.id.rawValue] = $0.span }
            for node in parse.tree.root.descendantsAndSelf {
                guard let id = node.astID, let span = astSpans[id.rawValue] else { continue }
                #expect(node.span == span, "\(name): \(node.kind) at \(node.span.start)")
                checked += 1
            }
        }
        #expect(checked > 10_000)
    }

    @Test("the AST is the same whether or not a lossless tree is built")
    func sameASTAsPlainParse() {
        for (name, bytes) in SyntaxTreeCorpus.files.prefix(60) {
            let file = SourceFile(id: FileID(0), path: "test.cmt", bytes: bytes)
            let plain = Parser.parse(file)
            let lossless = SyntaxTree.parse(file)
            #expect(ASTDump.dump(plain.0) == ASTDump.dump(lossless.syntax), "\(name)")
            #expect(plain.1.map(\.text) == lossless.diagnostics.map(\.text), "\(name)")
        }
    }

    @Test("10,000 seeded mutations of the corpus (token and byte deletes, inserts, duplicates, swaps) print back byte for byte")
    func mutationsRoundTrip() {
        var random = FuzzRandom(seed: 0x5EED_17)
        let seeds = SyntaxTreeCorpus.files.map(\.bytes).filter { $0.count < 2_500 }
        let words = ["{", "}", "(", ")", "[", "]", ";", ",", "=>", "`", "${", "\"", "'", "/*", "//", "\n", "function", "let", "class",
                     "contract", "<", ">>", "?", ":", ".", "0x", "1e", "\\", "\u{201C}", "…"].map { Array($0.utf8) }
        for _ in 0..<10_000 {
            guard var bytes = random.pick(seeds) else { break }
            let lexed = Lexer.tokenize(SourceFile(id: FileID(0), path: "m.cmt", bytes: bytes)).tokens.filter { $0.kind != .eof }
            for _ in 0..<(1 + random.below(4)) {
                let position = bytes.isEmpty ? 0 : random.below(bytes.count + 1)
                switch random.below(8) {
                case 0 where !bytes.isEmpty && position < bytes.count: bytes.remove(at: position)
                case 1: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                case 2: bytes.insert(contentsOf: random.pick(words) ?? [], at: position)
                case 3 where position < bytes.count:
                    let end = min(bytes.count, position + 1 + random.below(40))
                    bytes.insert(contentsOf: bytes[position..<end], at: position)
                case 4, 5, 6:
                    // Token edits, on the original's tokens while their offsets still hold.
                    guard let token = random.pick(lexed), Int(token.end) <= bytes.count else { continue }
                    let range = Int(token.start)..<Int(token.end)
                    if random.oneIn(2) {
                        bytes.removeSubrange(range)
                    } else if let other = random.pick(lexed), Int(other.end) <= bytes.count {
                        let text = Array(bytes[Int(other.start)..<Int(other.end)])
                        bytes.replaceSubrange(range, with: text)
                    }
                default:
                    if bytes.count > 2 && position + 1 < bytes.count { bytes.swapAt(position, position + 1) }
                }
            }
            let tree = Self.parse(bytes).tree
            if tree.sourceBytes != bytes {
                Issue.record("a mutation does not print back: \(String(decoding: bytes.prefix(400), as: UTF8.self))")
                return
            }
        }
    }

    @Test("random mutations hold the structural promises (token order, trivia, node ranges)")
    func mutationsKeepStructure() {
        var random = FuzzRandom(seed: 42)
        let seeds = SyntaxTreeCorpus.files.map(\.bytes).filter { $0.count < 3_000 }
        for _ in 0..<300 {
            guard var bytes = random.pick(seeds) else { break }
            for _ in 0..<(1 + random.below(3)) where !bytes.isEmpty {
                let position = random.below(bytes.count)
                if random.oneIn(2) { bytes.remove(at: position) } else { bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position) }
            }
            Self.expectLossless(bytes, "mutation")
        }
    }

    @Test("invalid UTF-8, stray bytes, a byte-order mark and unterminated literals print back byte for byte")
    func strayBytesRoundTrip() {
        let inputs: [[UInt8]] = [
            [0xEF, 0xBB, 0xBF] + Array("let x = 1;\n".utf8),
            Array("let s = \"abc".utf8) + [0xFF, 0xFE, 0x80] + Array("\n".utf8),
            [0xC3] ,
            [0x80, 0x80, 0xF4, 0x90, 0x80, 0x80, 0x00, 0x7F],
            Array("/* never closed\n let x = 1;".utf8),
            Array("`template ${ 1 + ".utf8),
            Array("function f( {\r\n  return #@;\r\n".utf8),
            Array("let m: Map<string, Map<string, number>>= 1;".utf8),
            Array("\u{201C}quoted\u{201D} x".utf8),
            [],
        ]
        for bytes in inputs { Self.expectLossless(bytes, "stray bytes") }
    }

    @Test("missing tokens have zero width at the offset where they belong; skipped tokens are unexpected")
    func missingAndUnexpected() {
        let tree = Self.parse("let x = (1 + 2;\nfoo bar baz;\n").tree
        let missing = tree.tokens.filter(\.isMissing)
        #expect(missing.map(\.kind) == [.rParen])
        #expect(missing.first?.span.start == 14)
        let unexpected = tree.root.descendantsAndSelf.filter { $0.kind == .unexpected }
        #expect(!unexpected.isEmpty)
        #expect(unexpected.allSatisfy { node in node.tokens.allSatisfy { $0.presence == .unexpected } })
        #expect(unexpected.map(\.description).joined().contains("bar"))
    }

    @Test("a missing expression is an error node holding one missing token")
    func missingExpression() {
        let tree = Self.parse("let x = ;").tree
        let error = tree.root.descendantsAndSelf.first { $0.kind == .errorExpr }
        #expect(error?.tokens.map(\.isMissing) == [true])
        // The binding's span ends at '='; the error expression sits at the ';' it stopped at.
        #expect(error?.parent?.kind == .variableDecl)
        #expect(error?.span.start == 8)
    }

    @Test("the tree's nodes mirror the AST: kinds, nesting and AST ids")
    func nodeKinds() {
        let parse = Self.parse("contract C {\n  x: number = 1;\n  public function f(a: number): number { return a * 2 + x; }\n}\n")
        let kinds = parse.tree.root.descendantsAndSelf.map(\.kind)
        #expect(kinds == [.sourceFile, .contractDecl, .fieldDecl, .namedType, .numberLiteral, .functionDecl, .parameter, .namedType,
                          .namedType, .codeBlock, .returnStmt, .binaryExpr, .binaryExpr, .identifierExpr, .numberLiteral, .identifierExpr])
        let binary = parse.tree.root.descendantsAndSelf.first { $0.kind == .binaryExpr }
        #expect(binary?.description == " a * 2 + x")
        #expect(binary?.span.start == 78)
        #expect(binary?.astID != nil)
    }

    @Test("trivia pieces split whitespace, line breaks and every kind of comment, covering the trivia exactly")
    func triviaPieces() {
        let source = "\u{FEFF}  // line\r\n/// doc\n\t/* block */ /** doc block */\u{0B}\r/* open"
        let tree = Self.parse(source).tree
        let pieces = tree.tokens.flatMap(\.leadingTrivia)
        #expect(pieces.map(\.kind) == [.byteOrderMark, .whitespace, .lineComment, .newlines, .docLineComment, .newlines, .whitespace,
                                       .blockComment, .whitespace, .docBlockComment, .otherWhitespace, .otherWhitespace, .blockComment])
        #expect(pieces.first?.range.lowerBound == 0 && pieces.last?.range.upperBound == source.utf8.count)
        for (a, b) in zip(pieces, pieces.dropFirst()) { #expect(a.range.upperBound == b.range.lowerBound) }
    }

    @Test("a '>>' closing two type argument lists is two '>' tokens in the tree")
    func splitAngles() {
        let tree = Self.parse("let m: Map<string, Map<string, number>> = x;").tree
        let closers = tree.tokens.filter { $0.kind == .greater }
        #expect(closers.map(\.span.start) == [37, 38])
        #expect(tree.sourceBytes == Array("let m: Map<string, Map<string, number>> = x;".utf8))
    }

    @Test("token lookup by offset finds the token whose text or trivia holds the offset")
    func tokenAtOffset() {
        let tree = Self.parse("let  value = 1;").tree
        #expect(tree.token(at: 6)?.text == "value")
        #expect(tree.token(at: 4)?.text == "value")
        #expect(tree.token(at: 15)?.kind == .eof)
        #expect(tree.root.innermostNode(at: 13).kind == .numberLiteral)
    }
}
