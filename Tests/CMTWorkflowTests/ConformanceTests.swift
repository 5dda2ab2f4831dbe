import CMTBuild
import CMTWorkflow
import Foundation
import Testing

/// The jPDL behaviour bench: the shared suite (../shared/conformance/jpdl, jBPM 3's own tests) and
/// the project's own scenarios (Tests/CMTWorkflowTests/Conformance, README there). Every scenario
/// passes; none is skipped.
@Suite struct ConformanceTests {
    static func expectAllPass(_ results: [ConformanceRunner.ScenarioResult]) {
        for result in results {
            switch result.outcome {
            case .passed: break
            case .failed(let step, let reason): Issue.record("\(result.suite)/\(result.scenario) failed at step \(step): \(reason)")
            case .unsupported(let step, let op): Issue.record("\(result.suite)/\(result.scenario) uses the unsupported op '\(op)' at step \(step)")
            }
        }
    }

    @Test func everySharedScenarioPasses() throws {
        let results = try ConformanceRunner.run(directory: Support.conformanceDirectory)
        #expect(results.count >= 38)
        Self.expectAllPass(results)
    }

    @Test func everyScenarioOfTheProjectPasses() throws {
        let results = try ConformanceRunner.run(directory: Support.ownConformanceDirectory, rules: ConformanceRuleFiles())
        #expect(results.count >= 20)
        Self.expectAllPass(results)
    }
}

/// The runner is strict: a misspelt step key fails its scenario, and an op it does not know is
/// reported by name instead of being skipped.
@Suite struct ConformanceRunnerTests {
    static let definition = """
        <process-definition>
          <start-state name="start"><transition to="a"/></start-state>
          <state name="a"/>
        </process-definition>
        """

    static func run(_ steps: String) throws -> ConformanceRunner.Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cmt-conformance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try definition.write(to: folder.appendingPathComponent("p.xml"), atomically: true, encoding: .utf8)
        let json = #"{"id": "t", "scenarios": [{"name": "s", "definition": "p.xml", "steps": [\#(steps)]}]}"#
        try json.write(to: folder.appendingPathComponent("t.json"), atomically: true, encoding: .utf8)
        let results = try ConformanceRunner.run(directory: folder.path)
        return try #require(results.first).outcome
    }

    @Test func aStepWithAnUnknownKeyFails() throws {
        #expect(try Self.run(#"{"op": "start"}, {"op": "expect", "tokenz": {"/": "a"}}"#)
                == .failed(step: 1, reason: "unknown key 'tokenz' in a 'expect' step"))
        #expect(try Self.run(#"{"op": "start"}, {"op": "signal", "token": "/", "transtion": "x"}"#)
                == .failed(step: 1, reason: "unknown key 'transtion' in a 'signal' step"))
    }

    @Test func anUnknownOpIsReportedByName() throws {
        #expect(try Self.run(#"{"op": "start"}, {"op": "suspend"}"#) == .unsupported(step: 1, op: "suspend"))
    }

    @Test func commentsAndKnownKeysPass() throws {
        #expect(try Self.run(#"{"op": "start", "note": "n"}, {"op": "signal", "token": "/", "derived": "d"}, {"op": "expect", "tokens": {"/": "a"}}"#)
                == .passed)
    }
}
