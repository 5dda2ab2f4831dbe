import Testing
@testable import CMTCompiler
import CMTSource

/// The checker's rules for the top level of a contract program: only `const` declarations (E0244),
/// whose initializers only combine values (E0417).
@Suite("Module constants of contract programs")
struct ModuleConstantCheckTests {
    func codes(_ text: String) -> [String] {
        Frontend.check(text: text).0.diagnostics.map(\.code).filter { $0.hasPrefix("E") }
    }

    func contract(_ top: String) -> String {
        top + "\ncontract C { public function f(): number { return 1; } }\n"
    }

    @Test("constants built from literals, operators, other constants, arrays, maps, reads and arrows are accepted")
    func valuesAccepted() {
        #expect(codes(contract("""
            const A = 2;
            const B = -A * 3 + 1;
            const NAMES = ["x", "y"];
            const FIRST = NAMES[0];
            const COUNT = NAMES.length;
            const M = { a: A, b: B > 0 ? 1 : 2 };
            const F = (x: number): number => x + A;
            """)) == [])
    }

    @Test("calls, including calls of built-ins and methods, are rejected (E0417)")
    func callsRejected() {
        #expect(codes(contract("function g(): number { return 1; }\nconst A = g();")) == ["E0417"])
        #expect(codes(contract("const A = [3, 1].slice(1);")) == ["E0417"])
        #expect(codes(contract("const A = [1, [2, print(1)]];")).contains("E0417"))
    }

    @Test("new and assignments are rejected (E0417)")
    func newAndAssignRejected() {
        #expect(codes(contract("class P { x: number = 1; }\nconst A = new P();")) == ["E0417"])
        #expect(codes(contract("class P { static n: number = 1; }\nconst A = P.n = 2;")).contains("E0417"))
    }

    @Test("a static field computed by code cannot be read by a module constant; a literal one can")
    func staticFields() {
        #expect(codes(contract("class P { static n: number = 1; }\nconst A = P.n;")) == [])
        #expect(codes(contract("function g(): number { return 1; }\nclass P { static n: number = g(); }\nconst A = P.n;")) == ["E0417"])
    }

    @Test("an arrow body may call functions: it runs only when called")
    func arrowBodiesMayCall() {
        #expect(codes(contract("function g(): number { return 1; }\nconst F = (): number => g();")) == [])
    }

    @Test("scripts keep every top-level statement and computed constants")
    func scriptsUnaffected() {
        #expect(codes("function g(): number { return 1; }\nconst A = g();\nprint(A);") == [])
    }

    @Test("a statement in another file of a contract program is rejected: nothing would run it (E0244)")
    func statementInOtherFile() {
        let sources = SourceManager()
        let contractFile = sources.add(path: "c.cmt", text: "contract C { public function f(): number { return A; } }\n")
        let helper = sources.add(path: "helper.cmt", text: "const A = 1;\nprint(A);\n")
        let result = Frontend.check([contractFile, helper], sources: sources)
        #expect(result.diagnostics.map(\.code) == ["E0244"])
    }
}
