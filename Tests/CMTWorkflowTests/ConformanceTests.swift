import CMTWorkflow
import Foundation
import Testing

/// The jPDL behaviour bench in ../shared/conformance/jpdl: every scenario passes or is a
/// deviation documented in docs/processes.md.
@Suite struct ConformanceTests {
    @Test func everyScenarioPassesOrIsADocumentedDeviation() throws {
        let results = try ConformanceRunner.run(directory: Support.conformanceDirectory)
        #expect(results.count >= 38)
        let docs = try String(contentsOf: Support.packageRoot.appendingPathComponent("docs/processes.md"), encoding: .utf8)
        for result in results {
            switch result.outcome {
            case .passed: break
            case .failed(let step, let reason): Issue.record("\(result.suite)/\(result.scenario) failed at step \(step): \(reason)")
            case .deviation:
                #expect(docs.contains("\(result.suite)/\(result.scenario)"), "undocumented deviation \(result.suite)/\(result.scenario)")
            }
        }
    }
}
