import CMTVM
import Testing

/// Rule patterns on a CMT base class match facts of its subclasses (Drools's semantics), and a
/// consequence calling an overridden method on the matched fact runs the subclass's method.
@Suite struct ClassHierarchyRulesTests {
    static let contract = """
        class Vehicle {
            wheels: number = 4;
            toll: number = 0;
            rate(): number { return 1; }
        }
        class Truck extends Vehicle {
            load: number = 0;
            rate(): number { return 3; }
        }
        contract Tolls {
            public function charge(): string {
                engine = load_rules("tolls.drl");
                const car = new Vehicle();
                const truck = new Truck();
                truck.wheels = 6;
                truck.load = 10;
                engine.insert(car);
                engine.insert(truck);
                const fired = engine.fire();
                return car.toll + " " + truck.toll + " " + fired;
            }
        }
        """

    static let rules = """
        rule "toll by wheels"
        when
            $v : Vehicle(toll == 0, wheels >= 4)
        then
            $v.toll = $v.wheels * $v.rate();
            update($v);
        end

        rule "heavy load"
        when
            $t : Truck(load > 5)
        then
        end
        """

    @Test("a Vehicle pattern matches a Truck fact, constraints read the base's fields, and the consequence dispatches")
    func basePatternMatchesSubclassFacts() throws {
        let deployed = try ContractRulesTests.Deployed(contract: Self.contract, rules: ["tolls.drl": Self.rules])
        #expect(deployed.call("charge").returnValue == .string("4 18 3"))
    }
}
