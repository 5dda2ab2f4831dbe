import Foundation
import Testing

/// `cmtc keys new|list|show|import` driven as a user would (docs/keys.md).
@Suite("cmtc keys", .serialized)
struct CmtcKeysTests {
    static let passphrase = "correct horse battery staple"

    /// Runs cmtc with `environment` added to (or, for nil values, removed from) the test's own.
    static func cmtc(_ arguments: [String], environment: [String: String?] = [:]) throws -> CmtcCheckTests.Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CmtcCheckTests.cmtcPath)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["CMT_KEY_PASSPHRASE"] = nil
        for (name, value) in environment { env[name] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CmtcCheckTests.Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                  stderr: String(decoding: errData, as: UTF8.self))
    }

    static func setUp() throws -> (keys: String, passphraseFile: String) {
        let dir = try CmtcCheckTests.temporaryDirectory()
        let file = dir.appendingPathComponent("pass.txt").path
        try (passphrase + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return (dir.appendingPathComponent("keys").path, file)
    }

    /// The value printed after `label:` in `text`.
    static func field(_ label: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(label + ":") }.map { $0.dropFirst(label.count + 1).trimmingCharacters(in: .whitespaces) }
    }

    @Test("new stores a 0600 key in a 0700 folder; list and show print its address; show hides the private key without --reveal")
    func newListShow() throws {
        let (keys, passFile) = try Self.setUp()
        let made = try Self.cmtc(["keys", "new", "alice", "--keys-dir", keys, "--passphrase-file", passFile, "--light-kdf"])
        #expect(made.status == 0, "\(made.stderr)")
        let address = try #require(Self.field("address", in: made.stdout))
        #expect(address.hasPrefix("cmt1"))
        #expect(try FileManager.default.attributesOfItem(atPath: keys)[.posixPermissions] as? Int == 0o700)
        #expect(try FileManager.default.attributesOfItem(atPath: keys + "/alice.json")[.posixPermissions] as? Int == 0o600)
        let list = try Self.cmtc(["keys", "list", "--keys-dir", keys])
        #expect(list.status == 0)
        #expect(list.stdout == "alice  \(address)\n")
        let show = try Self.cmtc(["keys", "show", "alice", "--keys-dir", keys])
        #expect(show.status == 0)
        #expect(Self.field("address", in: show.stdout) == address)
        #expect(!show.stdout.contains("private"))
        let json = try Self.cmtc(["keys", "show", "alice", "--keys-dir", keys, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String])
        #expect(object["address"] == address)
        #expect(object["public_key"]?.count == 64)
    }

    @Test("import --dev 0 and --reveal give dev account 0's published key; the environment variable is a passphrase source")
    func importAndReveal() throws {
        let (keys, passFile) = try Self.setUp()
        let imported = try Self.cmtc(["keys", "import", "dev0", "--dev", "0", "--keys-dir", keys, "--light-kdf"],
                                     environment: ["CMT_KEY_PASSPHRASE": Self.passphrase])
        #expect(imported.status == 0, "\(imported.stderr)")
        // docs/chain.md, "Dev accounts": account 0.
        #expect(Self.field("public key", in: imported.stdout) == "d1d4a351f0f4638cdb68f74feaa95a5fd005b010315ec5156551cd543e8a89c0")
        let revealed = try Self.cmtc(["keys", "show", "dev0", "--reveal", "--keys-dir", keys, "--passphrase-file", passFile])
        #expect(revealed.status == 0, "\(revealed.stderr)")
        let seed = try #require(Self.field("private key", in: revealed.stdout))
        #expect(seed.count == 64)
        #expect(revealed.stderr.contains("warning"))
        // The revealed seed imports back to the same address.
        let seedFile = try CmtcCheckTests.temporaryDirectory().appendingPathComponent("seed.hex").path
        try (seed + "\n").write(toFile: seedFile, atomically: true, encoding: .utf8)
        let again = try Self.cmtc(["keys", "import", "copy", "--private-key-file", seedFile, "--keys-dir", keys, "--passphrase-file", passFile, "--light-kdf"])
        #expect(again.status == 0)
        #expect(Self.field("address", in: again.stdout) == Self.field("address", in: imported.stdout))
    }

    @Test("a wrong passphrase, a corrupt file, open permissions, a taken or bad name each fail with their code and exit 1")
    func errors() throws {
        let (keys, passFile) = try Self.setUp()
        _ = try Self.cmtc(["keys", "new", "alice", "--keys-dir", keys, "--passphrase-file", passFile, "--light-kdf"])
        let wrong = try Self.cmtc(["keys", "show", "alice", "--reveal", "--keys-dir", keys], environment: ["CMT_KEY_PASSPHRASE": "nope"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.hasPrefix("error[K001]: wrong passphrase"))
        #expect(wrong.stdout.isEmpty)
        let taken = try Self.cmtc(["keys", "new", "alice", "--keys-dir", keys, "--passphrase-file", passFile, "--light-kdf"])
        #expect(taken.status == 1 && taken.stderr.hasPrefix("error[K006]"))
        let badName = try Self.cmtc(["keys", "new", "../x", "--keys-dir", keys, "--passphrase-file", passFile])
        #expect(badName.status == 1 && badName.stderr.hasPrefix("error[K007]"))
        let missing = try Self.cmtc(["keys", "show", "bob", "--keys-dir", keys])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("error[K005]"))
        let noPassphrase = try Self.cmtc(["keys", "new", "carol", "--keys-dir", keys, "--light-kdf"], environment: ["CMT_KEY_PASSPHRASE": ""])
        #expect(noPassphrase.status == 1 && noPassphrase.stderr.hasPrefix("error[K010]"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keys + "/alice.json")
        let open = try Self.cmtc(["keys", "show", "alice", "--keys-dir", keys])
        #expect(open.status == 1 && open.stderr.hasPrefix("error[K004]") && open.stderr.contains("chmod 600"))
        try "{\"format\": \"cmt-key\"".write(toFile: keys + "/broken.json", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keys + "/broken.json")
        let corrupt = try Self.cmtc(["keys", "show", "broken", "--keys-dir", keys])
        #expect(corrupt.status == 1 && corrupt.stderr.hasPrefix("error[K002]"))
        // list goes on past unreadable files and names their codes.
        let list = try Self.cmtc(["keys", "list", "--keys-dir", keys])
        #expect(list.status == 0)
        #expect(list.stdout.contains("alice  (unreadable: error[K004]"))
        #expect(list.stdout.contains("broken  (unreadable: error[K002]"))
        let usage = try Self.cmtc(["keys", "import", "x", "--dev", "1", "--private-key-file", "f", "--keys-dir", keys])
        #expect(usage.status == 2)
    }

    @Test("at a terminal the passphrase is asked twice with echo off, and two different entries are refused")
    func terminalPrompt() throws {
        let keys = try CmtcCheckTests.temporaryDirectory().appendingPathComponent("keys").path
        let script = CmtcCheckTests.packageRoot.appendingPathComponent("Tests/EndToEndTests/Scripts/keys_terminal.py").path
        func drive(_ arguments: [String]) throws -> (status: Int32, transcript: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, CmtcCheckTests.cmtcPath, keys] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        let made = try drive(["alice", "typed-secret-42"])
        #expect(made.status == 0, "\(made.transcript)")
        #expect(made.transcript.contains("Repeat the passphrase"))
        #expect(made.transcript.contains("address:"))
        #expect(!made.transcript.contains("typed-secret-42"))
        let differ = try drive(["bob", "one-passphrase", "another-one"])
        #expect(differ.status == 1)
        #expect(differ.transcript.contains("error[K010]"))
        let shown = try Self.cmtc(["keys", "show", "alice", "--reveal", "--keys-dir", keys], environment: ["CMT_KEY_PASSPHRASE": "typed-secret-42"])
        #expect(shown.status == 0, "\(shown.stderr)")
    }
}
