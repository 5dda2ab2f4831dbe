import Foundation
import Testing

/// `cmtc repl` on a pseudo-terminal (Python's `pty`): Ctrl-C cancels the line instead of ending
/// the session, Ctrl-C while a command runs stops that command, and Tab completes commands, fact
/// types and fields (issue 10).
@Suite("cmtc repl on a terminal", .serialized)
struct CmtcReplTerminalTests {
    static let script = CmtcCheckTests.packageRoot.appendingPathComponent("Tests/EndToEndTests/Scripts/repl_terminal.py").path

    @Test("Ctrl-C cancels the line being typed; Tab completes commands, fact types and fields")
    func controlCAndCompletion() throws {
        try Self.drive("editing", CmtcReplTests.pricing)
    }

    @Test("Ctrl-C while fire runs an endless consequence stops it and returns to the prompt with the facts kept")
    func controlCInterruptsARunningCommand() throws {
        let dir = try CmtcCheckTests.temporaryDirectory()
        let rules = """
            declare Spin
                n : number
            end

            rule "spin"
            when
                $s : Spin()
            then
                let i = 0;
                while (i >= 0) { i = i + 1; }
            end
            """
        try rules.write(to: dir.appendingPathComponent("spin.drl"), atomically: true, encoding: .utf8)
        // Gas for hours of looping: only Ctrl-C ends the consequence within the test's time.
        try Self.drive("interrupt", dir.path, arguments: ["--gas", "1000000000000000"])
    }

    /// Runs `repl_terminal.py SCENARIO` on `directory` and expects it to succeed.
    static func drive(_ scenario: String, _ directory: String, arguments: [String] = []) throws {
        #expect(FileManager.default.fileExists(atPath: "/usr/lib/x86_64-linux-gnu/libedit.so.2")
                || FileManager.default.fileExists(atPath: "/usr/lib/aarch64-linux-gnu/libedit.so.2"),
                "libedit.so.2 is needed for line editing (apt-get install libedit2)")
        let home = try CmtcCheckTests.temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, scenario, CmtcCheckTests.cmtcPath, directory, home.path] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let transcript = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let reason = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(reason)\n--- transcript ---\n\(transcript)")
    }
}
