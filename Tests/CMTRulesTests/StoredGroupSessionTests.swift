import CMTBytecode
@testable import CMTRuleEngine
@testable import CMTRules
import CMTVM
import Testing

/// Stored sessions whose rules use group and `from` nodes (accumulate, collect, `not`/`exists` over
/// several patterns, `from`) and `not` nodes (which keep one blocking fact): what they match lives only in the memories, which a fresh engine
/// rebuilds from storage, so results, gas and the bytes written must not depend on whether the
/// memories were rebuilt.
@Suite struct StoredGroupSessionTests {
    typealias Deployed = ContractRulesTests.Deployed

    static let shop = """
        class Order { id: number = 0; amount: number = 0; }
        class Line { orderId: number = 0; }
        class Item { name: string = ""; price: number = 0; }
        class Cart { owner: string = ""; items: Item[] = []; }
        class Report { text: string = ""; }
        class Ask { text: string = ""; }
        contract Shop {
            engine: RuleSession? = null;
            constructor() {
                engine = load_rules("groups.drl");
                engine!.insert(new Report());
            }
            public function order(id: number, amount: number): void {
                o = new Order(); o.id = id; o.amount = amount;
                engine!.insert(o);
            }
            public function dropOrder(id: number, amount: number): void {
                o = new Order(); o.id = id; o.amount = amount;
                engine!.retract(o);
            }
            public function line(id: number): void {
                l = new Line(); l.orderId = id;
                engine!.insert(l);
            }
            public function dropLine(id: number): void {
                l = new Line(); l.orderId = id;
                engine!.retract(l);
            }
            public function item(name: string, price: number): void {
                i = new Item(); i.name = name; i.price = price;
                engine!.insert(i);
            }
            public function dropItem(name: string, price: number): void {
                i = new Item(); i.name = name; i.price = price;
                engine!.retract(i);
            }
            public function cart(owner: string, a: number, b: number): void {
                c = new Cart(); c.owner = owner;
                x = new Item(); x.name = "x"; x.price = a; c.items.push(x);
                y = new Item(); y.name = "y"; y.price = b; c.items.push(y);
                engine!.insert(c);
            }
            public function fire(): number {
                return engine!.fire();
            }
            public function fireOne(): number {
                return engine!.fire(1);
            }
            public function report(): string {
                a = new Ask();
                engine!.send(a);
                engine!.retract(a);
                return a.text;
            }
        }
        """

    static let rules = """
        rule "totals"
        when
            $r : Report()
            accumulate( Order($a : amount); $t : sum($a), $n : count(), $lo : min($a), $hi : max($a); $n > 0 )
        then
            $r.text = $r.text + "sum=" + $t + " n=" + $n + " min=" + $lo + " max=" + $hi + ";";
        end

        rule "cheap items"
        when
            $r : Report()
            $list : List() from collect( Item(price < 10) )
        then
            let names = "";
            for (const i of $list) { names += i.name; }
            $r.text = $r.text + "cheap=" + names + ";";
        end

        rule "no order has a line"
        when
            $r : Report()
            not (Order($id : id) and Line(orderId == $id))
        then
            $r.text = $r.text + "none;";
        end

        rule "some order has a line"
        when
            $r : Report()
            exists (Order($id : id) and Line(orderId == $id))
        then
            $r.text = $r.text + "some;";
        end

        rule "lonely order"
        when
            $r : Report()
            $o : Order()
            not Line(orderId == $o.id)
        then
            $r.text = $r.text + "lonely" + $o.id + ";";
        end

        rule "expensive cart items"
        when
            $r : Report()
            $c : Cart()
            $i : Item(price > 10, $p : price) from $c.items
        then
            $r.text = $r.text + $c.owner + ":" + $i.name + "=" + $p + ";";
        end

        rule "show"
        when
            $a : Ask()
            $r : Report()
        then
            $a.text = $r.text;
        end
        """

    static let script: [(String, [ContractValue])] = [
        ("order", [.int(1), .int(10)]), ("order", [.int(2), .int(20)]), ("fire", []), ("line", [.int(2)]),
        ("item", [.string("a"), .int(5)]), ("item", [.string("b"), .int(20)]), ("item", [.string("c"), .int(3)]),
        ("cart", [.string("bob"), .int(30), .int(40)]), ("fireOne", []), ("fire", []), ("report", []),
        ("order", [.int(3), .int(5)]), ("dropOrder", [.int(2), .int(20)]), ("dropItem", [.string("a"), .int(5)]),
        ("item", [.string("d"), .int(1)]), ("fire", []), ("report", []), ("line", [.int(3)]), ("line", [.int(1)]),
        ("dropLine", [.int(3)]), ("cart", [.string("ann"), .int(50), .int(2)]), ("fire", []),
        ("dropOrder", [.int(1), .int(10)]), ("dropOrder", [.int(3), .int(5)]), ("fire", []), ("report", []),
    ]

    static func text(_ outcome: CallOutcome) -> String? {
        if case .string(let text)? = outcome.returnValue { return text }
        return nil
    }

    @Test("accumulate, collect, not/exists groups and from in a stored session: same results, gas and bytes warm or cold")
    func groupsWarmAndCold() throws {
        let warm = try Deployed(contract: Self.shop, rules: ["groups.drl": Self.rules])
        let cold = try Deployed(contract: Self.shop, rules: ["groups.drl": Self.rules])
        var reports: [String] = []
        for (entry, arguments) in Self.script {
            StoredSessionTests.restart(cold)
            let expected = warm.call(entry, arguments)
            let found = cold.call(entry, arguments)
            #expect(expected.returnValue != nil, "\(entry) failed: \(expected.status)")
            #expect(found.returnValue == expected.returnValue, "\(entry)")
            #expect(found.gasUsed == expected.gasUsed, "\(entry)")
            if entry == "report", let text = Self.text(expected) { reports.append(text) }
        }
        #expect(warm.host.storageEntries(of: ContractRulesTests.address).map(\.key)
                == cold.host.storageEntries(of: ContractRulesTests.address).map(\.key))
        #expect(warm.host.storageEntries(of: ContractRulesTests.address).map(\.value)
                == cold.host.storageEntries(of: ContractRulesTests.address).map(\.value))
        // What the rules saw, across calls.
        let first = "lonely2;lonely1;sum=30 n=2 min=10 max=20;cheap=;none;bob:y=40;bob:x=30;cheap=ac;some;"
        let second = first + "lonely3;sum=15 n=2 min=5 max=10;cheap=cd;none;"
        #expect(reports == [first, second, second + "ann:x=50;lonely3;some;none;"])
    }

    @Test("a not group's witness and a not node's blocker, and so the gas of removing a fact, are the same whether the memories were rebuilt or not")
    func witnessWarmAndCold() throws {
        // Warm, the witness is order 1 with its first line until that line goes; the search that
        // follows finds order 1 with its second line first in memory order. Rebuilt memories never
        // saw the first line: their witness came when order 2's line did. A witness taken in memory
        // order would then make retracting order 2's line cost a new search in one and not the
        // other; the witness whose newest fact is oldest is order 2's pair in both.
        let script: [(String, [ContractValue])] = [
            ("order", [.int(1), .int(1)]), ("order", [.int(2), .int(1)]), ("line", [.int(1)]), ("line", [.int(2)]),
            ("line", [.int(1)]), ("dropLine", [.int(1)]), ("dropLine", [.int(2)]), ("dropLine", [.int(1)]),
            ("fire", []), ("report", []),
        ]
        let warm = try Deployed(contract: Self.shop, rules: ["groups.drl": Self.rules])
        let cold = try Deployed(contract: Self.shop, rules: ["groups.drl": Self.rules])
        for (entry, arguments) in script {
            StoredSessionTests.restart(cold)
            let expected = warm.call(entry, arguments)
            let found = cold.call(entry, arguments)
            #expect(expected.returnValue != nil, "\(entry) failed: \(expected.status)")
            #expect(found.returnValue == expected.returnValue, "\(entry)")
            #expect(found.gasUsed == expected.gasUsed, "\(entry) \(arguments)")
        }
    }
}
