import CMTRules
import CMTVM
import Testing

/// Truth maintenance, lock-on-active and salience expressions from a contract: DRL and contract
/// compiled together, consequences on the VM.
@Suite struct ContractTruthTests {
    static let classes = """
        class Order {
            id: number = 0;
            total: number = 0;
            discounts: number = 0;
            fees: number = 0;
            priority: number = 0;
            rank: number = -1;
        }
        class Alert {
            orderId: number = 0;
        }
        class Counter {
            next: number = 0;
        }
        """

    static let truthRules = """
        rule "alert on large orders"
        when
            $o : Order(total > 1000)
        then
            const alert = new Alert();
            alert.orderId = $o.id;
            insertLogical(alert);
        end
        """

    @Test("a logically inserted fact goes when its justification does (Drools TMS), and equal facts share it")
    func truthMaintenance() throws {
        let contract = Self.classes + """
            contract Shop {
                public function run(): string {
                    engine = load_rules("truth.drl");
                    const big = new Order();
                    big.id = 1;
                    big.total = 2000;
                    engine.insert(big);
                    const twin = new Order();
                    twin.id = 1;
                    twin.total = 5000;
                    engine.insert(twin);
                    engine.fire();
                    let out = engine.facts(Alert).length + " ";
                    big.total = 10;
                    engine.update(big);
                    out += engine.facts(Alert).length + " ";
                    engine.retract(twin);
                    out += engine.facts(Alert).length + " ";
                    big.total = 3000;
                    engine.update(big);
                    engine.fire();
                    const alerts = engine.facts(Alert);
                    return out + alerts.length + ":" + alerts[0].orderId;
                }
            }
            """
        let deployed = try ContractRulesTests.Deployed(contract: contract, rules: ["truth.drl": Self.truthRules])
        let outcome = deployed.call("run")
        #expect(outcome.returnValue == .string("1 1 0 1:1"), "\(outcome.status)")
    }

    @Test("a consequence that modifies its own order and then inserts logically keeps the alert while the order matches")
    func insertLogicalAfterModify() throws {
        let rules = """
            rule "tag" no-loop
            when
                $o : Order(total > 100)
            then
                modify($o) { discounts = $o.discounts + 1 }
                const alert = new Alert();
                alert.orderId = $o.id;
                insertLogical(alert);
            end
            """
        let contract = Self.classes + """
            contract Shop {
                public function run(): string {
                    engine = load_rules("tag.drl");
                    const order = new Order();
                    order.id = 4;
                    order.total = 500;
                    engine.send(order);
                    let out = order.discounts + " " + engine.facts(Alert).length;
                    order.total = 600;
                    engine.update(order);
                    out += " " + engine.facts(Alert).length;
                    order.total = 5;
                    engine.update(order);
                    return out + " " + engine.facts(Alert).length;
                }
            }
            """
        let deployed = try ContractRulesTests.Deployed(contract: contract, rules: ["tag.drl": rules])
        let outcome = deployed.call("run")
        #expect(outcome.returnValue == .string("1 1 1 0"), "\(outcome.status)")
    }

    @Test("lock-on-active: two rules that modify the same order each fire once instead of re-activating each other")
    func lockOnActive() throws {
        let rules = """
            rule "discount" lock-on-active
            when
                $o : Order(total > 100)
            then
                modify($o) { total = $o.total - 10, discounts = $o.discounts + 1 }
            end

            rule "fee" lock-on-active
            when
                $o : Order(total > 50)
            then
                modify($o) { total = $o.total + 1, fees = $o.fees + 1 }
            end
            """
        let contract = Self.classes + """
            contract Shop {
                public function run(total: number): string {
                    engine = load_rules("lock.drl");
                    const order = new Order();
                    order.total = total;
                    engine.send(order);
                    const fired = engine.fire();
                    const again = new Order();
                    again.total = total;
                    engine.send(again);
                    return order.total + " " + order.discounts + " " + order.fees + " " + fired + " " + again.total;
                }
            }
            """
        let deployed = try ContractRulesTests.Deployed(contract: contract, rules: ["lock.drl": rules])
        let outcome = deployed.call("run", [.int(200)])
        #expect(outcome.returnValue == .string("191 1 1 0 191"), "\(outcome.status)")
    }

    @Test("a salience expression orders activations by the matched facts; equal values fall back to recency")
    func salienceExpression() throws {
        let rules = """
            rule "rank"
                salience ($o.priority * 10)
            when
                $c : Counter()
                $o : Order()
            then
                $o.rank = $c.next;
                $c.next = $c.next + 1;
            end
            """
        let contract = Self.classes + """
            contract Shop {
                public function run(): string {
                    engine = load_rules("rank.drl");
                    engine.insert(new Counter());
                    const priorities = [2, 7, 7, 1];
                    let orders: Order[] = [];
                    for (let k = 0; k < priorities.length; k++) {
                        const order = new Order();
                        order.id = k + 1;
                        order.priority = priorities[k];
                        orders.push(order);
                        engine.insert(order);
                    }
                    engine.fire();
                    let out = "";
                    for (const o of orders) { out += o.id + ":" + o.rank + " "; }
                    return out;
                }
            }
            """
        let deployed = try ContractRulesTests.Deployed(contract: contract, rules: ["rank.drl": rules])
        let outcome = deployed.call("run")
        #expect(outcome.returnValue == .string("1:2 2:1 3:0 4:3 "), "\(outcome.status)")
    }
}
