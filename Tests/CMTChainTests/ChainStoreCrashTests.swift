import Foundation
import Testing

/// SIGKILL while blocks commit, then restart: the database is at its last committed block with the
/// app hash of an uninterrupted run (docs/chain.md, "Crash safety"). Drives the built
/// `cmt-chain-crash` worker; `Benchmarks/chain/crash.sh` is the same with 20 kills or more.
@Suite("chain store crash safety", .serialized)
struct ChainStoreCrashTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var workerPath: String {
        if let override = ProcessInfo.processInfo.environment["CMT_CHAIN_CRASH_PATH"] { return override }
        for configuration in ["debug", "release"] {
            let path = packageRoot.appendingPathComponent(".build/\(configuration)/cmt-chain-crash").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return packageRoot.appendingPathComponent(".build/debug/cmt-chain-crash").path
    }

    static let writes = "300"

    /// Runs the worker to completion and returns its standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: workerPath)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The `check` verdict: the head's height and app hash.
    static func check(_ database: String) throws -> (height: UInt64, appHash: String) {
        let (status, output) = try run(["check", "--db", database, "--writes", writes])
        let fields = output.split(separator: " ").map(String.init)
        guard status == 0, fields.count == 3, fields[0] == "head", let height = UInt64(fields[1]) else {
            throw CrashTestFailure(message: "check failed (status \(status)): \(output)")
        }
        return (height, fields[2].trimmingCharacters(in: .whitespacesAndNewlines))
    }

    struct CrashTestFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The lines of the worker's log: the last `begin` and `committed` heights.
    static func progress(_ log: String) -> (begun: UInt64?, committed: UInt64?) {
        var begun: UInt64?
        var committed: UInt64?
        for line in log.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let height = UInt64(fields[1]) else { continue }
            if fields[0] == "begin" { begun = height }
            if fields[0] == "committed", fields.count == 3 { committed = height }
        }
        return (begun, committed)
    }

    @Test("five SIGKILLs while committing: each restart is at the last committed block with the uninterrupted run's app hash")
    func sigkillWhileCommitting() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.workerPath), "build the worker first: swift build")
        let scratch = try ScratchFolder()
        let database = scratch.file("crash.sqlite")
        var heads: [(height: UInt64, appHash: String)] = []
        var lastCommitted: UInt64 = 0
        for round in 0..<5 {
            let logPath = scratch.file("round-\(round).log")
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.workerPath)
            process.arguments = ["run", "--db", database, "--until", "1000000", "--writes", Self.writes]
            process.standardOutput = log
            process.standardError = log
            try process.run()
            // Let it commit a few blocks, then kill it at a random moment of a later one.
            let start = ContinuousClock.now
            while Self.progress(String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self)).committed == nil,
                ContinuousClock.now - start < .seconds(60), process.isRunning
            {
                Thread.sleep(forTimeInterval: 0.01)
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.4))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try log.close()
            #expect(process.terminationReason == .uncaughtSignal, "the worker ended before it was killed")
            let (begun, committed) = Self.progress(String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self))
            let head = try Self.check(database)
            // Nothing whose commit returned is lost; at most the block being committed is in too.
            let floor = committed ?? lastCommitted
            #expect(head.height == floor || (head.height == floor + 1 && begun == head.height), "round \(round): head \(head.height), committed \(floor), begun \(begun.map { "\($0)" } ?? "none")")
            lastCommitted = head.height
            heads.append(head)
        }
        // The same workload, uninterrupted, gives the same app hash at every height seen.
        let reference = scratch.file("reference.sqlite")
        let (status, output) = try Self.run(["run", "--db", reference, "--until", "\(lastCommitted)", "--writes", Self.writes])
        #expect(status == 0)
        var hashes: [UInt64: String] = [:]
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 3, fields[0] == "committed", let height = UInt64(fields[1]) { hashes[height] = String(fields[2]) }
        }
        for head in heads where head.height > 0 {
            #expect(hashes[head.height] == head.appHash, "height \(head.height)")
        }
        #expect(heads.contains { $0.height > 0 })
    }
}
