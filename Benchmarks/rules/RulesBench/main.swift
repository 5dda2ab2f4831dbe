import CMTRules
import Foundation
import RuleBenchmarks

// Runs Miss Manners on the engine's API: `cmt-rules-bench DATA.fct [--runs N]`.
// Prints the firings per rule, the seating check and the median time of N runs.

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 3
if let flag = arguments.firstIndex(of: "--runs"), flag + 1 < arguments.count, let value = Int(arguments[flag + 1]) {
    runs = value
    arguments.removeSubrange(flag...(flag + 1))
}
guard let path = arguments.first, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
    FileHandle.standardError.write(Data("usage: cmt-rules-bench DATA.fct [--runs N]\n".utf8))
    exit(2)
}
var times: [Double] = []
var summary = ""
for _ in 0..<runs {
    let manners = Manners()
    let start = DispatchTime.now().uptimeNanoseconds
    do {
        let session = RuleSession(ruleBase: RuleBase(types: Manners.types, rules: Manners.rules), callbacks: manners)
        try Manners.load(text, into: session)
        try session.fire()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        var counts: [String: Int] = [:]
        for firing in session.history { counts[firing.rule, default: 0] += 1 }
        summary = "firings \(session.history.count): " + Manners.rules.map { "\($0.name) \(counts[$0.name] ?? 0)" }.joined(separator: ", ")
            + "; gas \(session.gasUsed)"
    } catch {
        print("error: \(error)")
        exit(1)
    }
}
times.sort()
print(summary)
print(String(format: "median %.3f s of %d", times[times.count / 2], runs))
