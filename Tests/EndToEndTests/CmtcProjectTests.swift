import Foundation
import Testing

/// `cmtc new`, `build`, `bundle`, `inspect` and `run --param` on projects, driven as a user would:
/// in a project folder of its own, with the repository's Stdlib.
@Suite("cmtc projects and bundles", .serialized)
struct CmtcProjectTests {
    /// Runs cmtc in `directory` with `CMT_STDLIB` pointing at the repository's Stdlib.
    static func cmtc(_ arguments: [String], in directory: URL) throws -> CmtcCheckTests.Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CmtcCheckTests.cmtcPath)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["CMT_STDLIB"] = CmtcCheckTests.packageRoot.appendingPathComponent("Stdlib").path
        process.environment = environment
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

    @Test("new creates a project from the hello template that builds and runs with --param")
    func newBuildRun() throws {
        let folder = try CmtcCheckTests.temporaryDirectory()
        let created = try Self.cmtc(["new", "greeter"], in: folder)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("created greeter/ from template 'hello'"))
        let project = folder.appendingPathComponent("greeter")
        let manifest = try String(contentsOf: project.appendingPathComponent("cmt.toml"), encoding: .utf8)
        #expect(manifest.contains("name = \"greeter\""))
        #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("tests/hello_test.cmt").path))

        let build = try Self.cmtc(["build"], in: project)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.hasPrefix("wrote greeter.cmtb"))

        let run = try Self.cmtc(["run", ".", "--param", "greeting=Hi", "--entry", "greet", "--arg", "Ann"], in: project)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("result: Hi, Ann"))
        let defaulted = try Self.cmtc(["run", ".", "--entry", "greet", "--arg", "Bob"], in: project)
        #expect(defaulted.stderr.contains("result: Hello, Bob"))  // [parameters] default

        let again = try Self.cmtc(["new", "greeter"], in: folder)
        #expect(again.status == 2 && again.stderr.contains("already exists"))
        let unknown = try Self.cmtc(["new", "x", "--template", "nosuch"], in: folder)
        #expect(unknown.status == 2 && unknown.stderr.contains("no template 'nosuch'"))
    }

    @Test("[dependencies] naming another project builds; a missing one fails check with E0831 and a caret")
    func dependencies() throws {
        let folder = try CmtcCheckTests.temporaryDirectory()
        _ = try Self.cmtc(["new", "greeter"], in: folder)
        _ = try Self.cmtc(["new", "token"], in: folder)
        let project = folder.appendingPathComponent("greeter")
        let manifest = project.appendingPathComponent("cmt.toml")
        let original = try String(contentsOf: manifest, encoding: .utf8)
        try (original + "\n[dependencies]\ntoken = \"../token\"\n").write(to: manifest, atomically: true, encoding: .utf8)
        let build = try Self.cmtc(["build"], in: project)
        #expect(build.status == 0, "\(build.stderr)")
        try (original + "\n[dependencies]\ntoken = \"../tokn\"\n").write(to: manifest, atomically: true, encoding: .utf8)
        let check = try Self.cmtc(["check", "."], in: project)
        #expect(check.status != 0)
        let output = check.stdout + check.stderr
        #expect(output.contains("error[E0831]: dependency 'token': nothing at '../tokn'"), "\(output)")
        #expect(output.contains("^^^^^^^^^"), "\(output)")
    }

    @Test("run --param is type-checked and bound by name")
    func paramErrors() throws {
        let folder = try CmtcCheckTests.temporaryDirectory()
        _ = try Self.cmtc(["new", "greeter"], in: folder)
        let project = folder.appendingPathComponent("greeter")
        let unknown = try Self.cmtc(["run", ".", "--param", "colour=red", "--entry", "count"], in: project)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("the constructor has no parameter 'colour'; it takes greeting: string"))
        #expect(!unknown.stderr.contains("deployed"))
        let both = try Self.cmtc(["run", ".", "--param", "greeting=Hi", "--deploy-arg", "Hi"], in: project)
        #expect(both.status == 2)
    }

    @Test("bundle from two folders gives one id; inspect lists parts and ABI; run executes the bundle")
    func bundleInspectRun() throws {
        let first = try CmtcCheckTests.temporaryDirectory()
        let second = try CmtcCheckTests.temporaryDirectory().appendingPathComponent("deeper/still")
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        for folder in [first, second] {
            try FileManager.default.copyItem(at: CmtcCheckTests.packageRoot.appendingPathComponent("Examples/pricing"),
                                             to: folder.appendingPathComponent("pricing"))
        }
        let a = try Self.cmtc(["bundle", "pricing", "-o", "a.sbc"], in: first)
        let b = try Self.cmtc(["bundle", second.appendingPathComponent("pricing").path, "-o", first.appendingPathComponent("b.sbc").path], in: first)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        let bytesA = try Data(contentsOf: first.appendingPathComponent("a.sbc"))
        let bytesB = try Data(contentsOf: first.appendingPathComponent("b.sbc"))
        #expect(bytesA == bytesB)
        let id = a.stdout.components(separatedBy: "bundle id ").last?.dropLast(2) ?? ""
        #expect(id.count == 64 && b.stdout.contains(String(id)))

        let inspect = try Self.cmtc(["inspect", "a.sbc"], in: first)
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains("id \(id)"))
        #expect(inspect.stdout.contains("rules/@/pricing.rl.rete"))
        #expect(inspect.stdout.contains("function quote(fico: number, listed: number): number"))
        #expect(inspect.stdout.contains("verified: bytecode"))

        let run = try Self.cmtc(["run", "a.sbc", "--entry", "quote", "--arg", "741", "--arg", "100"], in: first)
        #expect(run.status == 0 && run.stderr.contains("result: 80"), "\(run.stderr)")

        var damaged = [UInt8](bytesA)
        damaged[damaged.count / 2] ^= 0x20
        try Data(damaged).write(to: first.appendingPathComponent("bad.sbc"))
        let bad = try Self.cmtc(["inspect", "bad.sbc"], in: first)
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("error: bad.sbc: "))
        let badRun = try Self.cmtc(["run", "bad.sbc", "--entry", "quote", "--arg", "741", "--arg", "100"], in: first)
        #expect(badRun.status == 1 && !badRun.stderr.contains("deployed"))
    }

    @Test("bundle --param records the bound values, and run uses them")
    func bundleParameters() throws {
        let folder = try CmtcCheckTests.temporaryDirectory()
        _ = try Self.cmtc(["new", "greeter"], in: folder)
        let project = folder.appendingPathComponent("greeter")
        let bundle = try Self.cmtc(["bundle", "--param", "greeting=Howdy", "--with-sources"], in: project)
        #expect(bundle.status == 0, "\(bundle.stderr)")
        #expect(bundle.stdout.hasPrefix("wrote greeter-0.1.0.sbc"))
        let inspect = try Self.cmtc(["inspect", "greeter-0.1.0.sbc"], in: project)
        #expect(inspect.stdout.contains("greeting: string = Howdy"))
        #expect(inspect.stdout.contains("sources/src/hello.cmt"))
        let run = try Self.cmtc(["run", "greeter-0.1.0.sbc", "--entry", "greet", "--arg", "Ann"], in: project)
        #expect(run.stderr.contains("result: Howdy, Ann"), "\(run.stderr)")
        let wrong = try Self.cmtc(["bundle", "--param", "greeting"], in: project)
        #expect(wrong.status == 2 && wrong.stderr.contains("--param expects NAME=VALUE"))
    }

    @Test("manifest errors print with a caret into cmt.toml and exit 1")
    func manifestErrors() throws {
        let folder = try CmtcCheckTests.temporaryDirectory()
        _ = try Self.cmtc(["new", "greeter"], in: folder)
        let project = folder.appendingPathComponent("greeter")
        let manifest = project.appendingPathComponent("cmt.toml")
        let text = try String(contentsOf: manifest, encoding: .utf8) + "\n[[webhooks]]\nname = \"nope\"\n"
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        let build = try Self.cmtc(["build"], in: project)
        #expect(build.status == 1)
        #expect(build.stderr.contains("cmt.toml:12:8: error[E0811]: contract 'Hello' has no webhook handler 'nope'"), "\(build.stderr)")
        #expect(build.stderr.contains("^^^^^^"))
        let check = try Self.cmtc(["check"], in: project)
        #expect(check.status == 1 && check.stderr.contains("error[E0811]"))
    }

    @Test("run --webhook uses the hook names of cmt.toml's [[webhooks]], from the project and from its bundle")
    func webhookNames() throws {
        let project = try CmtcCheckTests.temporaryDirectory()
        let manifest = "[package]\nname = \"orders\"\nversion = \"0.1.0\"\n\n[[webhooks]]\nname = \"delivery\"\nhandler = \"shipment\"\nsecret = \"env:DELIVERY_SECRET\"\n"
        let contract = """
            contract Orders {
                event Shipped(orderId: string, carrier: string);
                webhook shipment(orderId: string, carrier: string) {
                    emit Shipped(orderId, carrier);
                }
            }
            """
        try FileManager.default.createDirectory(at: project.appendingPathComponent("src"), withIntermediateDirectories: true)
        try manifest.write(to: project.appendingPathComponent("cmt.toml"), atomically: true, encoding: .utf8)
        try contract.write(to: project.appendingPathComponent("src/orders.cmt"), atomically: true, encoding: .utf8)
        let direct = try Self.cmtc(["run", ".", "--webhook", "delivery", "--json", "{\"orderId\": \"o1\", \"carrier\": \"DHL\"}"], in: project)
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(direct.stderr.contains("event Shipped {orderId: o1, carrier: DHL}"))
        let bundle = try Self.cmtc(["bundle", "-o", "orders.sbc"], in: project)
        #expect(bundle.status == 0, "\(bundle.stderr)")
        let fromBundle = try Self.cmtc(["run", "orders.sbc", "--webhook", "delivery", "--arg", "o2", "--arg", "UPS"], in: project)
        #expect(fromBundle.stderr.contains("event Shipped {orderId: o2, carrier: UPS}"), "\(fromBundle.stderr)")
        let inspect = try Self.cmtc(["inspect", "orders.sbc"], in: project)
        #expect(inspect.stdout.contains("webhook shipment(orderId: string, carrier: string)"))
    }
}
