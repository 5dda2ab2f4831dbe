import Foundation
import Testing

/// `cmtc test --host sqlite` runs contract tests on the chain's own host persisted in its SQLite
/// store; every example's and template's tests give the same results, gas (per test and per
/// function) and state (the digest of every contract's balance and storage) as on the in-memory
/// host (docs/chain.md, "Storage").
@Suite("cmtc test on both hosts", .serialized)
struct TestHostEquivalenceTests {
    /// `cmtc test` output without its timing.
    static func run(_ project: String, host: String) throws -> (status: Int32, output: String) {
        let path = CmtcCheckTests.packageRoot.appendingPathComponent(project).path
        let run = try CmtcCheckTests.cmtc(["test", path, "--gas-report", "--state", "--host", host])
        return (run.status, run.stdout.replacing(/\(\d+\.\d\d s\)/, with: "") + run.stderr)
    }

    @Test("every example's and template's tests give the same results, gas and state on SQLite as in memory", arguments: ExamplesTests.projects)
    func sameOnBothHosts(project: String) throws {
        let memory = try Self.run(project, host: "memory")
        let sqlite = try Self.run(project, host: "sqlite")
        #expect(memory.status == 0, "\(project):\n\(memory.output)")
        #expect(sqlite.status == 0, "\(project):\n\(sqlite.output)")
        #expect(memory.output.contains("    state: "))
        #expect(sqlite.output == memory.output)
    }

    @Test("an unknown host is a usage error")
    func unknownHost() throws {
        let run = try CmtcCheckTests.cmtc(["test", ".", "--host", "disk"])
        #expect(run.status == 64 || run.status == 2, "\(run.stdout)\(run.stderr)")
    }
}
