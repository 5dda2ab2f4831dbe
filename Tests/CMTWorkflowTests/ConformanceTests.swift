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
