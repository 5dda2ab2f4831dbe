import CMTBytecode
@testable import CMTRuleEngine
@testable import CMTRules
import CMTVM
import Testing

/// Rule sessions kept in contract state: their facts and pending activations live in the
/// contract's storage, later calls use them, reverted calls undo their changes, and a fresh rules
/// engine over the same storage (a restarted node) behaves and charges exactly as a warm one.
@Suite struct StoredSessionTests {
    typealias Deployed = ContractRulesTests.Deployed

    static let store = """
        class Item { price: number = 0; seen: boolean = false; }
        class Ask { total: number = 0; count: number = 0; seen: number = 0; log: string = ""; }
        class Log { text: string = ""; }
        contract Store {
            engine: RuleSession? = null;
            constructor() {
                engine = load_rules("store.drl");
                engine!.insert(new Log());
            }
            public function relog(): void {
                engine!.insert(new Log());
            }
            public function add(price: number): void {
                i = new Item();
                i.price = price;
                engine!.insert(i);
            }
            public function fire(): number {
                return engine!.fire();
            }
            public function ask(): string {
                a = new Ask();
                engine!.send(a);
                engine!.retract(a);
                return a.count + " items, total " + a.total + ", " + a.seen + " seen, log " + a.log;
            }
            public function drop(price: number, seen: boolean): void {
                i = new Item();
                i.price = price;
                i.seen = seen;
                engine!.retract(i);
            }
            public function addThenRevert(price: number): void {
                add(price);
                revert("changed my mind");
            }
            public function fireThenRevert(): void {
                engine!.fire();
                revert("changed my mind");
            }
            public function local(price: number): number {
                other = load_rules("store.drl");
                i = new Item();
                i.price = price;
                other.insert(i);
                other.insert(new Log());
                return other.fire();
            }
        }
        """

    static let storeRules = """
        rule "see"
        when
            $i : Item(seen == false)
            not Ask()
            $l : Log()
        then
            modify ($i) { seen = true }
            $l.text = $l.text + $i.price + ";";
        end

        rule "boom"
        when
            $i : Item(price == 13)
        then
            revert("thirteen");
        end

        rule "report"
            salience -1
        when
            $a : Ask()
            $l : Log()
        then
            $a.log = $a.log + $l.text;
        end

        rule "sum"
        when
            $a : Ask()
            $i : Item()
        then
            $a.total = $a.total + $i.price;
            $a.count = $a.count + 1;
            if ($i.seen) { $a.seen = $a.seen + 1; }
        end
        """

    static func deploy() throws -> Deployed { try Deployed(contract: store, rules: ["store.drl": storeRules]) }

    /// Replaces the host's rules engine with a fresh one over the same rule sets: nothing cached.
    static func restart(_ deployed: Deployed) {
        guard let service = deployed.host.ruleService as? RulesEngineService else { return }
        deployed.host.ruleService = RulesEngineService(ruleSets: service.ruleSets, program: deployed.program)
    }

    static func text(_ outcome: CallOutcome) -> String? {
        if case .string(let text)? = outcome.returnValue { return text }
        return nil
    }

    @Test("a fact inserted in one call is matched and fired in a later call; firings are remembered")
    func factsAndActivationsPersist() throws {
        let deployed = try Self.deploy()
        #expect(deployed.call("add", [.int(10)]).returnValue == .null)
        #expect(deployed.call("add", [.int(5)]).returnValue == .null)
        #expect(Self.text(deployed.call("ask")) == "2 items, total 15, 0 seen, log ")
        #expect(deployed.call("fire").returnValue == .int(2))
        #expect(deployed.call("fire").returnValue == .int(0))
        #expect(Self.text(deployed.call("ask")) == "2 items, total 15, 2 seen, log 5;10;")
    }

    @Test("a reverted call undoes its inserts and its firings")
    func revertUndoesSessionChanges() throws {
        let deployed = try Self.deploy()
        _ = deployed.call("add", [.int(10)])
        #expect(deployed.call("addThenRevert", [.int(7)]).returnValue == nil)
        #expect(Self.text(deployed.call("ask")) == "1 items, total 10, 0 seen, log ")
        #expect(deployed.call("fireThenRevert").returnValue == nil)
        #expect(deployed.call("fire").returnValue == .int(1))
        #expect(Self.text(deployed.call("ask")) == "1 items, total 10, 1 seen, log 10;")
    }

    @Test("a consequence that reverts, or a call that runs out of gas writing the session, leaves the session as it was")
    func failedCallsLeaveTheSession() throws {
        let deployed = try Self.deploy()
        _ = deployed.call("add", [.int(10)])
        #expect(deployed.call("add", [.int(13)]).returnValue == .null)
        let boom = deployed.call("fire")
        #expect(boom.returnValue == nil)
        if case .trapped(let trap) = boom.status { Issue.record("expected a revert, got \(trap)") }
        #expect(deployed.call("drop", [.int(13), .boolean(false)]).returnValue == .null)
        #expect(Self.text(deployed.call("ask")) == "1 items, total 10, 0 seen, log ")
        // Enough gas for the call's code, not for writing the new fact: out of gas, nothing kept.
        let full = deployed.call("add", [.int(7)]).gasUsed
        _ = deployed.call("drop", [.int(7), .boolean(false)])
        let short = VM.call(deployed.program, entryPoint: "add", arguments: [.int(8)],
                            context: CallContext(contract: ContractRulesTests.address, sender: Address.named("buyer")),
                            host: deployed.host, limits: ExecutionLimits(gasLimit: full - 100))
        #expect(short.returnValue == nil)
        #expect(deployed.call("fire").returnValue == .int(1))
        #expect(Self.text(deployed.call("ask")) == "1 items, total 10, 1 seen, log 10;")
    }

    @Test("a later call retracts a stored fact by an equal object")
    func retractByEquality() throws {
        let deployed = try Self.deploy()
        _ = deployed.call("add", [.int(10)])
        _ = deployed.call("add", [.int(20)])
        _ = deployed.call("fire")
        #expect(deployed.call("drop", [.int(10), .boolean(false)]).returnValue == nil)
        #expect(deployed.call("drop", [.int(10), .boolean(true)]).returnValue == .null)
        #expect(Self.text(deployed.call("ask")) == "1 items, total 20, 1 seen, log 20;10;")
    }

    @Test("a fresh rules engine over the same storage gives the same results and the same gas")
    func coldCacheMatchesWarm() throws {
        let warm = try Self.deploy()
        let cold = try Self.deploy()
        let script: [(String, [ContractValue])] = [
            ("add", [.int(10)]), ("add", [.int(5)]), ("ask", []), ("addThenRevert", [.int(3)]), ("fire", []),
            ("add", [.int(1)]), ("fireThenRevert", []), ("ask", []), ("drop", [.int(5), .boolean(true)]), ("fire", []),
            ("ask", []), ("add", [.int(2)]), ("add", [.int(2)]), ("ask", []), ("relog", []), ("add", [.int(4)]),
            ("relog", []), ("ask", []), ("fire", []), ("ask", []), ("drop", [.int(2), .boolean(true)]), ("ask", []),
        ]
        for (entry, arguments) in script {
            Self.restart(cold)
            let expected = warm.call(entry, arguments)
            let found = cold.call(entry, arguments)
            #expect(found.returnValue == expected.returnValue, "\(entry)")
            #expect(found.gasUsed == expected.gasUsed, "\(entry)")
        }
        #expect(warm.host.storageEntries(of: ContractRulesTests.address).map(\.key)
                == cold.host.storageEntries(of: ContractRulesTests.address).map(\.key))
        #expect(warm.host.storageEntries(of: ContractRulesTests.address).map(\.value)
                == cold.host.storageEntries(of: ContractRulesTests.address).map(\.value))
    }

    @Test("a session that is not assigned to a state field writes nothing to storage")
    func localSessionsStayLocal() throws {
        let deployed = try Self.deploy()
        let before = deployed.host.storageEntries(of: ContractRulesTests.address)
        #expect(deployed.call("local", [.int(4)]).returnValue == .int(1))
        #expect(deployed.host.storageEntries(of: ContractRulesTests.address).map(\.key) == before.map(\.key))
    }

    @Test("stored session ids count per contract, whatever other contracts did")
    func sessionIDsPerContract() throws {
        let deployed = try Self.deploy()
        let other = Address.named("other")
        _ = deployed.call("local", [.int(1)])
        let outcome = VM.deploy(deployed.program, arguments: [],
                                context: CallContext(contract: other, sender: Address.named("buyer")), host: deployed.host,
                              limits: ExecutionLimits(gasLimit: 10_000_000))
        #expect(outcome.returnValue == .null)
        let keys = { (contract: Address) in
            deployed.host.storageEntries(of: contract).map { String(decoding: $0.key, as: UTF8.self) }
        }
        #expect(keys(other) == keys(ContractRulesTests.address))
        #expect(keys(other).contains("\u{0}\u{1}rules/1"))
        #expect(keys(other).contains("engine"))
    }

    @Test("with room for one session's memories, two contracts' stored sessions take turns and stay right")
    func cacheEviction() throws {
        let deployed = try Self.deploy()
        let service = try #require(deployed.host.ruleService as? RulesEngineService)
        service.cacheLimit = 1
        let other = Address.named("other")
        func call(_ contract: Address, _ entry: String, _ arguments: [ContractValue] = []) -> CallOutcome {
            VM.call(deployed.program, entryPoint: entry, arguments: arguments,
                    context: CallContext(contract: contract, sender: Address.named("buyer")), host: deployed.host,
                    limits: ExecutionLimits(gasLimit: 10_000_000))
        }
        #expect(VM.deploy(deployed.program, arguments: [], context: CallContext(contract: other, sender: Address.named("buyer")),
                          host: deployed.host, limits: ExecutionLimits(gasLimit: 10_000_000)).returnValue == .null)
        for price in 1...3 {
            _ = call(ContractRulesTests.address, "add", [.int(Int64(price))])
            _ = call(other, "add", [.int(Int64(10 * price))])
        }
        #expect(Self.text(call(ContractRulesTests.address, "ask")) == "3 items, total 6, 0 seen, log ")
        #expect(Self.text(call(other, "ask")) == "3 items, total 60, 0 seen, log ")
        #expect(service.stored.count == 1)
    }

    @Test("constraints that read the block see the block their facts were matched in, also after a rebuild")
    func constraintsSeeTheirMatchBlock() throws {
        let contract = """
            class Item { price: number = 0; }
            class Go { n: number = 0; }
            contract Early {
                engine: RuleSession? = null;
                constructor() {
                    engine = load_rules("early.drl");
                }
                public function add(price: number): void {
                    i = new Item();
                    i.price = price;
                    engine!.insert(i);
                }
                public function go(): number {
                    engine!.insert(new Go());
                    return engine!.fire();
                }
            }
            """
        let rules = """
            rule "cheap for now"
            when
                $i : Item()
                eval($i.price < block.height)
                $g : Go()
            then
                $i.price = $i.price + 1;
            end
            """
        var fired: [ContractValue?] = []
        var gas: [Int64] = []
        for cold in [false, true] {
            let deployed = try Deployed(contract: contract, rules: ["early.drl": rules])
            deployed.host.block = BlockContext(height: 10, time: 0)
            _ = deployed.call("add", [.int(5)])
            _ = deployed.call("add", [.int(20)])
            deployed.host.block = BlockContext(height: 100, time: 0)
            if cold { Self.restart(deployed) }
            let added = deployed.call("add", [.int(50)])
            gas.append(added.gasUsed)
            fired.append(deployed.call("go").returnValue)
        }
        #expect(fired == [.int(2), .int(2)])
        #expect(gas[0] == gas[1])
    }

    static let tally = """
        class Item { price: number = 0; }
        class Tally { text: string = ""; }
        contract Tallies {
            engine: RuleSession? = null;
            constructor() {
                engine = load_rules("tally.drl");
            }
            public function add(price: number): void {
                i = new Item();
                i.price = price;
                engine!.insert(i);
            }
            public function drop(price: number): void {
                i = new Item();
                i.price = price;
                engine!.retract(i);
            }
            public function tally(): string {
                t = new Tally();
                engine!.send(t);
                engine!.retract(t);
                return t.text;
            }
        }
        """

    static let tallyRules = """
        rule "tally"
        when
            $i : Item()
            $t : Tally()
        then
            $t.text = $t.text + $i.price + ";";
        end
        """

    @Test("activations one command makes fire in the same order whether the memories were rebuilt or not")
    func canonicalActivationOrder() throws {
        // Retracting the first item reorders the join's token list in the warm memories (removal
        // swaps the last token in), while rebuilt memories hold the tokens oldest first: the new
        // Tally then meets the items in different orders, and only the canonical numbering of the
        // activations it makes keeps the firing order the same.
        for cold in [false, true] {
            let deployed = try Deployed(contract: Self.tally, rules: ["tally.drl": Self.tallyRules])
            for price in 1...3 { _ = deployed.call("add", [.int(Int64(price))]) }
            _ = deployed.call("drop", [.int(1)])
            if cold { Self.restart(deployed) }
            #expect(Self.text(deployed.call("tally")) == "3;2;", "cold: \(cold)")
        }
    }

    static let pairs = """
        class Probe { price: number = 0; hits: number = 0; }
        class Item { price: number = 0; }
        contract Pairs {
            engine: RuleSession? = null;
            constructor() {
                engine = load_rules("pairs.drl");
            }
            public function fill(from: number, count: number): void {
                for (let n = from; n < from + count; n++) {
                    i = new Item();
                    i.price = n;
                    engine!.insert(i);
                }
            }
            public function probe(price: number): number {
                p = new Probe();
                p.price = price;
                engine!.send(p);
                return p.hits;
            }
        }
        """

    static let pairRules = """
        rule "pair"
        when
            $p : Probe()
            $i : Item(price == $p.price)
        then
            $p.hits = $p.hits + 1;
        end
        """

    @Test("inserting one fact into a stored session of 10,000 unrelated facts costs what it touches")
    func insertCostIndependentOfMemorySize() throws {
        let empty = try Deployed(contract: Self.pairs, rules: ["pairs.drl": Self.pairRules])
        let full = try Deployed(contract: Self.pairs, rules: ["pairs.drl": Self.pairRules])
        for batch in 0..<50 {
            let outcome = VM.call(full.program, entryPoint: "fill", arguments: [.int(Int64(batch * 200)), .int(200)],
                                  context: CallContext(contract: ContractRulesTests.address, sender: Address.named("buyer")),
                                  host: full.host, limits: ExecutionLimits(gasLimit: 1_000_000_000))
            #expect(outcome.returnValue == .null)
        }
        let emptyProbe = empty.call("probe", [.int(-1)])
        let fullProbe = full.call("probe", [.int(-1)])
        #expect(emptyProbe.returnValue == .int(0))
        #expect(fullProbe.returnValue == .int(0))
        #expect(fullProbe.gasUsed <= 2 * emptyProbe.gasUsed)
        // Cold: the memories are rebuilt from storage, and the gas is the same.
        StoredSessionTests.restart(full)
        let coldProbe = full.call("probe", [.int(-2)])
        let warmProbe = full.call("probe", [.int(-3)])
        #expect(coldProbe.gasUsed == warmProbe.gasUsed)
        #expect(full.call("probe", [.int(1234)]).returnValue == .int(1))
    }
}
