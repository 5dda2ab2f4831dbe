import CMTRules
import CMTVM
import Testing

/// `engine.query(Type, name, arguments…)`, `engine.facts(Type)` and `engine.setGlobal` from a contract.
@Suite struct ContractQueryTests {
    static let rules = """
        global number threshold;

        rule "flag big"
        when
            $i : Invoice(amount > threshold, flagged == false)
        then
            modify($i) { flagged = true }
        end

        query "overdue" (number $limit)
            $i : Invoice(amount > $limit, paid == false)
        end

        query "of customer" (string $name)
            $c : Customer(name == $name)
            $i : Invoice(customer == $c.name)
        end
        """

    static let contract = """
        class Invoice {
            id: number = 0;
            amount: number = 0;
            paid: boolean = false;
            flagged: boolean = false;
            customer: string = "";
        }
        class Customer {
            name: string = "";
        }
        contract Billing {
            public function run(limit: number): string {
                engine = load_rules("billing.drl");
                engine.setGlobal("threshold", 150);
                const amounts = [100, 300, 50, 200];
                for (let k = 0; k < amounts.length; k++) {
                    const invoice = new Invoice();
                    invoice.id = k + 1;
                    invoice.amount = amounts[k];
                    invoice.paid = k == 3;
                    invoice.customer = k % 2 == 0 ? "ann" : "bob";
                    engine.insert(invoice);
                }
                const ann = new Customer();
                ann.name = "ann";
                engine.insert(ann);
                engine.fire();
                let out = "";
                const overdue: Invoice[] = engine.query(Invoice, "overdue", limit);
                for (const i of overdue) { out += i.id + " "; }
                out += "| ";
                for (const i of engine.facts(Invoice)) { out += i.id + (i.flagged ? "F " : " "); }
                out += "| ";
                for (const i of engine.query(Invoice, "of customer", "ann")) { out += i.id + " "; }
                out += "| ";
                for (const c of engine.query(Customer, "of customer", "ann")) { out += c.name + " "; }
                return out;
            }

            public function payOverdue(): string {
                engine = load_rules("billing.drl");
                engine.setGlobal("threshold", 1000);
                const amounts = [100, 300, 50];
                for (let k = 0; k < amounts.length; k++) {
                    const invoice = new Invoice();
                    invoice.id = k + 1;
                    invoice.amount = amounts[k];
                    engine.insert(invoice);
                }
                for (const i of engine.query(Invoice, "overdue", 60)) {
                    i.paid = true;
                    engine.update(i);
                }
                let out = engine.query(Invoice, "overdue", 0).length + " |";
                for (const i of engine.facts(Invoice)) { out += " " + i.id + (i.paid ? "P" : ""); }
                return out;
            }
        }
        """

    /// The contract with calls the rule file does not accept.
    static let badContract = String(contract.dropLast("}".count)) + """
            public function badGlobal(): void {
                engine = load_rules("billing.drl");
                engine.setGlobal("threshold", "high");
            }

            public function unknownGlobal(): void {
                engine = load_rules("billing.drl");
                engine.setGlobal("treshold", 1);
            }

            public function badArguments(): void {
                engine = load_rules("billing.drl");
                engine.query(Invoice, "overdue", 1, 2);
            }

            public function unknownQuery(): void {
                engine = load_rules("billing.drl");
                engine.query(Invoice, "overdew", 1);
            }
        }
        """

    @Test("a query with an argument gives the matching facts of the asked class, in match order; facts(Type) lists them all")
    func queriesAndFacts() throws {
        let deployed = try ContractRulesTests.Deployed(contract: Self.contract, rules: ["billing.drl": Self.rules])
        let outcome = deployed.call("run", [.int(60)])
        #expect(outcome.returnValue == .string("1 2 | 1 2F 3 4F | 1 3 | ann ann "), "\(outcome.status)")
        #expect(deployed.call("run", [.int(250)]).returnValue == .string("2 | 1 2F 3 4F | 1 3 | ann ann "))
    }

    @Test("the compiler checks setGlobal and query calls against the rule files: names, argument counts and types")
    func compileTimeChecks() throws {
        do {
            _ = try ContractRulesTests.Deployed(contract: Self.badContract, rules: ["billing.drl": Self.rules])
            Issue.record("the contract should not compile")
        } catch let error as RuleSetError {
            let lines = error.description.split(separator: "\n").compactMap { line in line.range(of: "error[").map { String(line[$0.lowerBound...]) } }
            #expect(lines == [
                "error[E0509]: global 'threshold' is declared 'number'; a value of type 'string' cannot be assigned to it",
                "error[E0508]: no rule file of this program declares a global 'treshold'; the globals are 'threshold'",
                "error[E0511]: query 'overdue' takes 1 argument (number $limit), not 2",
                "error[E0510]: no rule file of this program declares a query 'overdew'; the queries are 'of customer', 'overdue'",
            ])
        }
    }

    @Test("the facts a query gives are the session's facts for the rest of the call: update on them works")
    func updateQueryResults() throws {
        let deployed = try ContractRulesTests.Deployed(contract: Self.contract, rules: ["billing.drl": Self.rules])
        let outcome = deployed.call("payOverdue")
        #expect(outcome.returnValue == .string("1 | 1P 2P 3"), "\(outcome.status)")
    }

    @Test("when the compiler does not know the rule files' declarations, setGlobal and query check them when they run and revert clearly")
    func errors() throws {
        let deployed = try ContractRulesTests.Deployed(contract: Self.badContract, rules: ["billing.drl": Self.rules], checkSignatures: false)
        #expect(deployed.call("badGlobal").status == .reverted(reason: "global 'threshold' is a number, not a string"))
        #expect(deployed.call("unknownGlobal").status == .reverted(reason: "the rule set has no global 'treshold' (its globals: threshold)"))
        #expect(deployed.call("badArguments").status == .reverted(reason: "query 'overdue' takes 1 argument (number $limit), not 2"))
        #expect(deployed.call("unknownQuery").status == .reverted(reason: "the rule set has no query 'overdew' (its queries: 'overdue', 'of customer')"))
    }
}
