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
        /// The step (0-based) that failed and why.
        case failed(step: Int, reason: String)
        /// Not run: it needs something the engine documents as unsupported (docs/processes.md).
        case deviation(String)
    }

    /// One scenario's result.
    public struct ScenarioResult: Hashable, Sendable {
        /// The JSON file's `id`.
        public var suite: String
        public var scenario: String
        public var outcome: Outcome
    }

    /// Ops and expectation keys the engine does not support; scenarios that use them are reported
    /// as documented deviations.
    public static let unsupported: Set<String> = ["startTask", "tasksForActor", "swimlaneActors"]

    /// Runs every `*.json` file in `directory` (sorted by name).
    public static func run(directory: String) throws -> [ScenarioResult] {
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
            results += runSuite(suite, fileName: name, directory: directory)
        }
        return results
    }

    static func runSuite(_ suite: JSONValue, fileName: String, directory: String) -> [ScenarioResult] {
        let id = suite["id"]?.string ?? fileName
        let scenarios = suite["scenarios"]?.array ?? []
        // Variable types for each definition, from the values the scenarios set.
        var types: [String: [String: String]] = [:]
        for scenario in scenarios {
            guard let definition = scenario["definition"]?.string else { continue }
            for step in scenario["steps"]?.array ?? [] where step["op"]?.string == "setVariable" {
                if let name = step["name"]?.string, let type = step["value"]?.cmtType { types[definition, default: [:]][name] = type }
            }
        }
        return scenarios.map { scenario in
            let name = scenario["name"]?.string ?? "?"
            let outcome = ScenarioRun.run(scenario, directory: directory, types: types)
            return ScenarioResult(suite: id, scenario: name, outcome: outcome)
        }
    }

    /// Parses and compiles a definition file, or says why it cannot.
    static func load(_ path: String, variables: [String: String], subProcesses: [String: CompiledProcess] = [:])
        -> Result<CompiledProcess, ConformanceFailure>
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
        let compiled = ProcessCompiler.compile(definition, variables: variables, subProcesses: subProcesses)
        guard let process = compiled.process else { return .failure(ConformanceFailure(message: renderer.render(compiled.diagnostics))) }
        return .success(process)
    }
}

/// Why a definition could not be loaded.
struct ConformanceFailure: Error {
    var message: String
}

/// The handler the runner installs: the jBPM test helper class `…$Recorder` appends
/// (event type, element, source, token) to the log; other actions do nothing.
final class RecordingHandler: ProcessActionHandler {
    var log: [ProcessEvent] = []

    func perform(_ action: ActionDefinition, event: ProcessEvent, instance: ProcessInstance) throws -> Int64 {
        if action.className?.hasSuffix("Recorder") == true { log.append(event) }
        return 0
    }

    func decide(_ handler: ActionDefinition, node: String, instance: ProcessInstance) throws -> (transition: String, gasUsed: Int64) {
        throw ProcessError(.action, "the conformance runner has no decision handlers")
    }
}
