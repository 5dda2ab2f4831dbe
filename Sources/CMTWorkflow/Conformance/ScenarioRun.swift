import CMTVM
import Foundation

/// Runs the steps of one scenario.
struct ScenarioRun {
    let runtime: ProcessRuntime
    let recorder: RecordingHandler
    var instance: ProcessInstance?

    static func run(_ scenario: JSONValue, directory: String, types: [String: [String: String]]) -> ConformanceRunner.Outcome {
        let steps = scenario["steps"]?.array ?? []
        for step in steps {
            if let op = step["op"]?.string, ConformanceRunner.unsupported.contains(op) {
                return .deviation("op '\(op)' is not supported (swimlanes and actors are out of scope)")
            }
            for key in step.object?.keys.sorted() ?? [] where ConformanceRunner.unsupported.contains(key) {
                return .deviation("expectation '\(key)' is not supported (swimlanes and actors are out of scope)")
            }
        }
        guard let definitionName = scenario["definition"]?.string else { return .failed(step: 0, reason: "no definition") }
        let variables = types[definitionName] ?? [:]
        // Sub-processes: node name → file; registered under the process-state's sub-process name.
        var subProcesses: [String: CompiledProcess] = [:]
        let path = (directory as NSString).appendingPathComponent(definitionName)
        if let bindings = scenario["subProcesses"]?.object {
            for (_, file) in bindings.sorted(by: { $0.key < $1.key }) {
                guard let fileName = file.string else { continue }
                switch ConformanceRunner.load((directory as NSString).appendingPathComponent(fileName), variables: variables) {
                case .success(let sub):
                    subProcesses[sub.definition.name] = sub
                    subProcesses[fileName] = sub
                    subProcesses[(fileName as NSString).deletingPathExtension] = sub
                case .failure(let failure): return .failed(step: 0, reason: "sub-process \(fileName): \(failure.message)")
                }
            }
        }
        let process: CompiledProcess
        switch ConformanceRunner.load(path, variables: variables, subProcesses: subProcesses) {
        case .success(let compiled): process = compiled
        case .failure(let failure): return .failed(step: 0, reason: "definition does not load:\n\(failure.message)")
        }
        let recorder = RecordingHandler()
        var run = ScenarioRun(runtime: ProcessRuntime(process: process, handler: recorder), recorder: recorder)
        for (index, step) in steps.enumerated() {
            if let reason = run.perform(step) { return .failed(step: index, reason: reason) }
            // Persistence: store and restore between every two steps.
            if let current = run.instance {
                let bytes = current.serialized(process: process)
                do {
                    let restored = try ProcessInstance(serialized: bytes, process: process)
                    guard restored == current else { return .failed(step: index, reason: "instance changed across serialize/restore") }
                    run.instance = restored
                } catch {
                    return .failed(step: index, reason: "restore failed: \(error)")
                }
            }
        }
        return .passed
    }

    /// Performs one step; nil when it went as expected, else the reason.
    mutating func perform(_ step: JSONValue) -> String? {
        let op = step["op"]?.string ?? ""
        let expectError = step["expectError"]?.string
        if op == "expect" { return check(step) }
        let before = instance
        let logged = recorder.log.count
        do {
            try execute(op, step)
        } catch {
            recorder.log.removeLast(recorder.log.count - logged)
            guard let expectError else { return "\(op) failed: \(error)" }
            guard "\(error)".contains(expectError) else { return "\(op) failed with '\(error)', expected '\(expectError)'" }
            guard instance == before else { return "\(op) failed but changed the instance" }
            return nil
        }
        if let expectError { return "\(op) succeeded, expected an error containing '\(expectError)'" }
        return nil
    }

    mutating func execute(_ op: String, _ step: JSONValue) throws {
        let sub = step["process"]?.string.flatMap { $0.hasPrefix("sub:") ? String($0.dropFirst(4)) : nil }
        if op == "start" {
            instance = try runtime.start(id: 1).0
            return
        }
        guard var current = instance else { throw ProcessError(.noSuchToken, "no instance: 'start' first") }
        defer { instance = current }
        switch op {
        case "signal":
            try runtime.signal(&current, token: step["token"]?.string ?? "/", transition: step["transition"]?.string, subProcess: sub)
        case "setVariable":
            try runtime.setVariable(&current, name: step["name"]?.string ?? "", value: step["value"]?.contractValue ?? .null, subProcess: sub)
        case "setNode":
            try runtime.setNode(&current, token: step["token"]?.string ?? "/", node: step["node"]?.string ?? "")
        case "endToken":
            try runtime.endToken(&current, token: step["token"]?.string ?? "/", subProcess: sub)
        case "endProcess":
            try runtime.cancel(&current, subProcess: sub)
        case "endTask":
            let variables = (step["variables"]?.object ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value.contractValue) }
            try runtime.completeTask(&current, name: step["task"]?.string ?? "", transition: step["transition"]?.string,
                                     variables: variables, subProcess: sub)
        default:
            throw ProcessError(.action, "unknown op '\(op)'")
        }
    }

    func check(_ step: JSONValue) -> String? {
        guard var current = instance else { return "expect before start" }
        var process = runtime.process
        if let sub = step["process"]?.string, sub.hasPrefix("sub:") {
            let path = String(sub.dropFirst(4))
            guard let token = current.token(at: path), let link = current.subProcesses.first(where: { $0.token == token }),
                let binding = process.definition.nodes[current.tokens[token].node].subProcess,
                let subProcess = process.subProcesses[binding.processName]
            else { return "no sub-process at \(path)" }
            current = link.instance
            process = subProcess
        }
        let view = ProcessRuntime(process: process)
        if let tokens = step["tokens"]?.object {
            for (path, node) in tokens.sorted(by: { $0.key < $1.key }) {
                let actual = view.node(of: current, token: path)
                if actual != node.string { return "token \(path) is in \(actual ?? "nothing"), expected \(node.string ?? "?")" }
            }
        }
        if let ended = step["processEnded"]?.bool, ended != current.ended {
            return "processEnded is \(current.ended), expected \(ended)"
        }
        if let ended = step["tokenEnded"]?.object {
            for (path, flag) in ended.sorted(by: { $0.key < $1.key }) {
                guard let token = current.token(at: path) else { return "no token \(path)" }
                if current.tokens[token].ended != flag.bool { return "token \(path) ended is \(current.tokens[token].ended)" }
            }
        }
        if let variables = step["variables"]?.object {
            for (name, value) in variables.sorted(by: { $0.key < $1.key }) where current.variable(name) != value.contractValue {
                return "variable \(name) is \(current.variable(name).map { "\($0)" } ?? "unset"), expected \(value.contractValue)"
            }
        }
        if let open = step["openTasks"]?.array {
            let expected = open.compactMap(\.string).sorted()
            let actual = view.tasks(current).sorted()
            if expected != actual { return "open tasks \(actual), expected \(expected)" }
        }
        if let count = step["openTaskCount"]?.int, count != current.tasks.count {
            return "\(current.tasks.count) open tasks, expected \(count)"
        }
        if let events = step["events"]?.array {
            let expected = events.map { item in
                ProcessEvent(type: item["type"]?.string ?? "", element: item["element"]?.string ?? "",
                             source: item["source"]?.string ?? "", token: item["token"]?.string ?? "")
            }
            if expected != recorder.log { return "events \(recorder.log), expected \(expected)" }
        }
        return nil
    }
}
