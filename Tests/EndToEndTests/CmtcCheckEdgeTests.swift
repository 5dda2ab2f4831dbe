import Foundation
import Testing

/// The sharp edges of `cmtc check` and `cmtc fmt` a new user hits (issue 10): process files,
/// folders of projects, paths named twice, binary files, what a clean check says, and a
/// byte-order mark in cmt.toml.
@Suite("cmtc check edges", .serialized)
struct CmtcCheckEdgeTests {
    static let examples = CmtcCheckTests.packageRoot.appendingPathComponent("Examples").path

    static func folder(_ files: [String: String]) throws -> URL {
        let dir = try CmtcCheckTests.temporaryDirectory()
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    static let brokenProcess = "<process-definition name=\"p\">\n  <start-state name=\"s\"><transition to=\"nowhere\"/></start-state>\n</process-definition>\n"
    static let goodProcess = """
        <process-definition name="p">
          <start-state name="s"><transition to="e"/></start-state>
          <end-state name="e"/>
        </process-definition>

        """

    @Test("a malformed .bpm in a folder without cmt.toml fails check, as it fails build")
    func processInPlainFolder() throws {
        let dir = try Self.folder(["main.cmt": "print(1);\n", "flow.bpm": Self.brokenProcess])
        let run = try CmtcCheckTests.cmtc(["check", dir.path])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("error[E0605]: transition to 'nowhere'"))
        #expect(run.stderr.contains("flow.bpm:2:"))
    }

    @Test("check FILE.bpm reads it as a process definition, FILE.drl as rules")
    func fileKinds() throws {
        let dir = try Self.folder(["flow.bpm": Self.brokenProcess, "ok.bpm": Self.goodProcess, "r.drl": "rule \"r\" when then end\n"])
        let broken = try CmtcCheckTests.cmtc(["check", dir.appendingPathComponent("flow.bpm").path])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("E0605"))
        #expect(!broken.stderr.contains("E00"), "the XML was parsed as CMT: \(broken.stderr)")
        let good = try CmtcCheckTests.cmtc(["check", dir.appendingPathComponent("ok.bpm").path])
        #expect(good.status == 0, "\(good.stderr)")
        let rules = try CmtcCheckTests.cmtc(["check", dir.appendingPathComponent("r.drl").path])
        #expect(rules.status == 0, "\(rules.stderr)")
    }

    @Test("a folder of projects checks each project on its own, and cleanly")
    func folderOfProjects() throws {
        let run = try CmtcCheckTests.cmtc(["check", Self.examples])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("error["), "\(run.stderr)")
        #expect(run.stderr.hasPrefix(
            "checked 7 projects (certified-products, dispute-resolution, identity-wallet, loan-marketplace, supply-chain, ticket-office, "
            + "ticket-reseller) and 5 other files, "))
        // As the shell expands `cmtc check Examples/*`: README.md comes along and is skipped.
        let each = try FileManager.default.contentsOfDirectory(atPath: Self.examples).sorted().map { Self.examples + "/" + $0 }
        let spread = try CmtcCheckTests.cmtc(["check"] + each)
        #expect(spread.status == 0, "\(spread.stderr)")
        #expect(spread.stderr.hasPrefix("note: skipped '\(Self.examples)/README.md': not a .cmt, .drl, .rl or .bpm file\n"))
        #expect(spread.stderr.contains("checked 7 projects"))
    }

    @Test("a project or a file named twice is read once")
    func namedTwice() throws {
        let project = Self.examples + "/supply-chain"
        let once = try CmtcCheckTests.cmtc(["check", project])
        let twice = try CmtcCheckTests.cmtc(["check", project, project + "/", project + "/src/../"])
        #expect(twice.status == 0, "\(twice.stderr)")
        #expect(twice.stderr == once.stderr)
        let dir = try Self.folder(["bad.cmt": "let x: number = \"s\";\n"])
        let file = dir.appendingPathComponent("bad.cmt").path
        let run = try CmtcCheckTests.cmtc(["check", file, file, dir.path])
        #expect(run.status == 1)
        #expect(run.stderr.components(separatedBy: "error[").count == 2, "\(run.stderr)")
        #expect(run.stderr.contains("1 error, 1 warning in 1 file"))
    }

    @Test("a binary file: control characters are escaped and at most 50 errors are shown per file")
    func binaryFile() throws {
        var bytes: [UInt8] = []
        for index in 0..<4000 { bytes.append(UInt8(truncatingIfNeeded: index &* 37 &+ index / 7)) }
        bytes += [0x1B, 0x5B, 0x32, 0x4A, 0x00, 0x07]
        let dir = try CmtcCheckTests.temporaryDirectory()
        let file = dir.appendingPathComponent("blob.cmt")
        try Data(bytes).write(to: file)
        let run = try CmtcCheckTests.cmtc(["check", file.path])
        #expect(run.status == 1)
        let controls = run.stderr.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
        #expect(controls.isEmpty, "raw control characters reached the terminal: \(controls.map(\.value))")
        #expect(run.stderr.components(separatedBy: "error[").count + run.stderr.components(separatedBy: "warning[").count - 2 == 50)
        #expect(run.stderr.contains(/blob\.cmt: \d+ more errors( and \d+ more warnings?)? not shown\n/), "\(run.stderr.suffix(400))")
        #expect(run.stderr.contains("\\u{"))
    }

    @Test("a clean check says what it checked")
    func cleanCheckSaysWhat() throws {
        let dir = try Self.folder(["a.cmt": "print(1);\n", "b.cmt": "print(2);\n"])
        let run = try CmtcCheckTests.cmtc(["check", dir.path])
        #expect(run.status == 0)
        #expect(run.stderr == "checked 2 files: no errors\n")
        let project = try CmtcCheckTests.cmtc(["check", Self.examples + "/supply-chain"])
        #expect(project.stderr.hasPrefix("checked 1 project (supply-chain), "), "\(project.stderr)")
        #expect(project.stderr.hasSuffix(" files in all: no errors\n"))
    }

    @Test("fmt without a path formats the current folder")
    func formatDefaultsToCurrentFolder() throws {
        let dir = try Self.folder(["a.cmt": "let   x=1;\n"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CmtcCheckTests.cmtcPath)
        process.arguments = ["fmt"]
        process.currentDirectoryURL = dir
        let err = Pipe()
        process.standardError = err
        try process.run()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("a.cmt"), encoding: .utf8) == "let x = 1;\n")
    }

    @Test("a UTF-8 byte-order mark at the start of cmt.toml is accepted")
    func byteOrderMarkInManifest() throws {
        let source = Self.examples + "/supply-chain"
        let dir = try CmtcCheckTests.temporaryDirectory().appendingPathComponent("supply-chain")
        try FileManager.default.copyItem(atPath: source, toPath: dir.path)
        let manifest = dir.appendingPathComponent("cmt.toml")
        let original = try Data(contentsOf: manifest)
        try (Data([0xEF, 0xBB, 0xBF]) + original).write(to: manifest)
        let run = try CmtcCheckTests.cmtc(["check", dir.path])
        #expect(run.status == 0, "\(run.stderr)")
        // An error right after the mark is still reported on line 1.
        try (Data([0xEF, 0xBB, 0xBF]) + Data("= broken\n".utf8) + original).write(to: manifest)
        let bad = try CmtcCheckTests.cmtc(["check", dir.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("cmt.toml:1:"), "\(bad.stderr)")
    }
}
