import CMTRuleEngine
import CMTRules
import CMTVM
import Testing

/// Queries and fact listings on a session stored in contract state, across calls.
@Suite struct StoredSessionQueryTests {
    static let rules = """
        query "above" (number $limit)
            $i : Invoice(amount > $limit)
        end
        """

    static let contract = """
        class Invoice {
            id: number = 0;
            amount: number = 0;
        }
        contract Book {
            engine: RuleSession? = null;
            constructor() {
                engine = load_rules("book.drl");
            }
            public function add(id: number, amount: number): void {
                const invoice = new Invoice();
                invoice.id = id;
                invoice.amount = amount;
                engine!.insert(invoice);
            }
            public function above(limit: number): string {
                let out = "";
                for (const i of engine!.query(Invoice, "above", limit)) { out += i.id + " "; }
                return out + "of " + engine!.facts(Invoice).length;
            }
        }
        """

    @Test("a stored session answers queries and lists its facts in later calls")
    func queriesAcrossCalls() throws {
        let deployed = try ContractRulesTests.Deployed(contract: Self.contract, rules: ["book.drl": Self.rules])
        for (id, amount) in [(1, 50), (2, 500), (3, 120)] {
            let outcome = deployed.call("add", [.int(Int64(id)), .int(Int64(amount))])
            #expect(outcome.returnValue == .null, "\(outcome.status)")
        }
        #expect(deployed.call("above", [.int(100)]).returnValue == .string("2 3 of 3"))
        #expect(deployed.call("above", [.int(1000)]).returnValue == .string("of 3"))
        _ = deployed.call("add", [.int(4), .int(2000)])
        #expect(deployed.call("above", [.int(1000)]).returnValue == .string("4 of 4"))
    }
}
