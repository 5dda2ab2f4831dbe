import CMTBytecode
@testable import CMTRules
import CMTVM
import Testing

/// Facts are objects with identity, as in Drools: a field that holds another fact holds that fact,
/// an object two facts share is one object, a change made through any reference is the change,
/// and all of it survives storing the session in contract storage.
@Suite struct FactReferenceTests {
    typealias Deployed = ContractRulesTests.Deployed

    static let shopRules = """
        declare Customer
            name : string
            discount : number
        end
        declare Address
            city : string
        end
        declare Purchase
            customer : Customer
            total : number
            ship : Address
        end
        declare Seed
            n : number
        end

        rule "setup" salience 100
        when
            $s : Seed()
            $c : Customer()
        then
            a = new Address();
            a.city = "Paris";
            p1 = new Purchase();
            p1.customer = $c;
            p1.total = 100;
            p1.ship = a;
            p2 = new Purchase();
            p2.customer = $c;
            p2.total = 50;
            p2.ship = a;
            insert(p1);
            insert(p2);
            retract($s);
        end

        rule "bought" salience 50
        when
            $c : Customer()
            $p : Purchase(customer == $c)
        then
            print("bought " + $c.name + " " + $p.total);
        end

        rule "move" salience 40
        when
            $p : Purchase(total == 100)
        then
            $p.ship!.city = "Lyon";
        end

        rule "discount" salience 30
        when
            $c : Customer(discount == 0)
        then
            modify ($c) { discount = 10 }
        end

        rule "report" salience 10
        when
            $p : Purchase(total == 50)
        then
            print("report " + $p.customer!.discount + " " + $p.ship!.city);
        end
        """

    @Test("a field holding a fact is that fact: 'customer == $c' matches, a modify of the customer and a shared object's change are seen through every reference")
    func fieldsHoldReferences() throws {
        let program = try DroolsProgram(Self.shopRules)
        try program.insert("Customer", ["name": .string("ann"), "discount": .int(0)])
        try program.insert("Seed", ["n": .int(1)])
        try program.fire()
        // Drools: "bought" once per purchase (its customer is the fact); "move" changes the one
        // Address both purchases hold; "discount" modifies the Customer both purchases refer to.
        // The modify of the customer re-matches the purchases' join: "bought" fires again for both.
        #expect(program.output.filter { $0.hasPrefix("bought") }.sorted() == ["bought ann 100", "bought ann 100", "bought ann 50", "bought ann 50"])
        #expect(program.output.last == "report 10 Lyon")
        #expect(program.fired.filter { $0 == "discount" }.count == 1)
    }

    @Test("an object compared with a fact it is not: 'customer == $c' holds only for the purchase's own customer")
    func identityNotEquality() throws {
        let program = try DroolsProgram("""
            declare Customer
                name : string
            end
            declare Purchase
                customer : Customer
            end
            rule "link" salience 10
            when
                $c : Customer(name == "ann")
                not Purchase()
            then
                p = new Purchase();
                p.customer = $c;
                insert(p);
            end
            rule "mine"
            when
                $c : Customer()
                $p : Purchase(customer == $c)
            then
                print("mine " + $c.name);
            end
            rule "others"
            when
                $c : Customer()
                $p : Purchase(customer != $c)
            then
                print("other " + $c.name);
            end
            """)
        // Two customers with equal contents are two objects.
        try program.insert("Customer", ["name": .string("ann")])
        try program.insert("Customer", ["name": .string("ann")])
        try program.fire()
        #expect(program.output.filter { $0.hasPrefix("mine") } == ["mine ann"])
        #expect(program.output.filter { $0.hasPrefix("other") } == ["other ann"])
    }

    static let contract = """
        class Customer { name: string = ""; discount: number = 0; }
        class Purchase { customer: Customer? = null; total: number = 0; }
        contract Shop {
            engine: RuleSession? = null;
            constructor() {
                engine = load_rules("shop.drl");
            }
            public function buy(name: string, total: number): number {
                c = new Customer();
                c.name = name;
                p = new Purchase();
                p.customer = c;
                p.total = total;
                engine!.insert(p);
                engine!.insert(c);
                engine!.fire();
                // The rules modified the customer: the purchase's customer is that object.
                return p.customer!.discount + c.discount;
            }
            public function local(name: string): number {
                other = load_rules("shop.drl");
                c = new Customer();
                c.name = name;
                p = new Purchase();
                p.customer = c;
                p.total = 20;
                other.insert(c);
                other.insert(p);
                other.fire();
                return p.customer!.discount;
            }
            public function raise(): number {
                return engine!.fire();
            }
            public function report(): string {
                let text = "";
                for (const p of engine!.facts(Purchase)) {
                    text = text + p.customer!.name + "=" + p.customer!.discount + ";";
                }
                return text;
            }
        }
        """

    static let contractRules = """
        rule "discount"
        when
            $c : Customer(discount < 10)
            $p : Purchase(customer == $c, total > 10)
        then
            modify ($c) { discount = $c.discount + 5 }
        end
        """

    @Test("from a contract: a purchase inserted before its customer refers to the customer fact; the caller sees the rules' change through both references")
    func contractObjectsKeepIdentity() throws {
        let shop = try Deployed(contract: Self.contract, rules: ["shop.drl": Self.contractRules])
        // Fires twice (5, then 10), for the purchase whose customer the customer fact is.
        #expect(shop.call("local", [.string("ann")]).returnValue == .int(10))
        #expect(shop.call("buy", [.string("bob"), .int(20)]).returnValue == .int(20))
    }

    @Test("a stored session keeps shared objects: warm and rebuilt from storage, the same results, gas and bytes")
    func storedSessionKeepsSharing() throws {
        let warm = try Deployed(contract: Self.contract, rules: ["shop.drl": Self.contractRules])
        let cold = try Deployed(contract: Self.contract, rules: ["shop.drl": Self.contractRules])
        let script: [(String, [ContractValue])] = [
            ("buy", [.string("ann"), .int(5)]), ("report", []), ("buy", [.string("bob"), .int(50)]), ("report", []), ("raise", []),
        ]
        var reports: [ContractValue] = []
        for (entry, arguments) in script {
            StoredSessionTests.restart(cold)
            let expected = warm.call(entry, arguments)
            let found = cold.call(entry, arguments)
            #expect(expected.returnValue != nil, "\(entry) failed: \(expected.status)")
            #expect(found.returnValue == expected.returnValue, "\(entry)")
            #expect(found.gasUsed == expected.gasUsed, "\(entry)")
            if entry == "report", let value = expected.returnValue { reports.append(value) }
        }
        #expect(reports == [.string("ann=0;"), .string("ann=0;bob=10;")])
        let keys = warm.host.storageEntries(of: ContractRulesTests.address).map(\.key)
        #expect(keys == cold.host.storageEntries(of: ContractRulesTests.address).map(\.key))
        #expect(warm.host.storageEntries(of: ContractRulesTests.address).map(\.value)
                == cold.host.storageEntries(of: ContractRulesTests.address).map(\.value))
        // Each customer is stored once, as an object the purchase and the customer fact share.
        let objects = keys.filter { String(decoding: $0, as: UTF8.self).contains("/o/") }
        #expect(objects.count == 4)
    }

    @Test("a chain of thousands of objects a fact refers to is taken in, handed to a consequence and walked without deep recursion")
    func longChainOfObjects() throws {
        let program = try DroolsProgram("""
            declare Node
                next : Node
                n : number
            end
            declare Start
                size : number
            end
            rule "build"
            when
                $s : Start()
            then
                head = new Node();
                head.n = -1;
                cur = head;
                for (let i = 0; i < $s.size; i = i + 1) {
                    nx = new Node();
                    nx.n = i;
                    cur.next = nx;
                    cur = nx;
                }
                insert(head);
                retract($s);
            end
            rule "walk"
            when
                $h : Node(n == -1)
            then
                let count = 0;
                let x = $h.next;
                while (x != null) {
                    count = count + 1;
                    x = x!.next;
                }
                print("walked " + count);
            end
            """)
        try program.insert("Start", ["size": .int(3000)])
        try program.fire()
        #expect(program.output == ["walked 3000"])
    }
}
