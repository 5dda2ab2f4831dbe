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
        #expect(output.irText.contains("addI r1, r0, 1") || output.irText.contains("addI r0, r0, 1"))
        #expect(!output.irText.contains("loadI r1, 1"))
    }

    @Test("a loop with a straight-line body is one block that branches to itself")
    func loopShape() throws {
        let output = try compile("let s = 0; let i = 0; while (i < 100) { s = s + i; i = i + 1; } print(s);")
        let ir = output.irText
        #expect(ir.contains("add r0, r0, r1"))
        #expect(ir.contains("branch r1 < 100"))
    }

    @Test("a branch on a constant condition becomes a jump and the dead side goes")
    func branchFolding() throws {
        let output = try compile("function f(): number { if (1 < 2) { return 1; } return 2; } print(f());")
        #expect(!output.irText.contains("loadI r0, 2"))
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
