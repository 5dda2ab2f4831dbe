// cmt-process-bench: drives 10,000 instances of the white paper's purchase process to the end with
// `next()`, storing each instance as bytes and restoring it between every two steps, and prints the
// steps per second. docs/performance.md ("Processes") records the figure and the command.
import CMTProcessEngine
import CMTSource
import CMTVM
import CMTWorkflow
import Foundation

let arguments = CommandLine.arguments
let path = arguments.count > 1 ? arguments[1] : "Examples/purchase/purchase.bpm"
let count = arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000

guard let data = FileManager.default.contents(atPath: path) else {
    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
    exit(2)
}
let sources = SourceManager()
let file = sources.add(path: path, bytes: Array(data))
guard let definition = ProcessParser.parse(file).definition, let process = ProcessCompiler.compile(definition).process else {
    FileHandle.standardError.write(Data("\(path) does not compile\n".utf8))
    exit(1)
}
let runtime = ProcessRuntime(process: process)
var steps = 0
var bytesStored = 0
var gas: Int64 = 0
let clock = ContinuousClock()
let elapsed = try clock.measure {
    for id in 0..<count {
        let context = StepContext(time: Int64(id), gasLimit: 1_000_000)
        var (instance, started) = try runtime.start(id: Int64(id), context: context)
        gas += started.gasUsed
        var stored = instance.serialized(process: process)
        steps += 1
        while true {
            instance = try ProcessInstance(serialized: stored, process: process)
            let (running, result) = try runtime.next(&instance, context: context)
            gas += result.gasUsed
            stored = instance.serialized(process: process)
            bytesStored += stored.count
            steps += 1
            if !running { break }
        }
        precondition(instance.ended, "instance \(id) did not end")
    }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("instances: \(count)")
print("steps: \(steps) (start + next() calls, each with a restore and a store)")
print("time: \(String(format: "%.3f", seconds)) s")
print("steps per second: \(Int(Double(steps) / seconds))")
print("average stored instance: \(bytesStored / max(1, steps - count)) bytes; gas per instance: \(gas / Int64(max(1, count)))")
