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
}
