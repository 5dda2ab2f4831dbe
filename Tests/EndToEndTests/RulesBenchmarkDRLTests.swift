import Foundation
import Testing

/// Miss Manners written in DRL (Benchmarks/rules/drl/manners) runs through the whole pipeline:
/// DRL checked and compiled with the program, consequences on the VM, the Rete engine matching,
/// driven by `cmtc repl` with the facts of the classic data set.
@Suite("Miss Manners in DRL", .serialized)
struct RulesBenchmarkDRLTests {
    static let data = CmtcCheckTests.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/rules/data/manners16.fct")

    /// The REPL commands that insert a `.fct` file's facts, then fire.
    static func commands(_ facts: String) -> String {
        var lines: [String] = []
        for line in facts.split(separator: "\n") {
            let words = line.split(whereSeparator: { "() ".contains($0) }).map(String.init)
            guard let head = words.first else { continue }
            func slot(_ name: String) -> String { words.firstIndex(of: name).map { words[$0 + 1] } ?? "" }
            switch head {
            case "guest": lines.append("insert Guest(name: \"\(slot("name"))\", sex: \"\(slot("sex"))\", hobby: \"\(slot("hobby"))\")")
            case "last_seat": lines.append("insert LastSeat(seat: \(slot("seat")))")
            case "count": lines.append("insert Count(c: \(slot("c")))")
            case "context": lines.append("insert Context(state: \"\(slot("state"))\")")
            default: break
            }
        }
        return (lines + ["fire 1000000"]).joined(separator: "\n") + "\n"
    }

    @Test("manners 16 fires CLIPS's 183 rules and prints a valid seating")
    func manners16() throws {
        let facts = try String(contentsOf: Self.data, encoding: .utf8)
        let program = CmtcCheckTests.packageRoot.appendingPathComponent("Benchmarks/rules/drl/manners").path
        let run = try CmtcCheckTests.cmtc(["repl", program], stdin: Self.commands(facts))
        #expect(run.stdout.contains("\n183 rules fired\n"))
        // The seating print_results prints: adjacent guests alternate sex and share a hobby.
        var sex: [String: String] = [:]
        var hobbies: [String: Set<String>] = [:]
        for line in facts.split(separator: "\n") where line.hasPrefix("(guest") {
            let words = line.split(whereSeparator: { "() ".contains($0) }).map(String.init)
            sex[words[2]] = words[4]
            hobbies[words[2], default: []].insert(words[6])
        }
        let seats = run.stdout.split(separator: "\n").compactMap { line -> (String, Int)? in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let seat = Int(parts[1]), sex[String(parts[0])] != nil else { return nil }
            return (String(parts[0]), seat)
        }.sorted { $0.1 < $1.1 }.map(\.0)
        #expect(seats.count == 16 && Set(seats).count == 16)
        for (a, b) in zip(seats, seats.dropFirst()) {
            #expect(sex[a] != sex[b] && !(hobbies[a] ?? []).isDisjoint(with: hobbies[b] ?? []), "\(a) next to \(b)")
        }
    }

    /// The Orders benchmark's commands (Benchmarks/rules/drl/orders/orders_commands.py): customers,
    /// four requests each with totals from the script's linear congruential sequence, then fire;
    /// `facts Customer` lists the customers after the run. Gives the commands and each customer's
    /// request totals.
    static func orders(customers: Int) -> (commands: String, totals: [[Int]]) {
        var lines = (0..<customers).map { "insert Customer(name: \"c\($0)\", spent: 0, orders: 0, tier: \"none\")" }
        var totals = Array(repeating: [Int](), count: customers)
        var seed = 12345
        for _ in 0..<4 {
            for n in 0..<customers {
                seed = (seed * 1_103_515_245 + 12345) % 2_147_483_648
                totals[n].append(50 + seed % 450)
                lines.append("insert Request(name: \"c\(n)\", total: \(50 + seed % 450))")
            }
        }
        return ((lines + ["fire 100000000", "facts Customer"]).joined(separator: "\n") + "\n", totals)
    }

    @Test("the Orders benchmark (facts that refer to facts) bills every order to its own customer")
    func orders() throws {
        let (commands, totals) = Self.orders(customers: 10)
        let program = CmtcCheckTests.packageRoot.appendingPathComponent("Benchmarks/rules/drl/orders").path
        let run = try CmtcCheckTests.cmtc(["repl", program], stdin: commands)
        #expect(run.stderr == "")
        #expect(run.stdout.contains("\n133 rules fired\n"))
        var fired: [String: Int] = [:]
        for line in run.stdout.split(separator: "\n") where line.hasPrefix("fired ") {
            fired[String(line.dropFirst(6).prefix { $0 != " " }), default: 0] += 1
        }
        #expect(fired == ["place": 40, "bill": 40, "silver": 10, "gold": 9, "archive": 34])
        // `bill` joins an order to its customer by identity: each customer is billed its own totals.
        for (n, own) in totals.enumerated() {
            let spent = own.reduce(0, +)
            let tier = spent >= 1000 ? "gold" : (spent >= 300 ? "silver" : "none")
            #expect(run.stdout.contains("Customer {name: \"c\(n)\", spent: \(spent), orders: 4, tier: \"\(tier)\"}"), "c\(n)")
        }
    }
}
