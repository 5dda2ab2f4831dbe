import CMTBytecode
import Foundation
import Testing

/// Every project in Examples/ and Stdlib/templates/: its `cmtc test` tests pass, and `cmtc bundle`
/// writes a bundle that `cmtc inspect` verifies; the Stdlib/lib modules' tests pass too.
@Suite("Examples and templates", .serialized)
struct ExamplesTests {
    /// The white paper's applications (§5) and the earlier examples.
    static let examples = ["certified-products", "dispute-resolution", "identity-wallet", "invoices", "loan-marketplace",
                           "pricing", "purchase", "supply-chain", "ticket-office", "ticket-reseller"].map { "Examples/" + $0 }
    /// The business templates (white paper §2.3), each with key terms as parameters.
    static let businessTemplates = ["data-wallet", "escrow", "loan", "provenance", "purchase", "supply-chain"].map { "Stdlib/templates/" + $0 }
    /// Every template: the business ones and `hello`, the one `cmtc new` uses by default.
    static let templates = (businessTemplates + ["Stdlib/templates/hello"]).sorted()
    static let projects = examples + templates
    /// The library modules of Stdlib/lib (plain folders with tests/, no contract).
    static let libraries = ["access", "money", "time", "tokens"].map { "Stdlib/lib/" + $0 }

    static func folders(under path: String) throws -> [String] {
        let base = CmtcCheckTests.packageRoot.appendingPathComponent(path)
        return try FileManager.default.contentsOfDirectory(atPath: base.path)
            .filter { name in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: base.appendingPathComponent(name).path, isDirectory: &isDirectory) && isDirectory.boolValue
            }
            .map { path + "/" + $0 }
            .sorted()
    }

    @Test("the list covers every example and template folder")
    func listIsComplete() throws {
        #expect(try Self.folders(under: "Examples") == Self.examples)
        #expect(try Self.folders(under: "Stdlib/templates") == Self.templates)
        #expect(try Self.folders(under: "Stdlib/lib") == Self.libraries)
    }

    @Test("the tests of every library module pass", arguments: libraries)
    func libraryTestsPass(library: String) throws {
        let run = try CmtcCheckTests.cmtc(["test", CmtcCheckTests.packageRoot.appendingPathComponent(library).path])
        #expect(run.status == 0 && run.stdout.contains(/\ passed, 0 failed \(\d+\.\d\d s\)\n$/), "\(library):\n\(run.stdout)\(run.stderr)")
    }

    @Test("cmtc test passes", arguments: projects)
    func testsPass(project: String) throws {
        let path = CmtcCheckTests.packageRoot.appendingPathComponent(project).path
        let run = try CmtcCheckTests.cmtc(["test", path])
        #expect(run.status == 0, "\(project):\n\(run.stdout)\(run.stderr)")
        let summary = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(summary.contains(/\ passed, 0 failed \(\d+\.\d\d s\)$/) && !summary.hasPrefix("0 "), "\(project): \(summary)")
    }

    @Test("cmtc bundle writes a bundle that cmtc inspect verifies", arguments: projects)
    func bundles(project: String) throws {
        let path = CmtcCheckTests.packageRoot.appendingPathComponent(project).path
        let output = try CmtcCheckTests.temporaryDirectory().appendingPathComponent("out.sbc").path
        let bundle = try CmtcCheckTests.cmtc(["bundle", path, "-o", output])
        #expect(bundle.status == 0, "\(project):\n\(bundle.stdout)\(bundle.stderr)")
        let inspect = try CmtcCheckTests.cmtc(["inspect", output])
        #expect(inspect.status == 0, "\(project):\n\(inspect.stdout)\(inspect.stderr)")
    }

    @Test("every business template has a test that deploys it twice with different parameters", arguments: businessTemplates)
    func templatesShowTwoInstances(template: String) throws {
        let tests = CmtcCheckTests.packageRoot.appendingPathComponent(template + "/tests")
        let texts = try FileManager.default.contentsOfDirectory(atPath: tests.path).filter { $0.hasSuffix(".cmt") }
            .map { try String(contentsOf: tests.appendingPathComponent($0), encoding: .utf8) }
        let run = try CmtcCheckTests.cmtc(["test", CmtcCheckTests.packageRoot.appendingPathComponent(template).path, "--filter", "Two"])
        #expect(texts.contains { $0.contains("function testTwo") }, "\(template) has no testTwo…")
        #expect(run.status == 0 && run.stdout.contains("1 passed, 0 failed"), "\(template):\n\(run.stdout)\(run.stderr)")
    }

    @Test("cmtc new --template copies a template whose tests pass in its new folder", arguments: templates)
    func newFromTemplate(template: String) throws {
        let name = String(template.split(separator: "/").last ?? "")
        let directory = try CmtcCheckTests.temporaryDirectory()
        let created = try TutorialTests.cmtc(["new", "my-" + name, "--template", name], in: directory)
        #expect(created.status == 0, "\(created.stdout)\(created.stderr)")
        let project = directory.appendingPathComponent("my-" + name)
        let manifest = try String(contentsOf: project.appendingPathComponent("cmt.toml"), encoding: .utf8)
        #expect(manifest.contains("name = \"my-\(name)\""))
        let run = try TutorialTests.cmtc(["test"], in: project)
        #expect(run.status == 0 && run.stdout.contains(" passed, 0 failed"), "\(template):\n\(run.stdout)\(run.stderr)")
    }

    @Test("one template bundled with two sets of parameters gives two contracts with their own terms")
    func templateInstances() throws {
        let loan = CmtcCheckTests.packageRoot.appendingPathComponent("Stdlib/templates/loan").path
        let directory = try CmtcCheckTests.temporaryDirectory()
        var ids: [String] = []
        for (name, terms, total) in [("bakery", ["principal=1200", "ratePercent=10", "months=12"], "1320"),
                                     ("florist", ["principal=600", "ratePercent=5", "months=6"], "615")] {
            let bundle = directory.appendingPathComponent(name + ".sbc").path
            let borrower = Address.named(name).text
            let parties = ["lender=" + Address.named("bank").text, "borrower=" + borrower]
            let written = try CmtcCheckTests.cmtc(["bundle", loan, "-o", bundle] + (parties + terms).flatMap { ["--param", $0] })
            #expect(written.status == 0, "\(written.stdout)\(written.stderr)")
            ids.append(written.stdout.components(separatedBy: "bundle id ").last ?? "")
            let inspect = try CmtcCheckTests.cmtc(["inspect", bundle])
            #expect(inspect.stdout.contains("borrower: address = " + borrower), "\(inspect.stdout)")
            let run = try CmtcCheckTests.cmtc(["run", bundle, "--entry", "totalDue"])
            #expect(run.status == 0 && run.stderr.contains("result: " + total), "\(run.stdout)\(run.stderr)")
        }
        #expect(ids.count == 2 && ids[0] != ids[1])
    }
}
