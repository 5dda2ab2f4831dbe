import CMTBuild
import CMTSource
import Foundation
import Testing

/// `[dependencies]` in cmt.toml: each path must name another project or a valid bundle, and
/// projects must not depend on each other in a cycle. Each test lays out sibling project folders
/// under one temporary folder and loads `app`.
@Suite("cmt.toml dependencies")
struct DependencyManifestTests {
    static let token = """
        contract Token {
            supply: number = 0;
            public function mint(amount: number): number {
                supply += amount;
                return supply;
            }
        }
        """
    static let shop = "contract Shop {\n    public function ping(): number { return 1; }\n}\n"

    static func manifest(_ name: String, contract: String, dependencies: String = "") -> String {
        "[package]\nname = \"\(name)\"\nversion = \"0.1.0\"\ncontract = \"\(contract)\"\n" + (dependencies.isEmpty ? "" : "\n[dependencies]\n" + dependencies)
    }

    /// `app` (a Shop) with `dependencies`, beside `token` (a Token project) and `extra` files.
    static func workspace(_ dependencies: String, extra: [String: String] = [:]) throws -> String {
        var files = [
            "app/cmt.toml": manifest("app", contract: "Shop", dependencies: dependencies), "app/src/shop.cmt": shop,
            "token/cmt.toml": manifest("token", contract: "Token"), "token/src/token.cmt": token,
        ]
        files.merge(extra) { $1 }
        return try TestProject.make(files)
    }

    /// The loaded project, and the rendered diagnostics with the workspace path removed.
    static func load(_ workspace: String) -> (Project?, String) {
        let sources = SourceManager()
        let result = ProjectLoader.load([workspace + "/app"], sources: sources)
        let text = DiagnosticRenderer(sources: sources).render(result.diagnostics).replacingOccurrences(of: workspace + "/", with: "")
        return (result.project, text)
    }

    @Test("a dependency on another project, written as a path or as { path = … }, is found")
    func projectDependency() throws {
        for entry in ["token = \"../token\"\n", "token = { path = \"../token\" }\n"] {
            let root = try Self.workspace(entry)
            let (project, text) = Self.load(root)
            #expect(text.isEmpty, "\(text)")
            let dependency = try #require(project?.dependencies.first)
            #expect(dependency.name == "token")
            #expect(dependency.kind == .project)
            #expect(dependency.path == root + "/app/../token")
        }
    }

    @Test("a dependency on a bundle is read and verified")
    func bundleDependency() throws {
        let root = try Self.workspace("token = \"../token.sbc\"\n")
        let tokenBundle = try BundleTests.bundle(root + "/token")
        try Data(tokenBundle).write(to: URL(fileURLWithPath: root + "/token.sbc"))
        let (project, text) = Self.load(root)
        #expect(text.isEmpty, "\(text)")
        #expect(project?.dependencies.map(\.kind) == [.bundle])
    }

    @Test("a dependency path that names nothing is E0831 under the path")
    func missingPath() throws {
        let (project, text) = Self.load(try Self.workspace("token = \"../tokn\"\n"))
        #expect(project == nil)
        #expect(text.contains("error[E0831]: dependency 'token': nothing at '../tokn'"), "\(text)")
        #expect(text.contains("app/cmt.toml:7:9"), "\(text)")
        #expect(text.contains("7 | token = \"../tokn\"\n  |         ^^^^^^^^^\n"), "\(text)")
    }

    @Test("a folder without cmt.toml or a file that is not .sbc is E0832; a damaged .sbc is E0836")
    func notProjectOrBundle() throws {
        let root = try Self.workspace("plain = \"../plain\"\nnotes = \"../notes.txt\"\nbroken = \"../broken.sbc\"\n",
                                      extra: ["plain/src/a.cmt": Self.shop, "notes.txt": "hello", "broken.sbc": "not a zip"])
        let (project, text) = Self.load(root)
        #expect(project == nil)
        #expect(text.contains("error[E0832]: dependency 'plain': '../plain' is neither a project (a folder with a cmt.toml) nor a bundle (a .sbc file)"),
                "\(text)")
        #expect(text.contains("error[E0832]: dependency 'notes': '../notes.txt' is neither"), "\(text)")
        #expect(text.contains("error[E0836]: dependency 'broken': '../broken.sbc' is not a valid bundle"), "\(text)")
    }

    @Test("projects that depend on each other in a cycle are E0833, naming the chain")
    func cycle() throws {
        let root = try Self.workspace("token = \"../token\"\n", extra: [
            "token/cmt.toml": Self.manifest("token", contract: "Token", dependencies: "bank = \"../bank\"\n"),
            "bank/cmt.toml": Self.manifest("bank", contract: "Token", dependencies: "app = \"../app\"\n"), "bank/src/token.cmt": Self.token,
        ])
        let (project, text) = Self.load(root)
        #expect(project == nil)
        #expect(text.contains("error[E0833]: projects depend on each other in a cycle: this project -> token -> bank -> app"), "\(text)")
    }

    @Test("a project naming itself as a dependency is a cycle")
    func selfDependency() throws {
        let (_, text) = Self.load(try Self.workspace("me = \".\"\n"))
        #expect(text.contains("error[E0833]: projects depend on each other in a cycle: this project -> me"), "\(text)")
    }

    @Test("a dependency whose own cmt.toml has errors is E0834; a bad name is E0830; a number is E0803")
    func brokenEntries() throws {
        let root = try Self.workspace("token = \"../token\"\n\"bad name\" = \"../token\"\ncount = 3\nother = { path = \"../token\", tag = \"x\" }\n", extra: [
            "token/cmt.toml": "[package]\nname = \"token\"\n",
        ])
        let (project, text) = Self.load(root)
        #expect(project == nil)
        #expect(text.contains("error[E0834]: dependency 'token' has a cmt.toml with errors: E0802 [package] needs 'version'"), "\(text)")
        #expect(text.contains("error[E0830]: dependency name 'bad name'"), "\(text)")
        #expect(text.contains("error[E0803]: 'count' must be a path string or a table"), "\(text)")
        #expect(text.contains("error[E0804]: unknown key 'tag' in dependency 'other'"), "\(text)")
    }
}
