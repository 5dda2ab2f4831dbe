import CMTRules
import CMTVM
import Testing

/// Queries with `not`, `or` and no parameters, and a salience expression that reads a global.
@Suite struct ContractQueryShapesTests {
    static let rules = """
        global number boost;

        rule "rank"
            salience ($t.priority + boost)
        when
            $c : Counter()
            $t : Task(priority > 0)
        then
            $t.rank = $c.next;
            $c.next = $c.next + 1;
        end

        query "idle"
            $w : Worker()
            not Task(owner == $w.name)
        end

        query "urgent or unowned"
            $t : Task(priority > 5) or $t : Task(owner == "")
        end
        """

    static let contract = """
        class Task {
            id: number = 0;
            owner: string = "";
            priority: number = 0;
            rank: number = -1;
        }
        class Worker {
            name: string = "";
        }
        class Counter {
            next: number = 0;
        }
        contract Board {
            public function run(): string {
                engine = load_rules("board.drl");
                engine.setGlobal("boost", 100);
                engine.insert(new Counter());
                const names = ["ann", "bob", "cy"];
                for (const name of names) {
                    const w = new Worker();
                    w.name = name;
                    engine.insert(w);
                }
                const owners = ["ann", "", "ann", "cy"];
                const priorities = [1, 9, 7, 3];
                let tasks: Task[] = [];
                for (let k = 0; k < owners.length; k++) {
                    const t = new Task();
                    t.id = k + 1;
                    t.owner = owners[k];
                    t.priority = priorities[k];
                    tasks.push(t);
                    engine.insert(t);
                }
                engine.fire();
                let out = "";
                for (const t of tasks) { out += t.id + ":" + t.rank + " "; }
                out += "| idle";
                for (const w of engine.query(Worker, "idle")) { out += " " + w.name; }
                out += " | picked";
                for (const t of engine.query(Task, "urgent or unowned")) { out += " " + t.id; }
                return out;
            }
        }
        """

    @Test("a 'not' query finds workers with no task; an 'or' query gives a match per alternative; a global in a salience expression")
    func shapes() throws {
        let deployed = try ContractRulesTests.Deployed(contract: Self.contract, rules: ["board.drl": Self.rules])
        let outcome = deployed.call("run")
        // Ranks by priority (9, 7, 3, 1); bob has no task; task 2 matches both alternatives.
        #expect(outcome.returnValue == .string("1:3 2:0 3:1 4:2 | idle bob | picked 2 3 2"), "\(outcome.status)")
    }
}
