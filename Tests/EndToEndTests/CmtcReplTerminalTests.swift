import Foundation
import Testing

/// `cmtc repl` on a pseudo-terminal (Python's `pty`): Ctrl-C cancels the line instead of ending
/// the session, and Tab completes commands, fact types and fields (issue 10).
@Suite("cmtc repl on a terminal", .serialized)
struct CmtcReplTerminalTests {
    static let script = CmtcCheckTests.packageRoot.appendingPathComponent("Tests/EndToEndTests/Scripts/repl_terminal.py").path

    @Test("Ctrl-C cancels the line being typed; Tab completes commands, fact types and fields")
    func controlCAndCompletion() throws {
        #expect(FileManager.default.fileExists(atPath: "/usr/lib/x86_64-linux-gnu/libedit.so.2")
                || FileManager.default.fileExists(atPath: "/usr/lib/aarch64-linux-gnu/libedit.so.2"),
                "libedit.so.2 is needed for line editing (apt-get install libedit2)")
        let home = try CmtcCheckTests.temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, CmtcCheckTests.cmtcPath, CmtcReplTests.pricing, home.path]
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
