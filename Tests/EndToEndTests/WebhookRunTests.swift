import Foundation
import Testing

/// `cmtc run DIR --webhook NAME`: delivering an event to a contract's webhook handler after deploy.
@Suite("cmtc run --webhook", .serialized)
struct WebhookRunTests {
    static let contract = """
        class Shipment {
            carrier: string = "";
            weight: number = 0;
        }

        contract Orders {
            shipments: Table<Shipment> = db.table(["carrier"]);
            event Shipped(orderId: string, carrier: string);

            webhook shipment(orderId: string, carrier: string, weight: number?) {
                const record = new Shipment();
                record.carrier = carrier;
                record.weight = weight ?? 0;
                shipments.put(orderId, record);
                emit Shipped(orderId, carrier);
                print("shipments by " + carrier + ": " + shipments.find("carrier", carrier).length);
            }

            webhook cancelled(orderId: string) {
                require(shipments.delete(orderId), "no such order");
            }
        }
        """

    static func project() throws -> String {
        let dir = try CmtcCheckTests.temporaryDirectory()
        try contract.write(to: dir.appendingPathComponent("orders.cmt"), atomically: true, encoding: .utf8)
        return dir.path
    }

    @Test("a JSON event reaches the handler by parameter name; output, events and gas are printed")
    func jsonEvent() throws {
        let run = try CmtcCheckTests.cmtc(["run", try Self.project(), "--webhook", "shipment", "--json", #"{"orderId": "o1", "carrier": "DHL", "weight": 2.5}"#])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "shipments by DHL: 1\n")
        #expect(run.stderr.contains("event Shipped "))
        #expect(run.stderr.contains("gas used: "))
    }

    @Test("--arg gives the fields in parameter order; an optional field may be null or left out of the JSON")
    func argumentsInOrder() throws {
        let dir = try Self.project()
        let run = try CmtcCheckTests.cmtc(["run", dir, "--webhook", "shipment", "--arg", "o2", "--arg", "UPS", "--arg", "null"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "shipments by UPS: 1\n")
        let json = try CmtcCheckTests.cmtc(["run", dir, "--webhook", "shipment", "--json", #"{"orderId": "o3", "carrier": "UPS"}"#])
        #expect(json.status == 0, "\(json.stderr)")
    }

    @Test("a handler that reverts exits 1 with its reason")
    func handlerReverts() throws {
        let run = try CmtcCheckTests.cmtc(["run", try Self.project(), "--webhook", "cancelled", "--json", #"{"orderId": "o9"}"#])
        #expect(run.status == 1)
        #expect(run.stderr.contains("reverted: no such order"))
    }

    @Test("unknown hooks, missing, unknown and ill-typed fields are usage errors that say what the handler takes")
    func badEvents() throws {
        let dir = try Self.project()
        let cases: [([String], String)] = [
            (["--webhook", "refund", "--json", "{}"], "the contract has no webhook handler 'refund'; it has cancelled, shipment"),
            (["--webhook", "shipment", "--json", #"{"orderId": "o1"}"#],
             "the event lacks field 'carrier' (string) of 'shipment(orderId: string, carrier: string, weight: number?)'"),
            (["--webhook", "shipment", "--json", #"{"orderId": "o1", "carrier": "DHL", "colour": "red"}"#], "has no field 'colour'"),
            (["--webhook", "shipment", "--json", #"{"orderId": "o1", "carrier": "DHL", "weight": "heavy"}"#],
             "field 'weight' of the event: 'heavy' is not a number"),
            (["--webhook", "shipment", "--json", #"{"orderId": 7, "carrier": "DHL"}"#], "field 'orderId' of the event: expected a string, found the JSON 7"),
            (["--webhook", "shipment", "--json", #"{"orderId": "o1", "carrier": "DHL", "weight": true}"#],
             "field 'weight' of the event: expected a number, found the JSON true"),
            (["--webhook", "shipment", "--json", "[1, 2]"], "--json must be a JSON object"),
            (["--webhook", "shipment", "--arg", "o1"], "takes 3 field(s), 1 given"),
            (["--json", "{}"], "--json gives the fields of a --webhook event"),
            (["--webhook", "shipment", "--entry", "x"], "--webhook and --entry cannot be used together"),
        ]
        for (arguments, message) in cases {
            let run = try CmtcCheckTests.cmtc(["run", dir] + arguments)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }
}
