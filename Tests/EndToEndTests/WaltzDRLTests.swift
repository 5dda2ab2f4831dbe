import Foundation
import Testing

/// Waltz written in DRL (Benchmarks/rules/drl/waltz) runs through the whole pipeline: DRL checked
/// and compiled with its functions (the exact junction geometry), consequences on the VM with gas,
/// the Rete engine matching, driven by `cmtc repl` with the facts of the classic data set.
@Suite("Waltz in DRL", .serialized)
struct WaltzDRLTests {
    static let data = CmtcCheckTests.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/rules/data/waltz12.fct")

    /// What CLIPS 6.30 fires running Benchmarks/rules/clips/waltz.clp on waltz 12 (`(watch rules)`),
    /// 3,576 in all (the data README's total).
    static let clipsFirings: [String: Int] = [
        "reverse_edges": 984, "done_reversing": 1, "make-3_junction": 408, "make_L": 372, "done_detecting": 1,
        "initial_boundary_junction_arrow": 1, "second_boundary_junction_L": 1, "match_edge": 489, "label_tee_A": 200,
        "label_fork-1": 52, "label_arrow-1A": 51, "label_arrow-1B": 24, "done_labeling": 1, "plot_remaining": 146,
        "plot_boundaries": 844, "done_plotting": 1,
    ]

    /// The REPL commands that insert a `.fct` file's facts in its order, fire, and list the edges.
    static func commands(_ facts: String) -> String {
        var lines: [String] = []
        for line in facts.split(separator: "\n") {
            let words = line.split(whereSeparator: { "() ".contains($0) }).map(String.init)
            guard let head = words.first else { continue }
            func slot(_ name: String) -> String { words.firstIndex(of: name).map { words[$0 + 1] } ?? "" }
            switch head {
            case "stage": lines.append("insert Stage(value: \"\(slot("value"))\")")
            case "line": lines.append("insert Line(p1: \(slot("p1")), p2: \(slot("p2")))")
            default: break
            }
        }
        return (lines + ["fire 1000000", "facts Edge"]).joined(separator: "\n") + "\n"
    }

    /// `f-12 Edge {p1: 3, p2: 4, joined: true, label: "B", plotted: true}` as CLIPS prints an edge:
    /// `edge 3 4 B` (an unlabelled edge is `nil`).
    static func edge(_ line: Substring) -> String? {
        guard line.hasPrefix("f-"), line.contains(" Edge {") else { return nil }
        var fields: [String: String] = [:]
        let inside = line.drop(while: { $0 != "{" }).dropFirst().prefix(while: { $0 != "}" })
        for pair in inside.split(separator: ",") {
            let parts = pair.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let p1 = fields["p1"], let p2 = fields["p2"], let label = fields["label"] else { return nil }
        return "edge \(p1) \(p2) \(label == "null" ? "nil" : label.replacingOccurrences(of: "\"", with: ""))"
    }

    /// FNV-1a of the text.
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    @Test("waltz 12 fires CLIPS's 3,576 rules, rule by rule, and labels every edge as CLIPS does")
    func waltz12() throws {
        let facts = try String(contentsOf: Self.data, encoding: .utf8)
        let program = CmtcCheckTests.packageRoot.appendingPathComponent("Benchmarks/rules/drl/waltz").path
        let run = try CmtcCheckTests.cmtc(["repl", program], stdin: Self.commands(facts))
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(run.stdout.contains("\n3576 rules fired\n"))
        var firings: [String: Int] = [:]
        for line in run.stdout.split(separator: "\n") where line.hasPrefix("fired ") {
            firings[String(line.split(separator: " ")[1]), default: 0] += 1
        }
        #expect(firings == Self.clipsFirings)
        // The final labels: 1,968 edges, 312 "+", 812 "B" and 844 unlabelled; the hash is of CLIPS's
        // sorted `edge p1 p2 label` lines (do-for-all-facts after the run).
        let edges = run.stdout.split(separator: "\n").compactMap(Self.edge).sorted()
        #expect(edges.count == 1_968)
        #expect(edges.count { $0.hasSuffix(" +") } == 312 && edges.count { $0.hasSuffix(" B") } == 812
            && edges.count { $0.hasSuffix(" nil") } == 844)
        #expect(Self.hash(edges.joined(separator: "\n")) == 0xce00_9745_b0ac_b0a3)
    }

    /// Junctions (base point, then the three points, each x * 100 + y) and how CLIPS's floating-point
    /// `classify` in waltz.clp types and orders them (barb, shaft, barb), two orders of each.
    static let junctions: [(String, String)] = [
        ("505 305 508 805", "tee 305 508 805"), ("505 805 305 508", "tee 805 508 305"),
        ("505 509 102 803", "fork 509 803 102"), ("505 803 509 102", "fork 509 803 102"),
        ("505 805 807 803", "arrow 807 805 803"), ("505 803 805 807", "arrow 803 805 807"),
        ("505 905 106 508", "arrow 905 508 106"), ("505 508 905 106", "arrow 905 508 106"),
        ("505 905 106 502", "fork 905 502 106"), ("505 502 905 106", "fork 905 502 106"),
        ("505 1005 510 0", "fork 1005 510 0"), ("505 0 1005 510", "fork 0 510 1005"),
    ]

    @Test("the DRL functions type and order junctions exactly as CLIPS's floating-point angles do")
    func geometry() throws {
        let dir = try CmtcCheckTests.temporaryDirectory()
        let source = try String(contentsOf: CmtcCheckTests.packageRoot.appendingPathComponent("Benchmarks/rules/drl/waltz/waltz.drl"),
                                encoding: .utf8)
        // The program's declares and functions, and a rule that prints what they make of a probe.
        let functions = try #require(source.components(separatedBy: "\nrule ").first)
        let probe = """
            declare Probe
                base : number = 0
                p1 : number = 0
                p2 : number = 0
                p3 : number = 0
            end

            rule "classify"
            when
                $j : Probe()
            then
                points = junctionPoints($j.base, $j.p1, $j.p2, $j.p3);
                print($j.base + " " + $j.p1 + " " + $j.p2 + " " + $j.p3 + " -> " + junctionType($j.base, $j.p1, $j.p2, $j.p3)
                    + " " + points[0] + " " + points[1] + " " + points[2]);
            end
            """
        try (functions + "\n" + probe + "\n").write(to: dir.appendingPathComponent("geometry.drl"), atomically: true, encoding: .utf8)
        let inserts = Self.junctions.map { junction, _ in
            let p = junction.split(separator: " ")
            return "insert Probe(base: \(p[0]), p1: \(p[1]), p2: \(p[2]), p3: \(p[3]))"
        }
        let run = try CmtcCheckTests.cmtc(["repl", dir.path], stdin: (inserts + ["fire"]).joined(separator: "\n") + "\n")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let printed = Set(run.stdout.split(separator: "\n").filter { $0.contains(" -> ") }.map(String.init))
        #expect(printed == Set(Self.junctions.map { "\($0.0) -> \($0.1)" }))
    }
}
