import Foundation
import Testing

/// `cmtc test` driven as a user would, on a small project written to a temporary folder: the exact
/// lines it prints for passing and failing tests, each test helper, the gas report and exit codes.
@Suite("cmtc test", .serialized)
struct CmtcTestCommandTests {
    static let contract = """
        class Receipt {
            amount: number = 0;
            note: string = "";
        }

        contract Escrow {
            buyer: address;
            seller: address;
            arbiter: address;
            price: number;
            status: string = "created";
            carrier: string = "";
            pid: number = 0;

            event Deposited(from: address, amount: number);
            event Released(to: address, amount: number);
            event Shipped(orderId: string, carrier: string);

            constructor(seller: address, price: number) {
                this.buyer = msg.sender;
                this.seller = seller;
                this.arbiter = msg.sender;
                this.price = price;
            }

            public function deposit(): void {
                require(msg.sender == this.buyer, "only the buyer deposits");
                require(msg.value == this.price, "send exactly the price");
                this.status = "funded";
                emit Deposited(msg.sender, msg.value);
            }

            public function release(): void {
                require(msg.sender == this.buyer, "only the buyer releases");
                require(this.status == "funded", "not funded");
                transfer(this.seller, this.price);
                this.status = "released";
                emit Released(this.seller, this.price);
            }

            public function refund(): void {
                require(msg.sender == this.arbiter, "only the arbiter refunds");
                this.status = "refunded";
            }

            public function state(): string { return this.status; }
            public function shippedWith(): string { return this.carrier; }
            public function receipt(): Receipt {
                const r = new Receipt();
                r.amount = this.price;
                r.note = this.status;
                return r;
            }

            public function watch(): string {
                const process = start_process("reminder.bpm");
                process.next();
                this.pid = process.id;
                return process.state;
            }
            public function reminder(): string { return load_process(this.pid).state; }

            webhook shipment(orderId: string, carrier: string) {
                this.carrier = carrier;
                emit Shipped(orderId, carrier);
            }
        }

        """

    static let reminder = """
        <process-definition name="reminder">
          <start-state name="placed"><transition to="waiting"/></start-state>
          <state name="waiting">
            <timer name="late" duedate="1 hour" transition="remind"/>
            <transition name="paid" to="done"/>
            <transition name="remind" to="reminded"/>
          </state>
          <state name="reminded"><transition to="done"/></state>
          <end-state name="done"/>
        </process-definition>

        """

    static let passing = """
        function testBuyerReleasesFunds(): void {
            const buyer = testing.account("buyer");
            const seller = testing.account("seller");
            testing.setBalance(buyer, 1000);
            testing.setSender(buyer);
            const escrow = Escrow.deploy(seller, 100);
            testing.setValue(100);
            escrow.deposit();
            testing.setValue(0);
            expectEvent(escrow, "Deposited");
            escrow.release();
            expectEvent(escrow, "Released");
            assertEqual(escrow.state(), "released");
            assertEqual(balance(seller), 100);
            assert(balance(buyer) == 900, "the buyer paid");
        }

        function testOnlyTheArbiterRefunds(): void {
            testing.setSender(testing.account("buyer"));
            const escrow = Escrow.deploy(testing.account("seller"), 100);
            testing.setSender(testing.account("mallory"));
            expectRevert((): void => escrow.refund(), "only the arbiter");
            assertEqual(escrow.state(), "created");
        }

        function testRevertedDepositIsUndone(): void {
            const buyer = testing.account("buyer");
            testing.setBalance(buyer, 50);
            testing.setSender(buyer);
            const escrow = Escrow.deploy(testing.account("seller"), 10);
            testing.setValue(20);
            expectRevert((): void => escrow.deposit(), "exactly the price");
            assertEqual(balance(buyer), 50);
            testing.setValue(10);
            escrow.deposit();
            assertEqual(balance(buyer), 40);
            assertEqual(balance(testing.addressOf(escrow)), 10);
        }

        function testWebhookDelivery(): void {
            const escrow = Escrow.deploy(testing.account("seller"), 5);
            testing.deliverWebhook(escrow, "shipment", { orderId: "o1", carrier: "DHL" });
            assertEqual(escrow.shippedWith(), "DHL");
            expectEvent(escrow, "Shipped");
            const receipt = escrow.receipt();
            assertEqual(receipt.amount, 5);
            assertEqual(receipt.note, "created");
        }

        function testTimerFiresWhenTimeAdvances(): void {
            const escrow = Escrow.deploy(testing.account("seller"), 5);
            assertEqual(escrow.watch(), "waiting");
            testing.advance(1, 3599);
            assertEqual(escrow.reminder(), "waiting");
            testing.advance(1, 1);
            assertEqual(escrow.reminder(), "reminded");
            assertEqual(block.height, 3);
            assertEqual(block.time, 3600);
        }

        """

    static let failing = """
        function testStateMismatch(): void {
            const escrow = Escrow.deploy(testing.account("seller"), 100);
            assertEqual(escrow.state(), "released");
        }

        function testUncaughtRevert(): void {
            const escrow = Escrow.deploy(testing.account("seller"), 100);
            escrow.release();
        }

        function testWrongReason(): void {
            const escrow = Escrow.deploy(testing.account("seller"), 100);
            expectRevert((): void => escrow.release(), "only the arbiter");
        }

        function testNoRevert(): void {
            const escrow = Escrow.deploy(testing.account("seller"), 100);
            expectRevert((): void => escrow.refund(), "only the arbiter");
        }

        function testMissingEvent(): void {
            const escrow = Escrow.deploy(testing.account("seller"), 100);
            expectEvent(escrow, "Released");
        }

        function testAssertMessage(): void {
            assert(1 + 1 == 3, "arithmetic still works");
        }

        function testObjectsDiffer(): void {
            const escrow = Escrow.deploy(testing.account("seller"), 7);
            const expected = new Receipt();
            expected.amount = 8;
            assertEqual(escrow.receipt(), expected);
        }

        """

    /// A project folder with the contract, the process and the given test files.
    static func project(tests: [String: String]) throws -> URL {
        let dir = try CmtcCheckTests.temporaryDirectory()
        try contract.write(to: dir.appendingPathComponent("escrow.cmt"), atomically: true, encoding: .utf8)
        try reminder.write(to: dir.appendingPathComponent("reminder.bpm"), atomically: true, encoding: .utf8)
        let testsDir = dir.appendingPathComponent("tests")
        try FileManager.default.createDirectory(at: testsDir, withIntermediateDirectories: true)
        for (name, text) in tests { try text.write(to: testsDir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    /// Runs `cmtc test` inside `directory` (so paths print as tests/…).
    static func cmtcTest(_ arguments: [String], in directory: URL) throws -> CmtcCheckTests.Run {
        try CmtcProjectTests.cmtc(["test"] + arguments, in: directory)
    }

    /// The output with every gas number replaced by N and the total time by T.
    static func withoutGas(_ text: String) -> String { withoutTime(text.replacing(/\(gas \d+\)/, with: "(gas N)")) }

    /// The output with the total time replaced by T.
    static func withoutTime(_ text: String) -> String { text.replacing(/\ failed \(\d+\.\d\d s\)/, with: " failed (T s)") }

    @Test("passing tests print PASS with their gas and exit 0; every helper works")
    func passingTests() throws {
        let dir = try Self.project(tests: ["escrow_test.cmt": Self.passing])
        let run = try Self.cmtcTest([], in: dir)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(Self.withoutGas(run.stdout) == """
            PASS tests/escrow_test.cmt::testBuyerReleasesFunds (gas N)
            PASS tests/escrow_test.cmt::testOnlyTheArbiterRefunds (gas N)
            PASS tests/escrow_test.cmt::testRevertedDepositIsUndone (gas N)
            PASS tests/escrow_test.cmt::testWebhookDelivery (gas N)
            PASS tests/escrow_test.cmt::testTimerFiresWhenTimeAdvances (gas N)
            5 passed, 0 failed (T s)

            """)
        #expect(!run.stdout.contains("(gas 0)"))
        // Deterministic: the same run gives the same gas.
        #expect(Self.withoutTime(try Self.cmtcTest([], in: dir).stdout) == Self.withoutTime(run.stdout))
    }

    @Test("failing tests print FAIL with file:line:col and the values, and exit 1")
    func failingTests() throws {
        let dir = try Self.project(tests: ["a_test.cmt": Self.passing, "b_test.cmt": Self.failing])
        let run = try Self.cmtcTest([], in: dir)
        #expect(run.status == 1)
        let seller = try #require(run.stdout.firstMatch(of: /cmt1[02-9ac-hj-np-z]{38} \(Escrow #1\)/)).output
        _ = seller
        #expect(Self.withoutGas(run.stdout) == """
            PASS tests/a_test.cmt::testBuyerReleasesFunds (gas N)
            PASS tests/a_test.cmt::testOnlyTheArbiterRefunds (gas N)
            PASS tests/a_test.cmt::testRevertedDepositIsUndone (gas N)
            PASS tests/a_test.cmt::testWebhookDelivery (gas N)
            PASS tests/a_test.cmt::testTimerFiresWhenTimeAdvances (gas N)
            FAIL tests/b_test.cmt::testStateMismatch (gas N)
                tests/b_test.cmt:3:5: assertEqual failed
                  actual:   "created"
                  expected: "released"
            FAIL tests/b_test.cmt::testUncaughtRevert (gas N)
                tests/b_test.cmt:8:5: Escrow.release reverted: not funded
            FAIL tests/b_test.cmt::testWrongReason (gas N)
                tests/b_test.cmt:13:5: expectRevert: expected a revert with a reason containing "only the arbiter", but it reverted with "not funded"
            FAIL tests/b_test.cmt::testNoRevert (gas N)
                tests/b_test.cmt:18:5: expectRevert: expected a revert with a reason containing "only the arbiter", but the action did not revert
            FAIL tests/b_test.cmt::testMissingEvent (gas N)
                tests/b_test.cmt:23:5: expectEvent: \(seller) emitted no event 'Released' (it emitted none)
            FAIL tests/b_test.cmt::testAssertMessage (gas N)
                tests/b_test.cmt:27:5: assertion failed: arithmetic still works
            FAIL tests/b_test.cmt::testObjectsDiffer (gas N)
                tests/b_test.cmt:34:5: assertEqual failed
                  actual:   Receipt {amount: 7, note: "created"}
                  expected: Receipt {amount: 8, note: ""}
            5 passed, 7 failed (T s)

            """)
    }

    @Test("a require or revert written in test code itself reports its file:line:col")
    func revertInTestCodeHasLocation() throws {
        let test = "function testRequire(): void {\n    require(1 == 2, \"numbers differ\");\n}\n\n"
            + "function testRevert(): void {\n    const x = 1;\n    revert(\"stop here \" + x);\n}\n"
        let dir = try Self.project(tests: ["own_test.cmt": test])
        let run = try Self.cmtcTest([], in: dir)
        #expect(run.status == 1)
        #expect(Self.withoutGas(run.stdout) == """
            FAIL tests/own_test.cmt::testRequire (gas N)
                tests/own_test.cmt:2:5: reverted: numbers differ
            FAIL tests/own_test.cmt::testRevert (gas N)
                tests/own_test.cmt:7:5: reverted: stop here 1
            0 passed, 2 failed (T s)

            """)
    }

    @Test("expectRevert nesting is bounded: a helper that calls itself through it fails the test, never crashes")
    func boundedNesting() throws {
        let test = "function again(): void {\n    expectRevert(() => again());\n}\n\nfunction testForever(): void {\n    again();\n}\n"
        let dir = try Self.project(tests: ["loop_test.cmt": test])
        let run = try Self.cmtcTest([], in: dir)
        #expect(run.status == 1)
        #expect(Self.withoutGas(run.stdout) == "FAIL tests/loop_test.cmt::testForever (gas N)\n    tests/loop_test.cmt:2:5: expectRevert nested too deeply\n0 passed, 1 failed (T s)\n")
    }

    @Test("contracts call each other through handles on the test chain; an inner revert reverts the caller")
    func contractToContract() throws {
        let dir = try CmtcCheckTests.temporaryDirectory()
        try """
            contract Counter {
                count: number = 0;
                partner: Counter? = null;
                public function bump(): number { this.count += 1; return this.count; }
                public function whoCalls(): address { return msg.sender; }
                public function senderSeenBy(other: Counter): address { return other.whoCalls(); }
                public function pair(other: Counter): void { this.partner = other; other.accept(this); }
                public function accept(other: Counter): void { this.partner = other; }
                public function bumpPartner(): number { return this.partner?.bump() ?? -1; }
                public function fail(): void { revert("inner failure"); }
                public function failOther(other: Counter): void { this.count = 100; other.fail(); }
            }
            """.write(to: dir.appendingPathComponent("counter.cmt"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try """
            function testPartners(): void {
                const a = Counter.deploy();
                const b = Counter.deploy();
                assertEqual(a.senderSeenBy(b), testing.addressOf(a));
                a.pair(b);
                assertEqual(a.bumpPartner(), 1);
                assertEqual(b.bumpPartner(), 1);
                assertEqual(b.bump(), 2);
                expectRevert(() => a.failOther(b), "inner failure");
                assertEqual(a.bump(), 2);
            }
            """.write(to: dir.appendingPathComponent("tests/counter_test.cmt"), atomically: true, encoding: .utf8)
        let run = try Self.cmtcTest([], in: dir)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(Self.withoutGas(run.stdout) == "PASS tests/counter_test.cmt::testPartners (gas N)\n1 passed, 0 failed (T s)\n")
    }

    @Test("a test... function with parameters or a result is a helper: warned about, not run")
    func helpersAreNotTests() throws {
        let test = "function testAccount(name: string): address {\n    return testing.account(name);\n}\n\nfunction testTotal(): number {\n    return 1;\n}\n\nfunction testUsesHelpers(): void {\n    assertEqual(testTotal(), 1);\n    assertEqual(testAccount(\"a\"), testing.account(\"a\"));\n}\n"
        let dir = try Self.project(tests: ["helpers_test.cmt": test])
        let run = try Self.cmtcTest([], in: dir)
        #expect(run.status == 0)
        #expect(Self.withoutGas(run.stdout) == "PASS tests/helpers_test.cmt::testUsesHelpers (gas N)\n1 passed, 0 failed (T s)\n")
        #expect(run.stderr.contains("tests/helpers_test.cmt:1:10: warning: 'testAccount' is not run as a test"))
        #expect(run.stderr.contains("tests/helpers_test.cmt:5:10: warning: 'testTotal' is not run as a test"))
    }

    @Test("--filter runs the tests whose name contains the text")
    func filter() throws {
        let dir = try Self.project(tests: ["a_test.cmt": Self.passing, "b_test.cmt": Self.failing])
        let run = try Self.cmtcTest(["--filter", "Webhook"], in: dir)
        #expect(run.status == 0)
        #expect(Self.withoutGas(run.stdout) == "PASS tests/a_test.cmt::testWebhookDelivery (gas N)\n1 passed, 0 failed (T s)\n")
    }

    @Test("--filter that matches no test says so and exits 1")
    func filterMatchesNothing() throws {
        let dir = try Self.project(tests: ["a_test.cmt": Self.passing])
        let run = try Self.cmtcTest(["--filter", "NOMATCH"], in: dir)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "error: no test name contains 'NOMATCH' (5 tests in 1 file)\n")
    }

    @Test("each result names its test file; the summary gives the total time")
    func resultsNameTheirFile() throws {
        let dir = try Self.project(tests: ["a_test.cmt": Self.passing, "b_test.cmt": Self.failing])
        let run = try Self.cmtcTest(["--filter", "Refund"], in: dir)
        #expect(run.stdout.hasPrefix("PASS tests/a_test.cmt::testOnlyTheArbiterRefunds (gas "))
        let summary = try #require(run.stdout.split(separator: "\n").last)
        #expect(summary.wholeMatch(of: /1 passed, 0 failed \(\d+\.\d\d s\)/) != nil, "\(summary)")
    }

    @Test("--gas-report lists calls, min, avg and max gas per contract function")
    func gasReport() throws {
        let dir = try Self.project(tests: ["escrow_test.cmt": Self.passing])
        let run = try Self.cmtcTest(["--gas-report"], in: dir)
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("contract") })
        #expect(lines[header].split(separator: " ", omittingEmptySubsequences: true) == ["contract", "function", "calls", "min", "avg", "max"])
        let constructor = try #require(lines.first { $0.hasPrefix("Escrow") && $0.contains(" constructor ") })
        let cells = constructor.split(separator: " ", omittingEmptySubsequences: true)
        #expect(cells.count == 6 && cells[2] == "5")
        let numbers = cells.dropFirst(3).compactMap { Int($0) }
        #expect(numbers.count == 3 && numbers[0] <= numbers[1] && numbers[1] <= numbers[2] && numbers[0] > 0)
        #expect(lines.contains { $0.hasPrefix("Escrow") && $0.contains("webhook:shipment") })
        #expect(Self.withoutGas(lines.last ?? "") == "5 passed, 0 failed (T s)")
    }

    @Test("a compile error in a test file is rendered as by cmtc check and exits 2")
    func compileError() throws {
        let dir = try Self.project(tests: ["bad_test.cmt": "function testBad(): void {\n    const e = Escrow.deploy(1, 2);\n    e.nope();\n}\n"])
        let run = try Self.cmtcTest([], in: dir)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("tests/bad_test.cmt:2:29: error[E0204]"))
        #expect(run.stderr.contains("tests/bad_test.cmt:3:7: error[E0202]: type 'Escrow' has no member 'nope'"))
    }

    @Test("test-only built-ins in contract code are errors with a caret")
    func testOnlyInContract() throws {
        let dir = try CmtcCheckTests.temporaryDirectory()
        try "contract C {\n    public function f(): void {\n        assertEqual(1, 1);\n    }\n}\n"
            .write(to: dir.appendingPathComponent("c.cmt"), atomically: true, encoding: .utf8)
        let run = try CmtcCheckTests.cmtc(["check", dir.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error[E0450]: 'assertEqual' is only available in test files"))
        #expect(run.stderr.contains("        ^^^^^^^^^^^"))
    }

    @Test("cmtc test builds the [dependencies]; a test deploys one, calls it and sends CMT through the project's contract")
    func dependencies() throws {
        let root = try CmtcCheckTests.temporaryDirectory()
        let files = [
            "token/cmt.toml": "[package]\nname = \"token\"\nversion = \"0.1.0\"\ncontract = \"Token\"\n",
            "token/src/token.cmt": """
                contract Token {
                    rate: number;
                    held: Map<address, number> = {};
                    constructor(rate: number) {
                        this.rate = rate;
                    }
                    public function buy(to: address): number {
                        require(msg.value > 0, "send CMT to buy");
                        const total = (this.held.get(to) ?? 0) + msg.value * this.rate;
                        this.held.set(to, total);
                        return total;
                    }
                    public function heldBy(who: address): number {
                        return this.held.get(who) ?? 0;
                    }
                }
                """,
            "app/cmt.toml": "[package]\nname = \"app\"\nversion = \"0.1.0\"\ncontract = \"Shop\"\n\n[dependencies]\ntoken = \"../token\"\n",
            "app/src/shop.cmt": """
                import { Token } from "token";

                export contract Shop {
                    token: Token;
                    constructor(token: Token) {
                        this.token = token;
                    }
                    public function order(): number {
                        return this.token.buy{ value: msg.value }(msg.sender);
                    }
                }
                """,
            "app/tests/shop_test.cmt": """
                import { Shop } from "../src/shop";
                import { Token } from "token";

                function testBuysThroughTheShop(): void {
                    const token = Token.deploy(10);
                    const shop = Shop.deploy(token);
                    const buyer = testing.account("buyer");
                    testing.setBalance(buyer, 5);
                    testing.setSender(buyer);
                    testing.setValue(2);
                    assertEqual(shop.order(), 20);
                    testing.setValue(0);
                    assertEqual(token.heldBy(buyer), 20);
                    assertEqual(balance(testing.addressOf(token)), 2);
                    assertEqual(balance(testing.addressOf(shop)), 0);
                }

                function testRefusedOrderKeepsTheCMT(): void {
                    const shop = Shop.deploy(Token.deploy(10));
                    const buyer = testing.account("buyer");
                    testing.setBalance(buyer, 5);
                    testing.setSender(buyer);
                    expectRevert(() => shop.order(), "send CMT to buy");
                    assertEqual(balance(buyer), 5);
                }
                """,
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let app = root.appendingPathComponent("app")
        let run = try Self.cmtcTest([], in: app)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("PASS tests/shop_test.cmt::testBuysThroughTheShop"), "\(run.stdout)")
        #expect(run.stdout.contains("PASS tests/shop_test.cmt::testRefusedOrderKeepsTheCMT"), "\(run.stdout)")

        // A dependency that does not build stops cmtc test before any test runs.
        try "contract Token {\n    public function buy(to: address): number { return missing; }\n}\n"
            .write(to: root.appendingPathComponent("token/src/token.cmt"), atomically: true, encoding: .utf8)
        let broken = try Self.cmtcTest([], in: app)
        #expect(broken.status == 2, "\(broken.stdout)\(broken.stderr)")
        #expect(broken.stderr.contains("dependency 'token': it does not compile: E0200"), "\(broken.stderr)")
        #expect(!broken.stdout.contains("PASS"))
    }

    @Test("usage errors exit 2: no such folder, no test files")
    func usageErrors() throws {
        #expect(try CmtcCheckTests.cmtc(["test", "/no/such/project"]).status == 2)
        let empty = try CmtcCheckTests.temporaryDirectory()
        try "contract C {}\n".write(to: empty.appendingPathComponent("c.cmt"), atomically: true, encoding: .utf8)
        let run = try CmtcCheckTests.cmtc(["test", empty.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no test files"))
    }

    @Test("the examples' tests pass", arguments: ["pricing", "purchase", "invoices"])
    func examples(_ name: String) throws {
        let run = try CmtcCheckTests.cmtc(["test", CmtcCheckTests.packageRoot.appendingPathComponent("Examples/\(name)").path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(Self.withoutGas(run.stdout).hasSuffix(" passed, 0 failed (T s)\n"))
        #expect(!run.stdout.hasPrefix("0 passed"))
    }
}
