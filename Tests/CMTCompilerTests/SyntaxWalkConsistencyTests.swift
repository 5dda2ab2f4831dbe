import CMTCompiler
import CMTSource
import Testing

/// The one syntax-tree walker (``SyntaxWalk``) and the other walks over a tree agree on which
/// expressions there are: the type checker records a type for exactly the expressions the walk
/// reaches (callees aside, which the checker resolves as part of their call), and the dump the
/// formatter's round-trip check compares prints one line per walked expression.
@Suite("SyntaxWalk consistency")
struct SyntaxWalkConsistencyTests {
    /// Well-typed programs that use every kind of node (statements, expressions, patterns, classes,
    /// interfaces, contracts, events, field initializers, nested functions and arrows).
    static let programs: [(name: String, source: String)] = [
        ("script", """
            function sum(...xs: number[]): number {
                let total = 0;
                for (const x of xs) total += x;
                return total;
            }
            let values = [1, 2, ...[3, 4]];
            const [first, , third = 9, ...rest] = values;
            const { size, label = 5 } = { size: 2, label: 3 };
            let i = 0;
            do { i++; } while (i < 3);
            outer: for (let j = 0; j < 3; j++) {
                switch (j) {
                    case 0:
                        continue outer;
                    default:
                        break outer;
                }
            }
            const add = (a: number, b: number = 1): number => a + b;
            function nested(n: number): number {
                function inner(k: number): number { return k * 2; }
                return inner(n) + (n > 0 ? add(n) : -n);
            }
            const m = new Map<string, number>();
            m.set("a", 1);
            const text = `sum ${sum(first, third, ...rest)} of ${values.length}`;
            print(text + nested(size ?? 0) + label + m.get("a")! + (m.get("b") ?? 0) + i);
            """),
        ("classes", """
            interface Shape { area(): number; }
            abstract class Base implements Shape {
                static COUNT = 1;
                sides: number = Base.COUNT + 2;
                constructor(public name: string) {}
                abstract area(): number;
                describe(): string { return this.name + " " + this.area(); }
            }
            class Square extends Base {
                constructor(private side: number = 2) { super("square"); }
                area(): number { return this.side * this.side; }
                describe(): string { return super.describe() + "!"; }
            }
            const shapes: Shape[] = [new Square(3), new Square()];
            for (const s of shapes) print(s.area());
            print(new Square(1).describe());
            """),
        ("contract", """
            contract Counter {
                count: number = 0;
                event Changed(by: address, value: number);
                public function add(n: number): number {
                    this.count += n;
                    emit Changed(msg.sender, this.count);
                    return this.count;
                }
            }
            """),
    ]

    static func check(_ source: String) -> (CheckedModule, SourceFileSyntax) {
        let sources = SourceManager()
        let file = sources.add(path: "test.cmt", text: source)
        let (syntax, _) = Parser.parse(file)
        let module = Checker.check([syntax], sources: sources)
        return (module, syntax)
    }

    @Test("the checker records a type for every expression the walk reaches, and for no other", arguments: programs.map(\.name))
    func checkerVisitsWhatTheWalkVisits(_ name: String) throws {
        let source = try #require(Self.programs.first { $0.name == name }?.source)
        let (module, syntax) = Self.check(source)
        #expect(module.diagnostics.filter { $0.severity == .error }.map(\.text) == [])
        var walked: [NodeID: Expr] = [:]
        var callees = Set<NodeID>()
        SyntaxWalk.forEachExpression(in: syntax) { expr in
            walked[expr.id] = expr
            if case .call(let callee, _, _) = expr.kind {
                var target = callee
                callees.insert(target.id)
                while case .paren(let inner) = target.kind {
                    target = inner
                    callees.insert(target.id)
                }
            }
        }
        let types = try #require(module.expressionTypes.last)
        let recorded = Set(types.indices.filter { types[$0] != .error }.map { NodeID(Int32($0)) })
        let missed = walked.keys.filter { !recorded.contains($0) && !callees.contains($0) }
        #expect(missed.isEmpty, "walked, not checked: \(missed.compactMap { walked[$0].map { source.utf8Slice($0.span) } })")
        let unknown = recorded.subtracting(walked.keys)
        #expect(unknown.isEmpty, "checked, not walked: \(unknown.count) expressions")
    }

    @Test("the tree dump prints one expression line per expression the walk reaches", arguments: programs.map(\.name))
    func dumpVisitsWhatTheWalkVisits(_ name: String) throws {
        let source = try #require(Self.programs.first { $0.name == name }?.source)
        let (_, syntax) = Self.check(source)
        var count = 0
        SyntaxWalk.forEachExpression(in: syntax) { _ in count += 1 }
        // Lines the dump writes for expressions: everything but statements, declarations,
        // patterns, parameters and labels.
        let structural = ["expr-stmt", "let", "const", "block", "if", "else", "while", "for", "for-of", "return", "do-while", "switch",
                          "case", "default", "label", "break", "continue", "emit", "function", "param", "binding", "pattern", "array pattern",
                          "object pattern", "element", "hole", "rest", "class", "interface", "contract", "field", "event", "init:",
                          "cond:", "step:", "type:", "returns:", "default:", "no body", "empty", "key", "spread entries", "text"]
        let lines = ASTDump.dump(syntax).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let expressionLines = lines.filter { line in
            !structural.contains { line == $0 || line.hasPrefix($0 + " ") || (line.hasPrefix($0) && $0.hasSuffix(":")) }
        }
        #expect(expressionLines.count == count, "\(expressionLines.filter { _ in true })")
    }
}

private extension String {
    func utf8Slice(_ span: Span) -> String {
        let bytes = Array(utf8)
        return String(decoding: bytes[max(0, span.start)..<min(bytes.count, span.end)], as: UTF8.self)
    }
}

/// Disagreements the consistency test found, fixed.
@Suite("SyntaxWalk consistency findings")
struct SyntaxWalkFindingTests {
    @Test("an arrow function's default parameter value is type-checked (it was never checked)")
    func arrowDefaultIsChecked() {
        let codes = Frontend.check(text: """
            const f = (x: number = "one"): number => x;
            print(f());
            """).0.diagnostics.map(\.code)
        #expect(codes == ["E0203"])
    }
}
