import CMTProcessEngine
import CMTVM
import Foundation

/// Runs the steps of one scenario.
struct ScenarioRun {
    let runtime: ProcessRuntime
    let recorder: RecordingHandler
    var instance: ProcessInstance?
    /// Block time of the last step (a step's `time`, kept for the steps after it).
    var time: Int64 = 0

    static func run(_ scenario: JSONValue, directory: String, types: [String: [String: String]], rules: (any ConformanceRules)?)
        -> ConformanceRunner.Outcome
    {
        let steps = scenario["steps"]?.array ?? []
        for (index, step) in steps.enumerated() {
            let op = step["op"]?.string ?? ""
            guard let allowed = ConformanceRunner.stepKeys[op] else { return .unsupported(step: index, op: op) }
            for key in step.object?.keys.sorted() ?? [] where !allowed.contains(key) && !ConformanceRunner.commonKeys.contains(key) {
                return .failed(step: index, reason: "unknown key '\(key)' in a '\(op)' step")
            }
        }
        guard let definitionName = scenario["definition"]?.string else { return .failed(step: 0, reason: "no definition") }
        let variables = types[definitionName] ?? [:]
        // Sub-processes: process-state name → file, bound to that process-state (jBPM's
        // setSubProcessDefinition); each is also known by its definition's name and its file name
        // (what <sub-process name=…> and late binding look up).
        var library: [String: CompiledProcess] = [:]
        var bindings: [String: CompiledProcess] = [:]
        let path = (directory as NSString).appendingPathComponent(definitionName)
        if let items = scenario["subProcesses"]?.object {
            for (node, file) in items.sorted(by: { $0.key < $1.key }) {
                guard let fileName = file.string else { continue }
                switch ConformanceRunner.load((directory as NSString).appendingPathComponent(fileName), variables: variables, subProcesses: library) {
                case .success(let sub):
                    bindings[node] = sub
                    if !sub.definition.name.isEmpty { library[sub.definition.name] = sub }
                    library[fileName] = sub
                    library[(fileName as NSString).deletingPathExtension] = sub
                case .failure(let failure): return .failed(step: 0, reason: "sub-process \(fileName): \(failure.message)")
                }
            }
        }
        let process: CompiledProcess
        switch ConformanceRunner.load(path, variables: variables, subProcesses: library, bindings: bindings) {
        case .success(let compiled): process = compiled
        case .failure(let failure): return .failed(step: 0, reason: "definition does not load:\n\(failure.message)")
        }
        let recorder = RecordingHandler(rules: rules, directory: directory)
        var run = ScenarioRun(runtime: ProcessRuntime(process: process, handler: recorder, library: library), recorder: recorder)
        for (index, step) in steps.enumerated() {
            if let reason = run.perform(step) { return .failed(step: index, reason: reason) }
            // Persistence: store and restore between every two steps.
            if let current = run.instance {
                let bytes = current.serialized(process: process, library: library)
                do {
                    let restored = try ProcessInstance(serialized: bytes, process: process, library: library)
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
        if let value = step["time"] {
            guard let seconds = value.int else { return "'time' must be a whole number of seconds" }
            time = Int64(seconds)
        }
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

    static func variables(_ value: JSONValue?) -> [(String, ContractValue)] {
        (value?.object ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value.contractValue) }
    }

    mutating func execute(_ op: String, _ step: JSONValue) throws {
        let sub = step["process"]?.string.flatMap { $0.hasPrefix("sub:") ? String($0.dropFirst(4)) : nil }
        let context = StepContext(time: time)
        let actor = step["actor"]?.string.map(ActorValue.address)
        if op == "start" {
            instance = try runtime.start(id: 1, variables: Self.variables(step["variables"]), context: context).0
            return
        }
        guard var current = instance else { throw ProcessError(.noSuchToken, "no instance: 'start' first") }
        defer { instance = current }
        switch op {
        case "signal":
            try runtime.signal(&current, token: step["token"]?.string ?? "/", transition: step["transition"]?.string, subProcess: sub,
                               actor: actor, context: context)
        case "setVariable":
            try runtime.setVariable(&current, name: step["name"]?.string ?? "", value: step["value"]?.contractValue ?? .null, subProcess: sub,
                                    context: context)
        case "setNode":
            try runtime.setNode(&current, token: step["token"]?.string ?? "/", node: step["node"]?.string ?? "")
        case "endToken":
            try runtime.endToken(&current, token: step["token"]?.string ?? "/", subProcess: sub, context: context)
        case "endProcess":
            try runtime.cancel(&current, subProcess: sub, context: context)
        case "startTask":
            guard let actor else { throw ProcessError(.noTask, "startTask needs an actor") }
            try runtime.startTask(&current, actor: actor, subProcess: sub, context: context)
        case "endTask":
            try runtime.completeTask(&current, name: step["task"]?.string ?? "", transition: step["transition"]?.string,
                                     variables: Self.variables(step["variables"]), subProcess: sub, actor: actor, context: context)
        case "beginTask":
            try runtime.beginTask(&current, name: step["task"]?.string ?? "", actor: actor, subProcess: sub, context: context)
        case "fireTimers":
            try runtime.fireDueTimers(&current, context: context)
        default:
            throw ProcessError(.action, "unknown op '\(op)'")
        }
    }

    func check(_ step: JSONValue) -> String? {
        guard var current = instance else { return "expect before start" }
        var process = runtime.process
        if let sub = step["process"]?.string, sub.hasPrefix("sub:") {
            let path = String(sub.dropFirst(4))
            guard let token = current.token(at: path), let link = current.subProcess(of: token),
                let subProcess = process.subProcess(at: link.node, key: link.definition, library: runtime.library)
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
        if let lists = step["tasksForActor"]?.object {
            for (actor, names) in lists.sorted(by: { $0.key < $1.key }) {
                let expected = (names.array ?? []).compactMap(\.string).sorted()
                let actual = view.tasks(current, for: ActorValue.address(actor)).sorted()
                if expected != actual { return "tasks for \(actor) are \(actual), expected \(expected)" }
            }
        }
        if let lanes = step["swimlaneActors"]?.object {
            for (name, actor) in lanes.sorted(by: { $0.key < $1.key }) {
                let expected = actor.string.map(ActorValue.address)
                let actual = current.swimlaneActor(name)
                if expected != actual {
                    return "swimlane \(name) has actor \(actual.map(ActorValue.text) ?? "none"), expected \(actor.string ?? "none")"
                }
            }
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
