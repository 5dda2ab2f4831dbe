import Foundation
import Testing

/// The three languages together through `cmtc run`: a process decision that asks a rule set, and a
/// rule that signals a process.
@Suite("rules and processes together", .serialized)
struct MiddlewareTests {
    static func program(_ files: [String: String]) throws -> String {
        let dir = try CmtcCheckTests.temporaryDirectory()
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir.path
    }

    static let routing: [String: String] = [
        "carriers.drl": """
        rule "heavy goes by freight"
        when
            $s : Shipment(weight > 30)
        then
            $s.carrier = "freight";
        end

        rule "light goes by post"
        when
            $s : Shipment(weight <= 30)
        then
            $s.carrier = "post";
        end
        """,
        "route.cmt": """
        class Shipment {
            weight: number = 0;
            carrier: string = "";
        }

        contract Router {
            weight: number = 0;
            carrier: string = "";

            public function ship(weight: number): string {
                this.weight = weight;
                process = start_process("shipping.bpm");
                process.next();
                return process.state + " by " + carrier;
            }

            /// The decision handler: asks the rule set which carrier takes the parcel.
            public function route(pid: number): string {
                engine = load_rules("carriers.drl");
                s = new Shipment();
                s.weight = weight;
                engine.send(s);
                carrier = s.carrier;
                return s.carrier == "freight" ? "heavy" : "light";
            }
        }
        """,
        "shipping.bpm": """
        <process-definition name="shipping">
          <start-state name="packed">
            <transition to="choose"/>
          </start-state>
          <decision name="choose">
            <handler function="route"/>
            <transition name="heavy" to="truck"/>
            <transition name="light" to="van"/>
          </decision>
          <state name="truck"><transition to="delivered"/></state>
          <state name="van"><transition to="delivered"/></state>
          <end-state name="delivered"/>
        </process-definition>
        """,
    ]

    static let approval: [String: String] = [
        "approval.bpm": """
        <process-definition name="approval">
          <start-state name="placed"><transition to="review"/></start-state>
          <state name="review">
            <transition name="manual" to="manual review"/>
            <transition name="approve" to="approved"/>
          </state>
          <state name="manual review"><transition to="approved"/></state>
          <state name="approved"><transition to="done"/></state>
          <end-state name="done"/>
        </process-definition>
        """,
        "approval.drl": """
        rule "small orders are approved at once"
        when
            $o : Order(total < 1000)
        then
            load_process($o.pid).signal("approve");
        end
        """,
        "orders.cmt": """
        class Order {
            pid: number = 0;
            total: number = 0;
        }

        contract Orders {
            public function place(total: number): string {
                process = start_process("approval.bpm");
                process.next();
                o = new Order();
                o.pid = process.id;
                o.total = total;
                engine = load_rules("approval.drl");
                engine.send(o);
                return load_process(o.pid).state;
            }
        }
        """,
    ]

    @Test("a decision consults a rule set through its handler function")
    func decisionAsksRules() throws {
        let dir = try Self.program(Self.routing)
        #expect(try CmtcCheckTests.cmtc(["run", dir, "--entry", "ship", "--arg", "50"]).stderr.contains("result: truck by freight"))
        #expect(try CmtcCheckTests.cmtc(["run", dir, "--entry", "ship", "--arg", "5"]).stderr.contains("result: van by post"))
    }

    @Test("a rule's consequence signals a process")
    func ruleSignalsProcess() throws {
        let dir = try Self.program(Self.approval)
        #expect(try CmtcCheckTests.cmtc(["run", dir, "--entry", "place", "--arg", "50"]).stderr.contains("result: approved"))
        #expect(try CmtcCheckTests.cmtc(["run", dir, "--entry", "place", "--arg", "5000"]).stderr.contains("result: review"))
    }

    @Test("an action naming no function of the contract is a compile error in the .bpm file")
    func unknownActionFunction() throws {
        var files = Self.routing
        files["shipping.bpm"] = files["shipping.bpm"]?.replacingOccurrences(of: "function=\"route\"", with: "function=\"rout\"")
        let dir = try Self.program(files)
        let run = try CmtcCheckTests.cmtc(["run", dir, "--entry", "ship", "--arg", "5"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("shipping.bpm:6:6: error[E0621]: the contract has no public function 'rout' to call; it has 'ship', 'route'"))
    }
}
