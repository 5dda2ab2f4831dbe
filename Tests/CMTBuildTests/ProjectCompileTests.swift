import CMTBuild
import CMTSource
import Foundation
import Testing

/// Compiling projects and plain folders: which files are picked, how `load_rules` and
/// `start_process` paths resolve, library modules, and the cross-language checks.
@Suite("project compile")
struct ProjectCompileTests {
    static let pricingRules = """
        rule "Pricing"
          when
            m : Message(status == Message.GET_PRICE, fico_score > 740)
          then
            m.price = m.listed_price * 0.8;
        end
        """

    static func contract(loading path: String) -> String {
        """
        class Message {
            static GET_PRICE = 1;
            status: number = 0;
            fico_score: number = 0;
            listed_price: number = 0;
            price: number = 0;
        }
        contract Pricing {
            public function quote(fico: number, listed: number): number {
                engine = load_rules("\(path)");
                m = new Message();
                m.status = Message.GET_PRICE;
                m.fico_score = fico;
                m.listed_price = listed;
                m.price = listed;
                engine.send(m);
                return m.price;
            }
        }
        """
    }

    static let manifest = "[package]\nname = \"pricing\"\nversion = \"0.1.0\"\n"

    static func compile(_ root: String, stdlib: String? = nil) -> (ProgramCompiler.Result, String) {
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [root], sources: sources, stdlib: stdlib)
        let text = DiagnosticRenderer(sources: sources).render(result.diagnostics).replacingOccurrences(of: root + "/", with: "")
        return (result, text)
    }

    @Test("a project's rule file is named by its path relative to the project, and a unique file name works too")
    func projectRelativeRulePaths() throws {
        for path in ["rules/pricing.drl", "pricing.drl"] {
            let root = try TestProject.make([
                "cmt.toml": Self.manifest, "src/pricing.cmt": Self.contract(loading: path), "rules/pricing.drl": Self.pricingRules,
            ])
            let (result, text) = Self.compile(root)
            #expect(text.isEmpty, "\(path): \(text)")
            let compiled = try #require(result.compiled)
            #expect(compiled.ruleSets.keys.sorted() == ["rules/pricing.drl"])
            #expect(compiled.aliases["pricing.drl"] == "rules/pricing.drl")
            // The compiled code names the file the one way the program knows it, whichever way it was written.
            #expect(compiled.module.constants.contains(.string("rules/pricing.drl")))
            #expect(!compiled.module.constants.contains(.string("pricing.drl")))
            #expect(compiled.project.tests.isEmpty)
        }
    }

    @Test("an unknown rule path is E0507 and lists the project's rule files")
    func unknownRulePath() throws {
        let root = try TestProject.make([
            "cmt.toml": Self.manifest, "src/pricing.cmt": Self.contract(loading: "rules/pricng.drl"), "rules/pricing.drl": Self.pricingRules,
        ])
        let (result, text) = Self.compile(root)
        #expect(result.compiled == nil)
        #expect(text.contains("error[E0507]: no rule file 'rules/pricng.drl' in this program; it has 'pricing.drl', 'rules/pricing.drl'"))
        #expect(text.contains("src/pricing.cmt:10:"))
    }

    @Test("a misspelt fact field in a project's rule file is a DRL error with a caret in the .drl")
    func ruleFieldChecked() throws {
        let root = try TestProject.make([
            "cmt.toml": Self.manifest, "src/pricing.cmt": Self.contract(loading: "rules/pricing.drl"),
            "rules/pricing.drl": Self.pricingRules.replacingOccurrences(of: "fico_score > 740", with: "fico > 740"),
        ])
        let (result, text) = Self.compile(root)
        #expect(result.compiled == nil)
        #expect(text.contains("error[E0752]: fact type 'Message' has no field 'fico'"))
        #expect(text.contains("rules/pricing.drl:3:"))
    }

    @Test("a plain folder without cmt.toml compiles as before, tests/ excluded")
    func plainFolder() throws {
        let root = try TestProject.make([
            "pricing.cmt": Self.contract(loading: "pricing.rl"), "pricing.rl": Self.pricingRules,
            "tests/pricing_test.cmt": "function testNothing(): void {}\n",
        ])
        let (result, text) = Self.compile(root)
        #expect(text.isEmpty)
        let compiled = try #require(result.compiled)
        #expect(compiled.project.manifest == nil)
        #expect(compiled.project.cmt.map(\.name) == ["pricing.cmt"])
        #expect(compiled.project.tests.map(\.name) == ["tests/pricing_test.cmt"])
    }

    @Test("[sources] globs choose the files; files outside them are not compiled")
    func sourceGlobs() throws {
        let root = try TestProject.make([
            "cmt.toml": Self.manifest + "\n[sources]\ncmt = [\"contracts/*.cmt\"]\nrules = [\"logic/**/*.drl\"]\n",
            "contracts/pricing.cmt": Self.contract(loading: "logic/deep/pricing.drl"), "logic/deep/pricing.drl": Self.pricingRules,
            "src/broken.cmt": "this does not parse",
        ])
        let (result, text) = Self.compile(root)
        #expect(text.isEmpty)
        #expect(result.compiled?.ruleSets.keys.sorted() == ["logic/deep/pricing.drl"])
    }

    @Test("uses compiles library modules from the Stdlib folder into the module")
    func libraryModules() throws {
        let stdlib = try TestProject.make(["lib/money/money.cmt": "function percent(amount: number, rate: number): number {\n    return amount * rate / 100;\n}\n"])
        let root = try TestProject.make([
            "cmt.toml": Self.manifest + "uses = [\"money\"]\n",
            "src/fee.cmt": "contract Fee {\n    public function fee(amount: number): number {\n        return percent(amount, 2);\n    }\n}\n",
        ])
        let (result, text) = Self.compile(root, stdlib: stdlib)
        #expect(text.isEmpty)
        let compiled = try #require(result.compiled)
        #expect(compiled.project.libraries.map(\.name) == ["lib/money/money.cmt"])
        #expect(compiled.module.functions.contains { $0.name == "percent" })
    }

    @Test("start_process variables given as a literal map are checked against the definition's declarations")
    func processVariables() throws {
        let process = """
            <process-definition name="budget">
              <variable name="budget" type="number"/>
              <start-state name="new"><transition to="check"/></start-state>
              <decision name="check">
                <transition name="small" to="done"/>
                <transition name="large" to="done"><condition>#{budget &gt; 1000}</condition></transition>
              </decision>
              <end-state name="done"/>
            </process-definition>
            """
        func project(_ call: String) throws -> String {
            try TestProject.make([
                "cmt.toml": Self.manifest, "processes/budget.bpm": process,
                "src/c.cmt": "contract C {\n    public function go(): number {\n        p = \(call);\n        return p.id;\n    }\n}\n",
            ])
        }
        #expect(Self.compile(try project("start_process(\"processes/budget.bpm\", {budget: 5})")).1.isEmpty)
        let wrongType = Self.compile(try project("start_process(\"budget.bpm\", {budget: \"five\"})")).1
        #expect(wrongType.contains("error[E0821]: process 'budget.bpm' declares variable 'budget' as number, but it is given a string"))
        let missing = Self.compile(try project("start_process(\"budget.bpm\", {other: 1})")).1
        #expect(missing.contains("error[E0820]: process 'budget.bpm' reads variable 'budget' (number), which this start_process does not set"))
    }

    @Test("a project whose sources declare two contracts is E0822 (a plain folder is not checked for it)")
    func severalContracts() throws {
        let files = [
            "a.cmt": "contract A {\n    public function f(): number { return 1; }\n}\n",
            "b.cmt": "contract B {\n    public function g(): number { return 2; }\n}\n",
        ]
        let project = try TestProject.make(files.merging(["cmt.toml": Self.manifest + "\n[sources]\ncmt = [\"*.cmt\"]\n"]) { a, _ in a })
        let text = Self.compile(project).1
        #expect(text.contains("b.cmt:1:10: error[E0822]: the sources declare several contracts (A, B)"), "\(text)")
        #expect(Self.compile(try TestProject.make(files)).1.isEmpty)
    }
}
