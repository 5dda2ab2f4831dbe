import Foundation
import Testing

/// `cmtc build` and `cmtc run` driven as a user would: outputs, summaries and exit codes.
@Suite("cmtc build and run", .serialized)
struct CmtcBuildRunTests {
    static func write(_ text: String, name: String = "main.cmt") throws -> URL {
        let file = try CmtcCheckTests.temporaryDirectory().appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("run prints a script's output on stdout and the gas on stderr")
    func runScript() throws {
        let file = try Self.write("let total = 0;\nfor (let i = 1; i <= 4; i++) { total += i * 0.5; }\nprint(\"total \" + total);\n")
        let run = try CmtcCheckTests.cmtc(["run", file.path])
        #expect(run.status == 0)
        #expect(run.stdout == "total 5\n")
        #expect(run.stderr.contains("gas used: "))
        let quiet = try CmtcCheckTests.cmtc(["run", "--quiet", file.path])
        #expect(quiet.stdout == "total 5\n" && quiet.stderr.isEmpty)
    }

    @Test("run deploys a contract and calls an entry point with typed arguments")
    func runContract() throws {
        let example = CmtcCheckTests.packageRoot.appendingPathComponent("Examples/invoices").path
        let run = try CmtcCheckTests.cmtc(["run", example, "--entry", "demo"])
        #expect(run.status == 0)
        #expect(run.stdout == "issued 3 invoices, paid #1\n")
        #expect(run.stderr.contains("event Paid {id: 1, amount: 1250.75}"))
        #expect(run.stderr.contains("result: open 100.09, overdue []"))
        let later = try CmtcCheckTests.cmtc(["run", example, "--entry", "issue", "--arg", "2.5", "--arg", "0"])
        #expect(later.stderr.contains("result: 1"))
    }

    @Test("a contract reads a top-level const: the module constant is computed in the call (it was null)")
    func runContractWithModuleConstant() throws {
        let file = try Self.write("const FEE = 5;\ncontract C {\n    public function f(): number { return FEE + 1; }\n}\n", name: "c.cmt")
        let run = try CmtcCheckTests.cmtc(["run", file.path, "--entry", "f"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("result: 6"))
    }

    @Test("a module constant computed by a call is a compile error with a caret (E0417), exit 1")
    func moduleConstantCallRejected() throws {
        let file = try Self.write("function g(): number { print(\"x\"); return 1; }\nconst FEE = g();\ncontract C {\n    public function f(): number { return FEE; }\n}\n", name: "c.cmt")
        let run = try CmtcCheckTests.cmtc(["run", file.path, "--entry", "f"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error[E0417]: the initializer of module constant 'FEE' cannot call a function"))
        #expect(run.stderr.contains("^^^"))
    }

    @Test("a revert prints its reason and exits 1")
    func revertExits1() throws {
        let example = CmtcCheckTests.packageRoot.appendingPathComponent("Examples/invoices").path
        let run = try CmtcCheckTests.cmtc(["run", example, "--entry", "issue", "--arg", "0", "--arg", "3"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("reverted: the amount must be positive"))
    }

    @Test("a trap names its cause and where it happened")
    func trapLocation() throws {
        let file = try Self.write("function f(d: number): number {\n    return 10 / d;\n}\nprint(f(0));\n", name: "div.cmt")
        let run = try CmtcCheckTests.cmtc(["run", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("division by zero"))
        #expect(run.stderr.contains("div.cmt:2:"))
    }

    @Test("bad arguments are usage errors (exit 2)")
    func usageErrors() throws {
        let example = CmtcCheckTests.packageRoot.appendingPathComponent("Examples/invoices").path
        let missing = try CmtcCheckTests.cmtc(["run", example, "--entry", "issue", "--arg", "1"])
        #expect(missing.status == 2)
        #expect(!missing.stderr.contains("deployed"))  // arguments are checked before anything runs
        #expect(try CmtcCheckTests.cmtc(["run", example, "--entry", "nope"]).status == 2)
        #expect(try CmtcCheckTests.cmtc(["run", example, "--entry", "issue", "--arg", "x", "--arg", "1"]).status == 2)
        #expect(try CmtcCheckTests.cmtc(["run", "/no/such/file.cmt"]).status == 2)
        let script = try Self.write("print(1);\n", name: "script.cmt")
        #expect(try CmtcCheckTests.cmtc(["run", script.path, "--entry", "main"]).status == 2)
    }

    @Test("compile errors exit 1 with diagnostics and run nothing")
    func compileErrors() throws {
        let file = try Self.write("print(\"side effect\");\nlet x: number = \"five\";\n")
        let run = try CmtcCheckTests.cmtc(["run", file.path])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("error[E0203]"))
    }

    @Test("build writes the same verified module every time, and emits asm and IR")
    func build() throws {
        let source = CmtcCheckTests.packageRoot.appendingPathComponent("Examples/invoices/invoices.cmt").path
        let dir = try CmtcCheckTests.temporaryDirectory()
        let first = dir.appendingPathComponent("a.cmtb").path
        let second = dir.appendingPathComponent("b.cmtb").path
        #expect(try CmtcCheckTests.cmtc(["build", source, "-o", first]).status == 0)
        #expect(try CmtcCheckTests.cmtc(["build", source, "-o", second]).status == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: first))
        let b = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(a == b)
        #expect(Array(a.prefix(4)) == Array("CMTB".utf8))
        let asm = try CmtcCheckTests.cmtc(["build", source, "--emit", "asm"])
        #expect(asm.status == 0 && asm.stdout.contains("Invoices.issue"))
        let ir = try CmtcCheckTests.cmtc(["build", source, "--emit", "ir"])
        #expect(ir.status == 0 && ir.stdout.contains("function ") && ir.stdout.contains("bb0:"))
    }

    @Test("run drives the white paper's purchase process from its contract")
    func purchaseProcess() throws {
        let example = CmtcCheckTests.packageRoot.appendingPathComponent("Examples/purchase").path
        let run = try CmtcCheckTests.cmtc(["run", example, "--entry", "advance", "--arg", "25"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("event Step {state: evaluate}\nevent Step {state: decrement inventory}\nevent Step {state: credit seller}\nevent Step {state: deduct from buyer}\nresult: true"))
        let declined = try CmtcCheckTests.cmtc(["run", example, "--entry", "decline"])
        #expect(declined.stderr.contains("result: true"))
    }

    @Test("a start_process path that names no .bpm file of the program is a compile error")
    func unknownProcess() throws {
        let file = try Self.write("contract C { public function go(): number { return start_process(\"missing.bpm\").id; } }\n")
        let run = try CmtcCheckTests.cmtc(["run", file.path, "--entry", "go"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error[E0505]: no process definition 'missing.bpm' in this program (it has no .bpm files)"))
    }

    @Test("run asks the white paper's pricing rule set from its contract: 741 gets 80, 700 gets 100")
    func pricingRules() throws {
        let example = CmtcCheckTests.packageRoot.appendingPathComponent("Examples/pricing").path
        let good = try CmtcCheckTests.cmtc(["run", example, "--entry", "quote", "--arg", "741", "--arg", "100"])
        #expect(good.status == 0 && good.stderr.contains("result: 80\n"))
        let fair = try CmtcCheckTests.cmtc(["run", example, "--entry", "quote", "--arg", "700", "--arg", "100"])
        #expect(fair.status == 0 && fair.stderr.contains("result: 100\n"))
    }
}
