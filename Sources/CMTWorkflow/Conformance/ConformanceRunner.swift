import CMTBytecode
import CMTProcessEngine
import CMTSource
import CMTVM
import Foundation

/// Runs the jPDL behaviour bench format (`../shared/conformance/jpdl/README.md`): every
/// `NN-*.json` of a folder, each scenario's steps against the engine. Between every two steps the
/// instance is serialized and restored, so the whole suite also exercises persistence.
public enum ConformanceRunner {
    /// How one scenario went.
    public enum Outcome: Hashable, Sendable {
        case passed
        /// The step (0-based) that failed and why (an unknown step key is a failure too).
        case failed(step: Int, reason: String)
        /// Stopped at step `step`: it uses an op (or expectation) the runner does not support.
        case unsupported(step: Int, op: String)
    }

    /// One scenario's result.
    public struct ScenarioResult: Hashable, Sendable {
        /// The JSON file's `id`.
        public var suite: String
        public var scenario: String
        public var outcome: Outcome
    }

    /// The keys each op's step may have besides `op`, `expectError`, `process` and `time`; any
    /// other key is an error (a misspelt expectation must not pass silently).
    static let stepKeys: [String: Set<String>] = [
        "start": ["variables"],
        "signal": ["token", "transition", "actor"],
        "setVariable": ["name", "value"],
        "setNode": ["token", "node"],
        "endToken": ["token"],
        "endProcess": [],
        "startTask": ["actor"],
        "beginTask": ["task", "actor"],
        "endTask": ["task", "transition", "variables", "actor"],
        "fireTimers": [],
        "expect": ["tokens", "processEnded", "tokenEnded", "variables", "openTasks", "openTaskCount", "tasksForActor", "swimlaneActors",
                   "events"],
    ]
    /// `note` and `derived` annotate a step for readers (the shared suite uses both).
    static let commonKeys: Set<String> = ["op", "expectError", "process", "time", "note", "derived"]

    /// Runs every `*.json` file in `directory` (sorted by name). `rules` answers decisions with
    /// `<handler rules="…"/>`; without it such a decision fails its scenario.
    public static func run(directory: String, rules: (any ConformanceRules)? = nil) throws -> [ScenarioResult] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        var results: [ScenarioResult] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let suite: JSONValue
            do {
                suite = try JSONDecoder().decode(JSONValue.self, from: data)
            } catch {
                results.append(ScenarioResult(suite: name, scenario: "*", outcome: .failed(step: 0, reason: "bad JSON: \(error)")))
                continue
            }
            results += runSuite(suite, fileName: name, directory: directory, rules: rules)
        }
        return results
    }

    static func runSuite(_ suite: JSONValue, fileName: String, directory: String, rules: (any ConformanceRules)?) -> [ScenarioResult] {
        let id = suite["id"]?.string ?? fileName
        let scenarios = suite["scenarios"]?.array ?? []
        // Variable types for each definition, from the values the scenarios set.
        var types: [String: [String: String]] = [:]
        for scenario in scenarios {
            guard let definition = scenario["definition"]?.string else { continue }
            for step in scenario["steps"]?.array ?? [] {
                if step["op"]?.string == "setVariable", let name = step["name"]?.string, let type = step["value"]?.cmtType {
                    types[definition, default: [:]][name] = type
                }
                for (name, value) in (step["op"]?.string == "start" ? step["variables"]?.object ?? [:] : [:]).sorted(by: { $0.key < $1.key }) {
                    if let type = value.cmtType { types[definition, default: [:]][name] = type }
                }
            }
        }
        return scenarios.map { scenario in
            let name = scenario["name"]?.string ?? "?"
            let outcome = ScenarioRun.run(scenario, directory: directory, types: types, rules: rules)
            return ScenarioResult(suite: id, scenario: name, outcome: outcome)
        }
    }

    /// Parses and compiles a definition file, or says why it cannot.
    static func load(_ path: String, variables: [String: String], subProcesses: [String: CompiledProcess] = [:],
                     bindings: [String: CompiledProcess] = [:]) -> Result<CompiledProcess, ConformanceFailure>
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ConformanceFailure(message: "cannot read \(path)"))
        }
        let sources = SourceManager()
        let file = sources.add(path: path, bytes: Array(data))
        let parsed = ProcessParser.parse(file)
        let renderer = DiagnosticRenderer(sources: sources)
        guard let definition = parsed.definition else {
            return .failure(ConformanceFailure(message: renderer.render(parsed.diagnostics)))
        }
        let compiled = ProcessCompiler.compile(definition, variables: variables, subProcesses: subProcesses, bindings: bindings)
        guard let process = compiled.process else { return .failure(ConformanceFailure(message: renderer.render(compiled.diagnostics))) }
        return .success(process)
    }
}

/// Why a definition could not be loaded.
struct ConformanceFailure: Error {
    var message: String
}

/// A rules engine for the conformance runner: decisions with `<handler rules="file.drl"/>` run
/// the rule file (in the suite's folder) through a host with a rules engine, as contracts do.
/// CMTBuild implements it (it can compile rule files); `cmtc process conformance` passes it.
public protocol ConformanceRules {
    /// A host whose rules engine knows the rule file at `path` under the name `name`, the contract
    /// address its code runs as, and where the rule file's `Decision` class keeps its fields.
    func environment(ruleFile path: String, name: String) throws -> (host: any CMTVM.Host, contract: Address, layout: DecisionFactLayout)
}

/// The handler the runner installs: the jBPM test helper class `…$Recorder` appends
/// (event type, element, source, token) to the log; other actions do nothing. Decisions with a
/// `rules=` handler ask ``ConformanceRules``.
final class RecordingHandler: ProcessActionHandler {
    var log: [ProcessEvent] = []
    let rules: (any ConformanceRules)?
    let directory: String

    init(rules: (any ConformanceRules)?, directory: String) {
        self.rules = rules
        self.directory = directory
    }

    func perform(_ action: ActionDefinition, event: ProcessEvent, instance: ProcessInstance) throws -> Int64 {
        if action.className?.hasSuffix("Recorder") == true { log.append(event) }
        return 0
    }

    func decide(_ handler: ActionDefinition, node: String, instance: ProcessInstance) throws -> (transition: String, gasUsed: Int64) {
        guard let file = handler.rules else { throw ProcessError(.action, "the conformance runner has no decision handler classes") }
        guard let rules else { throw ProcessError(.action, "decision '\(node)' asks '\(file)', but the runner was given no rules engine") }
        let environment = try rules.environment(ruleFile: (directory as NSString).appendingPathComponent(file), name: file)
        return try RuleDecision.decide(rules: file, node: node, instance: instance, layout: environment.layout, contract: environment.contract,
                                       host: environment.host, gasLimit: 10_000_000)
    }
}
