import ArgumentParser
import CMTBytecode
import CMTCompiler
import CMTSource
import CMTTesting
import CMTVM
import Foundation

/// Compiles each test file with the program and runs its test functions, printing a line per test.
final class TestRunner {
    struct Summary {
        var passed = 0
        var failed = 0
        /// Test functions found in the files, whether or not the filter selected them.
        var found = 0
        var files = 0
        var ran: Int { passed + failed }
    }

    let project: TestProject
    let filter: String?
    let gasLimit: Int64
    let gasLog = GasLog()

    init(project: TestProject, filter: String?, gasLimit: Int64) {
        self.project = project
        self.filter = filter
        self.gasLimit = gasLimit
    }

    /// Runs every test; exits 2 (after printing the diagnostics) when a file does not compile.
    func run() throws -> Summary {
        var summary = Summary()
        // Every file compiles before any test runs: a compile error runs nothing.
        let suites = try project.testFiles.map(compile)
        summary.files = suites.count
        for suite in suites {
            summary.found += suite.tests.count
            for test in suite.tests where filter.map({ test.name.contains($0) }) ?? true {
                let passed = runTest(test, in: suite)
                if passed { summary.passed += 1 } else { summary.failed += 1 }
            }
        }
        return summary
    }

    /// One compiled test file: the program with its test functions.
    struct Suite {
        let path: String
        let compiled: CompileSupport.Compiled
        let program: Program
        let contractName: String?
        let tests: [(name: String, function: FunctionIndex)]
    }

    private func compile(_ path: String) throws -> Suite {
        let attempt = CompileSupport.attempt([project.directory], testFiles: [path])
        if let inputError = attempt.inputError {
            printError("error: \(inputError)")
            throw ExitCode(2)
        }
        guard let compiled = attempt.compiled else {
            CompileSupport.report(attempt.diagnostics, sources: attempt.sources, files: attempt.fileCount, color: false)
            throw ExitCode(2)
        }
        let testFile = compiled.sources.allFiles.first { $0.path == path && compiled.sources.isTestFile($0.id) }
        // Warnings of the test file itself (the program's own are for `cmtc check`).
        let ownWarnings = attempt.diagnostics.filter { $0.span.file == testFile?.id }
        CompileSupport.report(ownWarnings, sources: attempt.sources, files: 1, color: false)
        let verified: VerifiedModule
        do {
            verified = try Verifier.verify(compiled.module)
        } catch {
            printError("error: the compiled module of '\(path)' does not verify: \(error)")
            throw ExitCode(2)
        }
        let module = compiled.module
        let contractName = module.functions.first { $0.name.hasSuffix(".constructor") }.map { String($0.name.dropLast(".constructor".count)) }
        var tests: [(String, FunctionIndex)] = []
        if let testFile {
            let (syntax, _) = Parser.parse(testFile)
            for item in syntax.items {
                guard case .function(let decl) = item, decl.name.name.hasPrefix("test") else { continue }
                let location = testFile.location(of: decl.name.span.start)
                let returnsVoid: Bool
                switch decl.returnType?.kind {
                case nil: returnsVoid = true
                case .named(let name, _)?: returnsVoid = name.name == "void"
                default: returnsVoid = false
                }
                // A `test…` function that takes parameters or returns a value is a helper, not a test.
                guard decl.params.isEmpty, returnsVoid else {
                    printError("\(path):\(location.line):\(location.column): warning: '\(decl.name.name)' is not run as a test "
                               + "(a test is 'function testName(): void' with no parameters)")
                    continue
                }
                guard let index = module.functions.firstIndex(where: { $0.name == decl.name.name }), let slot = UInt16(exactly: index) else { continue }
                tests.append((decl.name.name, FunctionIndex(slot)))
            }
        }
        return Suite(path: path, compiled: compiled, program: Program(verified), contractName: contractName, tests: tests)
    }

    /// Runs one test on a fresh chain and prints its result; true when it passed.
    private func runTest(_ test: (name: String, function: FunctionIndex), in suite: Suite) -> Bool {
        let chain = TestChain(program: suite.program, contractName: suite.contractName, services: suite.compiled.services(for: suite.program),
                              gasLog: gasLog, dependencies: project.dependencies)
        let outcome = VM.call(suite.program, function: test.function, arguments: [],
                              context: CallContext(contract: TestChain.runner, sender: TestChain.runner), host: chain,
                              limits: ExecutionLimits(gasLimit: gasLimit))
        switch outcome.status {
        case .returned:
            print("PASS \(suite.path)::\(test.name) (gas \(outcome.gasUsed))")
            return true
        case .reverted(let reason):
            print("FAIL \(suite.path)::\(test.name) (gas \(outcome.gasUsed))")
            printFailure("reverted: \(reason)", location: location(of: outcome.revertBacktrace, in: suite))
        case .trapped(let trap):
            print("FAIL \(suite.path)::\(test.name) (gas \(outcome.gasUsed))")
            let message: String
            if case .hostFailure(let text) = trap.reason { message = text } else { message = trap.reason.description }
            printFailure(message, location: location(of: trap.backtrace, in: suite))
        }
        for line in chain.output { print("    output: \(line)") }
        return false
    }

    /// The failure, indented under its FAIL line; lines after the first indented further.
    private func printFailure(_ message: String, location: String?) {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        print("    " + (location.map { $0 + ": " } ?? "") + (lines.first.map(String.init) ?? ""))
        for line in lines.dropFirst() { print("      " + line) }
    }

    /// `path:line:col` of the innermost frame of a trap's or revert's backtrace in the test file
    /// (else in any file).
    private func location(of backtrace: [TrapFrame], in suite: Suite) -> String? {
        guard let paths = suite.compiled.module.debugInfo?.files else { return nil }
        var candidates: [(path: String, start: Int)] = []
        for frame in backtrace {
            guard let location = frame.location, Int(location.file) < paths.count else { continue }
            candidates.append((paths[Int(location.file)], Int(location.start)))
        }
        guard let chosen = candidates.first(where: { $0.path == suite.path }) ?? candidates.first,
              let file = suite.compiled.sources.allFiles.first(where: { $0.path == chosen.path }) else { return nil }
        let position = file.location(of: chosen.start)
        return "\(chosen.path):\(position.line):\(position.column)"
    }
}
