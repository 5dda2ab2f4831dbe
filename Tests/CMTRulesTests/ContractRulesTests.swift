import CMTBytecode
import CMTCompiler
import CMTRuleEngine
import CMTRules
import CMTSource
import CMTVM
import Foundation
import Testing

/// Rules run from contracts: DRL checked with the contract, compiled into its module, matched by
/// the Rete engine, consequences run by the VM.
@Suite struct ContractRulesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let address = Address.named("rules")

    final class Deployed {
        let host = InMemoryHost()
        let program: Program

        init(contract: String, rules: [String: String], checkSignatures: Bool = true) throws {
            let sources = SourceManager()
            let cmt = sources.add(path: "contract.cmt", text: contract)
            let ruleFiles = rules.keys.sorted().map { sources.add(path: $0, text: rules[$0] ?? "") }
            let checked = RuleFrontend.check(cmt: [cmt], rules: ruleFiles, sources: sources)
            let errors = checked.diagnostics.filter { $0.severity == .error }
            guard errors.isEmpty, let base = checked.ruleBase else {
                throw RuleSetError(description: DiagnosticRenderer(sources: sources, decorator: PlainDecorator()).render(errors), span: nil)
            }
            var options = Compiler.Options(ruleFiles: rules.keys.sorted())
            if checkSignatures { options.ruleSignatures = base.signatures }
            let output = Compiler.compile(checked: base.module ?? checked.cmt.module, diagnostics: checked.diagnostics, sources: sources,
                                          options: options)
            guard let module = output.module else {
                throw RuleSetError(description: DiagnosticRenderer(sources: sources, decorator: PlainDecorator()).render(output.diagnostics), span: nil)
            }
            program = Program(try Verifier.verify(module))
            var sets: [String: CompiledRuleSet] = [:]
            for file in ruleFiles { sets[file.path] = try RuleSetCompiler.compile(base, module: module, file: file.id) }
            host.ruleService = RulesEngineService(ruleSets: sets, program: program)
            host.deploy(program, at: ContractRulesTests.address)
            #expect(VM.deploy(program, arguments: [], context: CallContext(contract: ContractRulesTests.address, sender: Address.named("buyer")),
                              host: host, limits: ExecutionLimits(gasLimit: 10_000_000)).returnValue == .null)
        }

        func call(_ entry: String, _ arguments: [ContractValue] = []) -> CallOutcome {
            VM.call(program, entryPoint: entry, arguments: arguments, context: CallContext(contract: ContractRulesTests.address, sender: Address.named("buyer")),
                    host: host, limits: ExecutionLimits(gasLimit: 10_000_000))
        }
    }

    @Test("the white paper's pricing rule, as printed: FICO 741 and listed price 100 gives 80, FICO 700 gives 100")
    func whitePaperPricing() throws {
        let contract = try String(contentsOf: Self.root.appendingPathComponent("Examples/pricing/pricing.cmt"), encoding: .utf8)
        let rules = try String(contentsOf: Self.root.appendingPathComponent("Examples/pricing/pricing.rl"), encoding: .utf8)
        let deployed = try Deployed(contract: contract, rules: ["pricing.rl": rules])
        #expect(deployed.call("quote", [.int(741), .int(100)]).returnValue == .int(80))
        #expect(deployed.call("quote", [.int(700), .int(100)]).returnValue == .int(100))
    }

    static let orders = """
        class Order {
            id: number = 0;
            total: number = 0;
            status: string = "new";
            discount: number = 0;
        }
        class Alert {
            orderId: number = 0;
        }
        contract Shop {
            public function process(totals: number[]): string {
                engine = load_rules("orders.drl");
                let orders: Order[] = [];
                for (let i = 0; i < totals.length; i++) {
                    o = new Order();
                    o.id = i + 1;
                    o.total = totals[i];
                    orders.push(o);
                    engine.insert(o);
                }
                fired = engine.fire();
                let out = "";
                for (const o of orders) {
                    out += o.id + ":" + o.status + ":" + o.discount + " ";
                }
                return out + fired;
            }
        }
        """

    static let orderRules = """
        rule "big orders get 10% off"
            salience 10
            no-loop
        when
            $o : Order(total >= 100, status == "new")
        then
            $o.discount = $o.total * 0.1;
            $o.status = "discounted";
            update($o);
        end

        rule "discounted orders are approved"
        when
            $o : Order(status == "discounted")
            not Alert(orderId == $o.id)
        then
            modify ($o) { status = "approved" }
        end

        rule "small orders are flagged"
        when
            $o : Order(total < 100, status == "new")
        then
            insert(new Alert());
            $o.status = "flagged";
        end
        """

    @Test("salience, no-loop, update, modify, insert and not, from a contract")
    func engineFeatures() throws {
        let deployed = try Deployed(contract: Self.orders, rules: ["orders.drl": Self.orderRules])
        let outcome = deployed.call("process", [.array([.int(150), .int(50), .int(200)])])
        #expect(outcome.returnValue == .string("1:approved:15 2:flagged:0 3:approved:20 5"))
    }

    @Test("the compiler's and the VM's rules operation numbers agree")
    func operationNumbers() {
        #expect(RuleOperationCode.allCases.map(\.rawValue) == RuleOperation.allCases.map { Int($0.rawValue) })
        #expect(RuleOperationCode.allCases.map { "\($0)" } == RuleOperation.allCases.map { "\($0)" })
    }

    @Test("a rule with 'or' fires once for each alternative that matches")
    func orAlternatives() throws {
        let contract = """
            class Item { price: number = 0; tag: string = ""; }
            contract Tagger {
                public function tag(price: number): string {
                    engine = load_rules("tags.drl");
                    i = new Item();
                    i.price = price;
                    engine.send(i);
                    return i.tag;
                }
            }
            """
        let rules = """
            rule "notable"
            when
                $i : Item(price > 100) or $i : Item(price < 1)
            then
                $i.tag = $i.tag + "notable";
            end
            """
        let deployed = try Deployed(contract: contract, rules: ["tags.drl": rules])
        #expect(deployed.call("tag", [.int(500)]).returnValue == .string("notable"))
        #expect(deployed.call("tag", [.int(50)]).returnValue == .string(""))
        #expect(deployed.call("tag", [.number(Decimal18(literal: "0.5") ?? .zero)]).returnValue == .string("notable"))
    }

    @Test("a rule's eval and consequence read the contract program's module constants")
    func moduleConstantsInRules() throws {
        let contract = """
            const LIMIT = 100;
            const PREFIX = "big:";
            class Item { price: number = 0; tag: string = ""; }
            contract Tagger {
                public function tag(price: number): string {
                    engine = load_rules("limits.drl");
                    i = new Item();
                    i.price = price;
                    engine.send(i);
                    return i.tag;
                }
            }
            """
        let rules = """
            rule "over the limit"
            when
                $i : Item(price > 0)
                eval($i.price > LIMIT)
            then
                $i.tag = PREFIX + ($i.price - LIMIT);
            end
            """
        let deployed = try Deployed(contract: contract, rules: ["limits.drl": rules])
        #expect(deployed.call("tag", [.int(150)]).returnValue == .string("big:50"))
        #expect(deployed.call("tag", [.int(50)]).returnValue == .string(""))
    }

    @Test("a rule's constraint compares a fact's field with a module constant")
    func moduleConstantInConstraint() throws {
        let contract = """
            const LIMIT = 100;
            class Item { price: number = 0; }
            contract Counter {
                public function count(price: number): number {
                    engine = load_rules("limits.drl");
                    i = new Item();
                    i.price = price;
                    engine.insert(i);
                    return engine.fire();
                }
            }
            """
        let rules = """
            rule "over the limit"
            when
                Item(price > LIMIT)
            then
            end
            """
        let deployed = try Deployed(contract: contract, rules: ["limits.drl": rules])
        #expect(deployed.call("count", [.int(150)]).returnValue == .int(1))
        #expect(deployed.call("count", [.int(50)]).returnValue == .int(0))
    }

    @Test("a session kept for a later call never writes into that call's unrelated objects")
    func sessionAcrossCalls() throws {
        let contract = """
            class Ticket { n: number = 0; seen: boolean = false; }
            contract Desk {
                engine: RuleSession? = null;
                public function open(): void {
                    engine = load_rules("desk.drl");
                    t = new Ticket();
                    t.n = 1;
                    engine!.insert(t);
                }
                public function later(): string {
                    u = new Ticket();
                    u.n = 2;
                    fired = engine!.fire();
                    return fired + " " + u.seen;
                }
            }
            """
        let rules = """
            rule "see"
            when
                $t : Ticket(seen == false)
            then
                $t.seen = true;
            end
            """
        let deployed = try Deployed(contract: contract, rules: ["desk.drl": rules])
        #expect(deployed.call("open").returnValue == .null)
        #expect(deployed.call("later").returnValue == .string("1 false"))
    }

    @Test("date-effective and date-expires follow the block time")
    func dateWindows() throws {
        let contract = """
            class Offer { price: number = 100; }
            contract Shop {
                public function price(): number {
                    engine = load_rules("sale.drl");
                    o = new Offer();
                    engine.send(o);
                    return o.price;
                }
            }
            """
        let rules = """
            rule "winter sale"
                date-effective "2026-12-01"
                date-expires "2027-01-01"
            when
                $o : Offer()
            then
                $o.price = $o.price * 0.5;
            end
            """
        let deployed = try Deployed(contract: contract, rules: ["sale.drl": rules])
        deployed.host.block = BlockContext(height: 1, time: 1_764_547_200)  // 2025-12-01
        #expect(deployed.call("price").returnValue == .int(100))
        deployed.host.block = BlockContext(height: 2, time: 1_796_083_200)  // 2026-12-01
        #expect(deployed.call("price").returnValue == .int(50))
        deployed.host.block = BlockContext(height: 3, time: 1_798_761_600)  // 2027-01-01
        #expect(deployed.call("price").returnValue == .int(100))
    }
}
