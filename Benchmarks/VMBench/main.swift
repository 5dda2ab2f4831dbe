import CMTBytecode
import CMTVM

// Runs the hand-assembled benchmark programs: `cmt-vm-bench [name…] [--runs N]`.
// Prints each program's output line, gas used and the median wall time of N runs.

struct Benchmark {
    var name: String
    var module: Module
}

func load() throws -> [Benchmark] {
    [
        Benchmark(name: "fib", module: try BenchPrograms.fib()),
        Benchmark(name: "loop", module: try Assembler.assemble(BenchPrograms.loop)),
        Benchmark(name: "sieve", module: try Assembler.assemble(BenchPrograms.sieve)),
    ]
}

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 5
if let flag = arguments.firstIndex(of: "--runs"), flag + 1 < arguments.count, let value = Int(arguments[flag + 1]) {
    runs = value
    arguments.removeSubrange(flag...(flag + 1))
}
let wanted = Set(arguments)
let limits = ExecutionLimits(gasLimit: 1 << 60, heapBytes: 1 << 30)
let context = CallContext(contract: Address.named("bench"), sender: Address.named("user"))

do {
    for benchmark in try load() where wanted.isEmpty || wanted.contains(benchmark.name) {
        let program = Program(try Verifier.verify(benchmark.module))
        var times: [Duration] = []
        var line = ""
        var gas: Int64 = 0
        for _ in 0..<runs {
            let host = InMemoryHost()
            let clock = ContinuousClock()
            let start = clock.now
            let outcome = VM.call(program, entryPoint: "main", arguments: [], context: context, host: host, limits: limits)
            times.append(clock.now - start)
            line = host.output.last ?? "\(outcome.status)"
            gas = outcome.gasUsed
        }
        times.sort()
        let median = times[times.count / 2]
        print("\(benchmark.name): \(line) | gas \(gas) | median \(median) of \(runs)")
    }
} catch {
    print("error: \(error)")
}
