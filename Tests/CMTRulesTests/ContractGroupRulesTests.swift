import CMTBytecode
import CMTRules
import CMTVM
import Testing

/// The left-hand-side conditional elements that become group and `from` nodes, compiled from DRL
/// and run from a contract: `not`/`exists` over several patterns, `forall`, `accumulate`,
/// `collect` and `from`. Each rule appends to a `Report` fact, so the returned text is the firing
/// order with the values the rules saw.
@Suite struct ContractGroupRulesTests {
    typealias Deployed = ContractRulesTests.Deployed

    static let classes = """
        class Order { id: number = 0; amount: number = 0; }
        class Line { orderId: number = 0; }
        class Item { name: string = ""; price: number = 0; }
        class Cart { owner: string = ""; items: Item[] = []; }
        class Report { text: string = ""; }

        """

    static func run(_ body: String, rules: String) throws -> CallOutcome {
        let contract = classes + """
            contract Shop {
                public function run(): string {
                    engine = load_rules("r.drl");
                    r = new Report();
                    engine.insert(r);
            \(body)
                    return r.text;
                }
            }
            """
        return try Deployed(contract: contract, rules: ["r.drl": rules]).call("run")
    }

    @Test("accumulate: sum, count, average, min and max change on insert, retract and update, and the rule fires again")
    func accumulateFunctions() throws {
        let rules = """
            rule "totals"
            when
                $r : Report()
                accumulate( Order($a : amount); $t : sum($a), $n : count(), $avg : average($a), $lo : min($a), $hi : max($a) )
            then
                $r.text = $r.text + "sum=" + $t + " n=" + $n + " avg=" + $avg + " min=" + ($lo ?? 0) + " max=" + ($hi ?? 0) + ";";
            end
            """
        let outcome = try Self.run("""
                    a = new Order(); a.amount = 10; engine.insert(a);
                    b = new Order(); b.amount = 20; engine.insert(b);
                    engine.fire();
                    c = new Order(); c.amount = 5; engine.insert(c);
                    engine.fire();
                    engine.retract(b);
                    engine.fire();
                    a.amount = 40; engine.update(a);
                    engine.fire();
                    engine.fire();
            """, rules: rules)
        #expect(outcome.returnValue == .string(
            "sum=30 n=2 avg=15 min=10 max=20;sum=35 n=3 avg=11.666666666666666666 min=5 max=20;"
                + "sum=15 n=2 avg=7.5 min=5 max=10;sum=45 n=2 avg=22.5 min=5 max=40;"))
    }

    @Test("not and exists over two patterns react to inserting and retracting either fact")
    func notExistsGroups() throws {
        let rules = """
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
            """
        let outcome = try Self.run("""
                    o = new Order(); o.id = 1; engine.insert(o);
                    engine.fire();
                    l = new Line(); l.orderId = 1; engine.insert(l);
                    m = new Line(); m.orderId = 1; engine.insert(m);
                    engine.fire();
                    engine.retract(l);
                    engine.fire();
                    engine.retract(o);
                    engine.fire();
                    p = new Order(); p.id = 1; engine.insert(p);
                    engine.fire();
            """, rules: rules)
        // exists fires once for two lines; it stays true while one line is left; retracting the
        // order makes the not true again, and a new order with a line makes exists true again.
        #expect(outcome.returnValue == .string("none;some;none;some;"))
    }

    @Test("forall turns false when a fact breaks it and true again when it is repaired")
    func forallTransitions() throws {
        let rules = """
            rule "every order has a line"
            when
                $r : Report()
                forall( $o : Order() Line(orderId == $o.id) )
            then
                $r.text = $r.text + "all;";
            end

            rule "every order is positive"
            when
                $r : Report()
                forall( Order(amount > 0) )
            then
                $r.text = $r.text + "positive;";
            end
            """
        let outcome = try Self.run("""
                    engine.fire();
                    o = new Order(); o.id = 1; o.amount = 5; engine.insert(o);
                    engine.fire();
                    l = new Line(); l.orderId = 1; engine.insert(l);
                    engine.fire();
                    o.amount = 0; engine.update(o);
                    engine.fire();
                    o.amount = 2; engine.update(o);
                    engine.fire();
                    engine.retract(l);
                    engine.fire();
            """, rules: rules)
        // Empty: both hold. The order has no line: "all" stops ("positive" still holds, so it
        // does not fire again). The line repairs "all". Amount 0 breaks "positive", 2 repairs it;
        // "all" held throughout the updates, so it does not fire again. Retracting the line
        // breaks "all": nothing fires.
        #expect(outcome.returnValue == .string("all;positive;all;positive;"))
    }

    @Test("collect binds the matching facts in insertion order and changes with them")
    func collectList() throws {
        let rules = """
            rule "cheap items"
            when
                $r : Report()
                $list : List() from collect( Item(price < 10) )
            then
                let names = "";
                for (const i of $list) { names += i.name; }
                $r.text = $r.text + names + ";";
            end
            """
        let outcome = try Self.run("""
                    a = new Item(); a.name = "a"; a.price = 5; engine.insert(a);
                    b = new Item(); b.name = "b"; b.price = 20; engine.insert(b);
                    c = new Item(); c.name = "c"; c.price = 3; engine.insert(c);
                    engine.fire();
                    d = new Item(); d.name = "d"; d.price = 1; engine.insert(d);
                    engine.fire();
                    a.price = 50; engine.update(a);
                    engine.fire();
                    engine.retract(c);
                    engine.fire();
                    b.price = 2; engine.update(b);
                    engine.fire();
            """, rules: rules)
        #expect(outcome.returnValue == .string("ac;acd;cd;d;db;"))
    }

    @Test("from iterates an array field of a bound fact, testing each element")
    func fromArray() throws {
        let rules = """
            rule "expensive items"
            when
                $r : Report()
                $c : Cart()
                $i : Item(price > 10, $p : price) from $c.items
            then
                $r.text = $r.text + $c.owner + ":" + $i.name + "=" + $p + ";";
            end
            """
        let outcome = try Self.run("""
                    c = new Cart(); c.owner = "bob";
                    x = new Item(); x.name = "x"; x.price = 5; c.items.push(x);
                    y = new Item(); y.name = "y"; y.price = 20; c.items.push(y);
                    z = new Item(); z.name = "z"; z.price = 30; c.items.push(z);
                    engine.insert(c);
                    engine.fire();
                    c.owner = "ann"; engine.update(c);
                    engine.fire();
            """, rules: rules)
        // Elements match in array order; activations of one match recency fire newest first.
        #expect(outcome.returnValue == .string("bob:z=30;bob:y=20;ann:z=30;ann:y=20;"))
    }

    @Test("from accumulate and accumulate constraints gate the rule on the result")
    func accumulateConstraints() throws {
        let rules = """
            rule "big total"
            when
                $r : Report()
                $t : Number(intValue > 25) from accumulate( Order($a : amount), sum($a) )
            then
                $r.text = $r.text + "big=" + $t + ";";
            end

            rule "many orders"
            when
                $r : Report()
                accumulate( $o : Order(); $n : count(), $all : collectList($o); $n >= 2 )
            then
                $r.text = $r.text + "many=" + $n + "/" + $all.length + ";";
            end
            """
        let outcome = try Self.run("""
                    a = new Order(); a.amount = 10; engine.insert(a);
                    engine.fire();
                    b = new Order(); b.amount = 20; engine.insert(b);
                    engine.fire();
                    engine.retract(a);
                    engine.fire();
            """, rules: rules)
        #expect(outcome.returnValue == .string("big=30;many=2/2;"))
    }

    @Test("this == $x and this != $x test fact identity, in forall and in plain patterns")
    func identity() throws {
        let rules = """
            rule "every positive order has an id"
            when
                $r : Report()
                forall( $o : Order(amount > 0) Order(this == $o, id > 0) )
            then
                $r.text = $r.text + "ids;";
            end

            rule "two different orders"
            when
                $r : Report()
                $a : Order(id == 1)
                $b : Order(this != $a, amount == $a.amount)
            then
                $r.text = $r.text + "pair " + $b.id + ";";
            end
            """
        let outcome = try Self.run("""
                    a = new Order(); a.id = 1; a.amount = 5; engine.insert(a);
                    engine.fire();
                    b = new Order(); b.id = 0; b.amount = 5; engine.insert(b);
                    engine.fire();
                    b.id = 2; engine.update(b);
                    engine.fire();
            """, rules: rules)
        // The order with id 0 breaks the forall and pairs with the first; given an id it repairs
        // the forall and pairs again (the update made a new match, which holds the newest fact, so
        // it fires first: a group's result adds no recency of its own).
        #expect(outcome.returnValue == .string("ids;pair 0;pair 2;ids;"))
    }

    @Test("an accumulate whose constraint holds on an empty session fires before any fact")
    func accumulateOnEmptySession() throws {
        let rules = """
            rule "no orders"
            when
                accumulate( Order(); $n : count(); $n == 0 )
                $r : Report()
            then
                $r.text = $r.text + "none;";
            end
            """
        let outcome = try Self.run("""
                    engine.fire();
                    o = new Order(); engine.insert(o);
                    engine.fire();
                    engine.retract(o);
                    engine.fire();
            """, rules: rules)
        #expect(outcome.returnValue == .string("none;none;"))
    }

    @Test("from inside accumulate and not: a cart's items summed, and carts without an expensive item")
    func fromInsideGroups() throws {
        let rules = """
            rule "cart total"
            when
                $r : Report()
                $c : Cart()
                accumulate( Item($p : price) from $c.items; $t : sum($p), $n : count(), $names : collectList($p) )
            then
                $r.text = $r.text + $c.owner + " " + $n + "=" + $t + ";";
            end

            rule "nothing expensive"
            when
                $r : Report()
                $c : Cart()
                not ( Item(price > 100) from $c.items )
            then
                $r.text = $r.text + $c.owner + " cheap;";
            end
            """
        let outcome = try Self.run("""
                    c = new Cart(); c.owner = "bob";
                    x = new Item(); x.price = 5; c.items.push(x);
                    y = new Item(); y.price = 20; c.items.push(y);
                    engine.insert(c);
                    engine.fire();
                    z = new Item(); z.price = 300; c.items.push(z);
                    engine.update(c);
                    engine.fire();
            """, rules: rules)
        #expect(outcome.returnValue == .string("bob 2=25;bob cheap;bob 3=325;"))
    }

    @Test("a collect nested in a not, from a contract: the rule holds while the collected list is empty")
    func nestedCollectInNot() throws {
        let rules = """
            rule "nothing cheap"
            when
                $r : Report()
                not ( $l : List(this.length > 0) from collect( Item(price < 10) ) )
            then
                $r.text = $r.text + "nothing cheap;";
            end
            """
        let outcome = try Self.run("""
                    engine.fire();
                    i = new Item(); i.price = 5; engine.insert(i);
                    engine.fire();
                    engine.retract(i);
                    engine.fire();
            """, rules: rules)
        #expect(outcome.returnValue == .string("nothing cheap;nothing cheap;"))
    }

    @Test("not (A or B) holds while neither exists")
    func notOr() throws {
        let rules = """
            rule "quiet"
            when
                $r : Report()
                not ( Order(amount > 100) or Line(orderId == 0) )
            then
                $r.text = $r.text + "quiet;";
            end
            """
        let outcome = try Self.run("""
                    engine.fire();
                    l = new Line(); engine.insert(l);
                    engine.fire();
                    o = new Order(); o.amount = 500; engine.insert(o);
                    engine.retract(l);
                    engine.fire();
                    engine.retract(o);
                    engine.fire();
            """, rules: rules)
        #expect(outcome.returnValue == .string("quiet;quiet;"))
    }
}
