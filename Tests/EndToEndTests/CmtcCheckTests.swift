import Foundation
import Testing

/// Drives the built `cmtc` binary as a user would.
@Suite("cmtc check and fmt", .serialized)
struct CmtcCheckTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var cmtcPath: String {
        if let override = ProcessInfo.processInfo.environment["CMTC_PATH"] { return override }
        for configuration in ["debug", "release"] {
            let path = packageRoot.appendingPathComponent(".build/\(configuration)/cmtc").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return packageRoot.appendingPathComponent(".build/debug/cmtc").path
    }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func cmtc(_ arguments: [String], stdin: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cmtcPath)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cmtc-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a clean file exits 0 and says what was checked")
    func cleanFile() throws {
        let dir = try Self.temporaryDirectory()
        let file = dir.appendingPathComponent("ok.cmt")
        try "let x = 1;\nprint(x);\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try Self.cmtc(["check", file.path])
        #expect(run.status == 0)
        #expect(run.stderr == "checked 1 file: no errors\n")
    }

    @Test("errors exit 1 with file:line:col, code and caret")
    func errorsExitOne() throws {
        let dir = try Self.temporaryDirectory()
        let file = dir.appendingPathComponent("bad.cmt")
        try "let x: number = \"a\";\nprint(x, y);\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try Self.cmtc(["check", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.cmt:1:17: error[E0203]: cannot assign a value of type 'string' to 'x' of type 'number'"))
        #expect(run.stderr.contains("2 | print(x, y);\n  |          ^"))
        #expect(run.stderr.contains("3 errors, 0 warnings in 1 file"))
    }

    @Test("warnings pass unless --deny-warnings")
    func warnings() throws {
        let dir = try Self.temporaryDirectory()
        let file = dir.appendingPathComponent("warn.cmt")
        try "let unused = 1;\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try Self.cmtc(["check", file.path]).status == 0)
        #expect(try Self.cmtc(["check", "--deny-warnings", file.path]).status == 1)
    }

    @Test("--format json prints the diagnostics as JSON on standard output")
    func json() throws {
        let dir = try Self.temporaryDirectory()
        let file = dir.appendingPathComponent("j.cmt")
        try "print(nope);\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try Self.cmtc(["check", "--format", "json", file.path])
        #expect(run.status == 1)
        let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
        #expect(parsed?.first?["code"] as? String == "E0200")
    }

    @Test("usage errors exit 2")
    func usageErrors() throws {
        #expect(try Self.cmtc(["check", "/no/such/file.cmt"]).status == 2)
        #expect(try Self.cmtc(["check", "--format", "xml", "x.cmt"]).status == 2)
    }

    @Test("a directory is checked file by file, reporting all of them")
    func directories() throws {
        let dir = try Self.temporaryDirectory()
        try "print(a1);\n".write(to: dir.appendingPathComponent("a.cmt"), atomically: true, encoding: .utf8)
        try "print(b1);\n".write(to: dir.appendingPathComponent("b.cmt"), atomically: true, encoding: .utf8)
        let run = try Self.cmtc(["check", dir.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("a.cmt:1:7") && run.stderr.contains("b.cmt:1:7"))
    }

    @Test("fmt rewrites a file canonically and --check then passes")
    func formats() throws {
        let dir = try Self.temporaryDirectory()
        let file = dir.appendingPathComponent("f.cmt")
        try "let x=1 // one\nif(x>0){print(x)}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try Self.cmtc(["fmt", "--check", file.path]).status == 1)
        #expect(try Self.cmtc(["fmt", file.path]).status == 0)
        let formatted = try String(contentsOf: file, encoding: .utf8)
        #expect(formatted == "let x = 1; // one\nif (x > 0) {\n    print(x);\n}\n")
        #expect(try Self.cmtc(["fmt", "--check", file.path]).status == 0)
    }

    @Test("fmt --check on a project folder checks its .cmt files and leaves rule and process files alone")
    func formatSkipsRuleAndProcessFiles() throws {
        let dir = try Self.temporaryDirectory()
        let example = Self.packageRoot.appendingPathComponent("Examples/supply-chain")
        let project = dir.appendingPathComponent("supply-chain")
        try FileManager.default.copyItem(at: example, to: project)
        let rules = project.appendingPathComponent("rules/financing.drl")
        let process = project.appendingPathComponent("processes/invoice.bpm")
        let rulesText = try String(contentsOf: rules, encoding: .utf8)
        let processText = try String(contentsOf: process, encoding: .utf8)
        // A top-level .rl file too: none of them is CMT, so none may be parsed as CMT.
        try "rule \"r\" when then end\n".write(to: project.appendingPathComponent("extra.rl"), atomically: true, encoding: .utf8)
        let unformatted = project.appendingPathComponent("tests/zz_unformatted_test.cmt")
        try "let x=1\n".write(to: unformatted, atomically: true, encoding: .utf8)

        let check = try Self.cmtc(["fmt", "--check", project.path])
        #expect(check.status == 1)
        #expect(check.stderr.isEmpty)
        #expect(check.stdout == unformatted.path + "\n")

        #expect(try Self.cmtc(["fmt", project.path]).status == 0)
        #expect(try Self.cmtc(["fmt", "--check", project.path]).status == 0)
        #expect(try String(contentsOf: rules, encoding: .utf8) == rulesText)
        #expect(try String(contentsOf: process, encoding: .utf8) == processText)

        let named = try Self.cmtc(["fmt", "--check", rules.path])
        #expect(named.status == 2)
        #expect(named.stderr.contains("cmtc fmt formats .cmt files only"))
    }

    @Test("fmt formats what parses in a file with syntax errors, keeps the broken statement as written and says so")
    func formatKeepsBrokenRegions() throws {
        let dir = try Self.temporaryDirectory()
        let file = dir.appendingPathComponent("broken.cmt")
        try "let x = (1 +;\nlet   y=2;\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try Self.cmtc(["fmt", file.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error[E0102]"))
        #expect(run.stderr.contains("kept 1 region with errors exactly as written"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "let x = (1 +;\nlet y = 2;\n")
    }
}
