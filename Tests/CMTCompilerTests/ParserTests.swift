import Testing
@testable import CMTCompiler
import CMTSource

@Suite("Parser")
struct ParserTests {
    func parse(_ text: String) -> (SourceFileSyntax, [Diagnostic]) {
        Parser.parse(SourceFile(id: FileID(0), path: "t.cmt", text: text))
    }

    func firstExpression(_ text: String) -> Expr? {
        let (syntax, _) = parse(text)
        guard case .statement(let stmt)? = syntax.items.first, case .expression(let expr) = stmt.kind else { return nil }
        return expr
    }

    /// A compact rendering of an expression's structure with explicit grouping.
    func shape(_ expr: Expr) -> String {
        switch expr.kind {
        case .identifier(let name): name
        case .number(let text): text
        case .binary(let op, let lhs, let rhs, _): "(\(shape(lhs)) \(op.rawValue) \(shape(rhs)))"
        case .unary(let op, let operand): "(\(op.rawValue)\(shape(operand)))"
        case .assign(let op, let target, let value, _): "(\(shape(target)) \(op.rawValue) \(shape(value)))"
        case .conditional(let c, let t, let e): "(\(shape(c)) ? \(shape(t)) : \(shape(e)))"
        case .member(let base, let name, let optional): "\(shape(base))\(optional ? "?." : ".")\(name.name)"
        case .call(let callee, let arguments, _): "\(shape(callee))(\(arguments.map(shape).joined(separator: ", ")))"
        case .paren(let inner): "[\(shape(inner))]"
        default: "?"
        }
    }

    @Test("binary operators follow JavaScript precedence and associativity")
    func precedence() {
        #expect(firstExpression("a + b * c - d;").map(shape) == "((a + (b * c)) - d)")
        #expect(firstExpression("a || b && c == d < e + f;").map(shape) == "(a || (b && (c == (d < (e + f)))))")
        #expect(firstExpression("a ** b ** c;").map(shape) == "(a ** (b ** c))")
        #expect(firstExpression("x = y = a ?? b;").map(shape) == "(x = (y = (a ?? b)))")
        #expect(firstExpression("a ? b : c ? d : e;").map(shape) == "(a ? b : (c ? d : e))")
        #expect(firstExpression("-a.b(c) + !d;").map(shape) == "((-a.b(c)) + (!d))")
    }

    @Test("a line break ends a statement where a semicolon could stand")
    func automaticSemicolons() {
        let (syntax, diagnostics) = parse("x = 1\ny = 2\nif (x) { z = 3 }\n")
        #expect(diagnostics.isEmpty)
        #expect(syntax.items.count == 3)
        let (_, bad) = parse("x = 1 y = 2")
        #expect(bad.map(\.code) == ["E0100"])
    }

    @Test("'return' followed by a line break returns nothing")
    func returnRestriction() {
        let (syntax, _) = parse("function f(): void {\n  return\n  1\n}")
        guard case .function(let decl)? = syntax.items.first, let body = decl.body else {
            Issue.record("expected a function")
            return
        }
        guard case .returnStmt(let value) = body.statements[0].kind else {
            Issue.record("expected a return")
            return
        }
        #expect(value == nil)
        #expect(body.statements.count == 2)
    }

    @Test("one run reports every independent syntax error")
    func reportsAllErrors() {
        let source = """
            function a(x: number { return x; }
            let b = (1 + ;
            function c() { let = 3; }
            class D { field: number = ; }
            """
        let (_, diagnostics) = parse(source)
        let lines = Set(diagnostics.map { SourceFile(id: FileID(0), path: "", text: source).location(of: $0.span.start).line })
        #expect(lines == [1, 2, 3, 4])
    }

    @Test("contracts hold state, events, constructors, functions and webhooks")
    func contractMembers() {
        let (syntax, diagnostics) = parse("""
            contract C {
                owner: address;
                count: number = 0;
                event Bumped(by: address, count: number);
                constructor(o: address) { owner = o; }
                public function bump(): number { count += 1; emit Bumped(msg.sender, count); return count; }
                private function helper() {}
                webhook paid(amount: number) { count += amount; }
            }
            """)
        #expect(diagnostics.isEmpty)
        guard case .contract(let contract)? = syntax.items.first else {
            Issue.record("expected a contract")
            return
        }
        #expect(contract.members.count == 7)
    }

    @Test("deep nesting is a diagnostic, not a crash")
    func deepNesting() {
        let depth = 5000
        let (_, diagnostics) = parse(String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + ";")
        #expect(diagnostics.contains { $0.code == "E0106" })
        let (_, chain) = parse("x = " + Array(repeating: "1", count: 5000).joined(separator: " + ") + ";")
        #expect(chain.contains { $0.code == "E0106" })
    }

    @Test("arrow functions, generics and optional chaining parse")
    func modernSyntax() {
        let (_, diagnostics) = parse("""
            let f = (a: number, b?: string): number => a * 2;
            let g = x => x + 1;
            let m: Map<string, Map<string, number>> = {};
            let v = a?.b?.[0]?.(1)!;
            """)
        #expect(diagnostics.isEmpty)
    }
}
