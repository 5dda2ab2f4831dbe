import CMTBytecode
import CMTCompiler
import Testing

/// The IR passes: what constant folding, copy propagation and dead code elimination leave.
@Suite struct IRTests {
    @Test("constant expressions fold to one load")
    func constantFolding() throws {
        let output = try compile("function f(): number { return 2 * 3 + 4; } print(f());")
        #expect(output.irText.contains("loadI 10"))
        #expect(!output.irText.contains("mul"))
    }

    @Test("an integer operand selects the immediate form and its load disappears")
    func immediates() throws {
        let output = try compile("function f(x: number): number { return x + 1; } print(f(1));")
        let f = try #require(output.irText.components(separatedBy: "function f1 f").last)
        #expect(f.contains("= addI r0, 1"))
        #expect(!f.contains("loadI"))
    }

    @Test("a loop with a straight-line body is one block that branches to itself")
    func loopShape() throws {
        let output = try compile("let s = 0; let i = 0; while (i < 100) { s = s + i; i = i + 1; } print(s);")
        let ir = output.irText
        #expect(ir.contains("r0: number = add r0, r1\n  r1: number = addI r1, 1\n  branch r1 < 100 ? bb1 : bb2"))
        #expect(ir.contains("branch r1 < 100"))
    }

    @Test("a branch on a constant condition becomes a jump and the dead side goes")
    func branchFolding() throws {
        let output = try compile("function f(): number { if (1 < 2) { return 1; } return 2; } print(f());")
        #expect(!output.irText.contains("loadI 2"))
    }

    @Test("a function beyond the frame limits is a clean error, not a crash")
    func frameLimits() {
        let params = (0..<300).map { "p\($0): number" }.joined(separator: ", ")
        let errors = compileErrors("function f(\(params)): number { return p0; }\nprint(f(\(Array(repeating: "1", count: 300).joined(separator: ", "))));")
        #expect(errors.map(\.message.id.code) == ["E0501"])
    }

    @Test("every compiled module passes the verifier")
    func verifies() throws {
        let output = try compile(ScriptTestsSources.all)
        let module = try #require(output.module)
        #expect(throws: Never.self) { try Verifier.verify(module) }
    }
}

enum ScriptTestsSources {
    static let all = """
        class P { x: number = 1; get(): number { return x; } }
        let p = new P();
        let f = (y: number): number => y + p.get();
        print(f(2));
        """
}
