import CMTRuleEngine
import Foundation
import RuleBenchmarks

// Runs Miss Manners or Waltz on the engine's API (Swift consequences):
//   cmt-rules-bench [manners] DATA.fct [--runs N] [--trace] [--seating]
//   cmt-rules-bench waltz DATA.fct [--runs N] [--trace] [--edges]
// Prints the firings per rule and the gas, the median time of N runs (session, load and fire),
// with --trace every firing (rule and fact handles), with --seating Manners's "name seat" lines
// (for check_manners.py), with --edges Waltz's final edge labels.

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func flag(_ name: String) -> Bool {
    guard let index = arguments.firstIndex(of: name) else { return false }
    arguments.remove(at: index)
    return true
}
var runs = 3
if let index = arguments.firstIndex(of: "--runs"), index + 1 < arguments.count, let value = Int(arguments[index + 1]) {
    runs = max(1, value)
    arguments.removeSubrange(index...(index + 1))
}
let trace = flag("--trace")
let edges = flag("--edges")
let seating = flag("--seating")
var benchmark = "manners"
if let first = arguments.first, ["manners", "waltz"].contains(first) {
    benchmark = first
    arguments.removeFirst()
}
guard let path = arguments.first, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
    FileHandle.standardError.write(Data("usage: cmt-rules-bench [manners|waltz] DATA.fct [--runs N] [--trace] [--seating] [--edges]\n".utf8))
    exit(2)
}

var times: [Double] = []
var last: RuleSession?
var seats: [(name: String, seat: Int)] = []
for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    do {
        let session: RuleSession
        if benchmark == "waltz" {
            let waltz = Waltz()
            session = RuleSession(ruleBase: RuleBase(types: Waltz.types, rules: Waltz.rules), callbacks: waltz)
            try Waltz.load(text, into: session)
            try session.fire()
            withExtendedLifetime(waltz) {}
        } else {
            let manners = Manners()
            session = RuleSession(ruleBase: RuleBase(types: Manners.types, rules: Manners.rules), callbacks: manners)
            try Manners.load(text, into: session)
            try session.fire()
            seats = manners.seats
        }
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        last = session
    } catch {
        print("error: \(error)")
        exit(1)
    }
}
guard let session = last else { exit(1) }
if trace {
    for firing in session.history {
        print("fire \(firing.rule) " + firing.facts.map { $0.map(\.description) ?? "-" }.joined(separator: " "))
    }
}
if seating, benchmark == "manners" {
    for seat in seats.sorted(by: { $0.seat < $1.seat }) { print("\(seat.name) \(seat.seat)") }
}
if edges, benchmark == "waltz" {
    for line in Waltz.edgeLabels(session) { print("edge \(line)") }
}
var counts: [String: Int] = [:]
for firing in session.history { counts[firing.rule, default: 0] += 1 }
let names = (benchmark == "waltz" ? Waltz.rules : Manners.rules).map(\.name)
print("firings \(session.history.count): " + names.map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", ") + "; gas \(session.gasUsed)")
times.sort()
print(String(format: "median %.3f s of %d", times[times.count / 2], runs))
