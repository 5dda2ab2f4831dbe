import ArgumentParser
import Foundation

/// `cmtc test [DIR] [--filter TEXT] [--gas-report]`: runs the project's contract tests, each on a
/// fresh in-memory chain (docs/testing.md). Exit status: 0 when every test passes, 1 when one
/// fails or none ran (nothing matched --filter), 2 on a usage error or when a file does not compile.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a project's contract tests (tests/**/*.cmt) on an in-memory chain.",
        discussion: """
            Every top-level 'function testName(): void' of the test files runs on a fresh chain, in file and \
            declaration order. Prints 'PASS file::name (gas N)' or 'FAIL file::name (gas N)' with the failure, then \
            'N passed, N failed (T s)' with the total time. Exit status: 0 when all pass, 1 when one fails or when no test \
            ran (--filter matched nothing), 2 on a usage or compile error.
            """
    )

    @Argument(help: "The project folder.")
    var directory: String = "."

    @Option(help: "Run only the tests whose name contains this text.")
    var filter: String?

    @Flag(name: .customLong("gas-report"), help: "After the tests, print the gas of every contract function called (calls, min, avg, max).")
    var gasReport = false

    @Option(help: "The gas limit of each test function.")
    var gas: Int64 = 1_000_000_000

    @Option(help: "Where each test's chain state lives: memory, or sqlite (the chain's own host on its SQLite store, committed at every testing.advance and at the end).")
    var host: TestHost = .memory

    @Flag(help: "After each test, print a digest of the state it left (its contracts' balances and storage, the named accounts' balances).")
    var state = false

    func validate() throws {
        guard gas > 0 else { throw ValidationError("--gas must be positive") }
    }

    /// A duration as seconds with two decimals: `0.42 s`.
    static func seconds(_ duration: Duration) -> String {
        let hundredths = duration.components.seconds * 100 + duration.components.attoseconds / 10_000_000_000_000_000
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) s"
    }

    func run() throws {
        let project: TestProject
        do {
            project = try TestProject.load(directory)
        } catch {
            if let sources = error.sources, !error.diagnostics.isEmpty {
                CompileSupport.report(error.diagnostics, sources: sources, files: 1, color: false)
            } else {
                printError("error: \(error)")
            }
            throw ExitCode(2)
        }
        let runner = TestRunner(project: project, filter: filter, gasLimit: gas, host: host, printState: state)
        let clock = ContinuousClock()
        let started = clock.now
        let summary = try runner.run()
        let elapsed = clock.now - started
        if summary.ran == 0 {
            let found = "\(summary.found) test\(summary.found == 1 ? "" : "s") in \(summary.files) file\(summary.files == 1 ? "" : "s")"
            if let filter {
                printError("error: no test name contains '\(filter)' (\(found))")
            } else {
                printError("error: no tests found (a test is 'function testName(): void' in a file under tests/)")
            }
            throw ExitCode(1)
        }
        if gasReport {
            print("")
            print("gas report")
            for line in runner.gasLog.table() { print(line) }
            print("")
        }
        print("\(summary.passed) passed, \(summary.failed) failed (\(Self.seconds(elapsed)))")
        fflush(nil)
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
