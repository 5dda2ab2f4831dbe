import Testing
@testable import CMTCompiler
import CMTBytecode
import CMTSource

/// The test-only built-ins (`cmtc test`): usable in test files only, and checked against the
/// contract they act on; calls on a deployed contract reach public functions only.
@Suite("Test-only built-ins")
struct TestBuiltinTests {
    static let contract = """
        contract Shop {
            stock: number = 0;
            event Sold(count: number);
            constructor(initial: number) { this.stock = initial; }
            public function sell(count: number): number {
                require(count <= this.stock, "not enough stock");
                this.stock -= count;
                emit Sold(count);
                return this.stock;
            }
            function audit(): number { return this.stock; }
            webhook restock(count: number) { this.stock += count; }
        }

        """

    /// Checks the contract with `test` as a test file (or as an ordinary file when `asTest` is false).
    func codes(_ test: String, asTest: Bool = true, contract: String = TestBuiltinTests.contract) -> [String] {
        let sources = SourceManager()
        let main = sources.add(path: "shop.cmt", text: contract)
        let file = sources.add(path: "tests/shop_test.cmt", text: test)
        if asTest { sources.markAsTestFile(file.id) }
        return Frontend.check([main, file], sources: sources).diagnostics.map(\.code)
    }

    @Test("a test using every built-in checks and compiles")
    func validTest() {
        let test = """
            function testSelling(): void {
                const owner = testing.account("owner");
                testing.setSender(owner);
                testing.setBalance(owner, 10);
                testing.setValue(0);
                const shop = Shop.deploy(5);
                assertEqual(shop.sell(2), 3);
                expectEvent(shop, "Sold");
                expectRevert((): void => shop.sell(9), "not enough");
                expectRevert((): void => { shop.sell(9); });
                testing.advance(1, 60);
                testing.advance(2);
                testing.deliverWebhook(shop, "restock", { count: 4 });
                assert(balance(owner) == 10, "balance kept");
                assertEqual(balance(testing.addressOf(shop)), 0);
                assert(true);
            }
            """
        #expect(codes(test) == [])
        let sources = SourceManager()
        let main = sources.add(path: "shop.cmt", text: Self.contract)
        let file = sources.add(path: "tests/shop_test.cmt", text: test)
        sources.markAsTestFile(file.id)
        let output = Compiler.compile([main, file], sources: sources)
        #expect(output.diagnostics.isEmpty && output.module != nil)
    }

    @Test("test-only built-ins are errors outside test files (E0450, E0457)")
    func onlyInTestFiles() {
        #expect(codes("function testX(): void { assert(true); }", asTest: false) == ["E0450"])
        #expect(codes("function testX(): void { testing.setValue(1); }", asTest: false) == ["E0450"])
        #expect(codes("function testX(): void { const s = Shop.deploy(1); s.sell(1); }", asTest: false) == ["E0457"])
        let contract = TestBuiltinTests.contract.replacingOccurrences(of: "return this.stock; }", with: "assertEqual(1, 1); return this.stock; }")
        #expect(codes("", contract: contract) == ["E0450"])
    }

    @Test("only public functions of a deployed contract can be called, and its state is not readable (E0451, E0452)")
    func handles() {
        #expect(codes("function testX(): void { const s = Shop.deploy(1); s.audit(); }") == ["E0451"])
        #expect(codes("function testX(): void { const s = Shop.deploy(1); s.restock(1); }") == ["E0451"])
        #expect(codes("function testX(): void { const s = Shop.deploy(1); assertEqual(s.stock, 1); }") == ["E0452"])
    }

    @Test("deploy checks the constructor's arguments")
    func deployArguments() {
        #expect(codes("function testX(): void { Shop.deploy(\"five\"); }") == ["E0204"])
        #expect(codes("function testX(): void { Shop.deploy(); }") == ["E0209"])
    }

    @Test("expectRevert takes an arrow function; events and webhooks are checked by name (E0453–E0456, E0234)")
    func builtinArguments() {
        #expect(codes("function f(): void {}\nfunction testX(): void { expectRevert(f); }") == ["E0453"])
        #expect(codes("function testX(): void { expectEvent(1, \"Sold\"); }") == ["E0454"])
        #expect(codes("function testX(): void { balance(testing.addressOf(testing.account(\"a\"))); }") == ["E0454"])
        #expect(codes("function testX(): void { const s = Shop.deploy(1); expectEvent(s, \"Bought\"); }") == ["E0234"])
        #expect(codes("function testX(): void { const s = Shop.deploy(1); testing.deliverWebhook(s, \"ship\", { count: 1 }); }") == ["E0455"])
        #expect(codes("function testX(): void { const s = Shop.deploy(1); const n = \"Sold\"; expectEvent(s, n); }") == ["E0456"])
    }

    @Test("a test file has no top-level statements, constants included (E0458)")
    func noTopLevelStatements() {
        #expect(codes("const PRICE = 100;\nfunction testX(): void { assertEqual(PRICE, 100); }") == ["E0458"])
        #expect(codes("print(1);\nlet x = 2;\nfunction testX(): void { print(x); }") == ["E0458"])
    }

    @Test("contracts call other instances through handles: parameters, state fields and this cross as addresses")
    func contractHandlesInContracts() {
        let contract = """
            contract Counter {
                count: number = 0;
                partner: Counter? = null;
                public function bump(): number { this.count += 1; return this.count; }
                public function pair(other: Counter): Counter { this.partner = other; other.accept(this); return other; }
                public function accept(other: Counter): void { this.partner = other; }
                function hidden(): void {}
                public function poke(other: Counter): void { other.hidden(); }
                public function peek(other: Counter): number { return other.count; }
            }
            """
        #expect(codes("", contract: contract) == ["E0451", "E0452"])
        let sources = SourceManager()
        let file = sources.add(path: "counter.cmt", text: contract.replacingOccurrences(of: "other.hidden();", with: "")
            .replacingOccurrences(of: "return other.count;", with: "return 0;"))
        let output = Compiler.compile([file], sources: sources)
        #expect(output.diagnostics.isEmpty)
        let pair = output.module?.entryPoint(named: "pair")
        #expect(pair?.parameters.first?.type == .address && pair?.returnType == .address)
    }

    @Test("assertEqual needs values of one type")
    func assertEqualTypes() {
        #expect(codes("function testX(): void { assertEqual(1, \"1\"); }") == ["E0204"])
    }
}
