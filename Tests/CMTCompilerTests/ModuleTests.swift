import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Testing

/// Programs split into files with `import { … } from "./file"` and `export`: scopes, resolution,
/// the diagnostics of each mistake, and running a program whose files import each other.
@Suite struct ModuleTests {
    /// Checks `files` (path, text) together; the first is the entry.
    static func check(_ files: [(String, String)], resolver: ModuleResolver = ModuleResolver()) -> (Frontend.Result, SourceManager) {
        let sources = SourceManager()
        let added = files.map { sources.add(path: $0.0, text: $0.1) }
        return (Frontend.check(added, sources: sources, resolver: resolver), sources)
    }

    static func codes(_ files: [(String, String)], resolver: ModuleResolver = ModuleResolver()) -> [String] {
        check(files, resolver: resolver).0.diagnostics.map(\.code)
    }

    @Test("an exported function and class are usable where imported, under their name or an alias")
    func importsResolve() {
        let codes = Self.codes([
            ("app/main.cmt", """
                import { fee, Item as Line } from "./lib/pricing";
                const l = new Line(2);
                print(fee(l.qty));
                """),
            ("app/lib/pricing.cmt", """
                export function fee(n: number): number { return n * RATE; }
                const RATE = 3;
                export class Item {
                    qty: number;
                    constructor(qty: number) { this.qty = qty; }
                }
                """),
        ])
        #expect(codes == [])
    }

    @Test("a module's declarations are its own: another module must import them")
    func modulesAreScoped() {
        let codes = Self.codes([
            ("a.cmt", "import { f } from \"./b\";\nprint(f() + helper());"),
            ("b.cmt", "export function f(): number { return helper(); }\nfunction helper(): number { return 1; }"),
        ])
        #expect(codes == ["E0200"])
    }

    @Test("two modules may each declare a private function of the same name")
    func privateNamesDoNotCollide() {
        let codes = Self.codes([
            ("a.cmt", "import { f } from \"./b\";\nfunction helper(): number { return 2; }\nprint(f() + helper());"),
            ("b.cmt", "export function f(): number { return helper(); }\nfunction helper(): number { return 1; }"),
        ])
        #expect(codes == [])
    }

    @Test("files that import nothing share one scope, as before")
    func scriptsShareScope() {
        let codes = Self.codes([
            ("a.cmt", "print(twice(2));"),
            ("b.cmt", "function twice(n: number): number { return n * 2; }"),
        ])
        #expect(codes == [])
    }

    @Test("unknown files, unexported names, unknown names, duplicates and cycles are errors; unused imports warn")
    func diagnostics() {
        #expect(Self.codes([("a.cmt", "import { x } from \"./missing\";\nprint(x);")]) == ["E0320"])
        #expect(Self.codes([
            ("a.cmt", "import { hidden, nothing } from \"./b\";\nprint(hidden() + nothing);"),
            ("b.cmt", "export const SHOWN = 1;\nfunction hidden(): number { return SHOWN; }"),
        ]) == ["E0321", "E0321"])
        #expect(Self.codes([
            ("a.cmt", "import { f, f } from \"./b\";\nprint(f());"),
            ("b.cmt", "export function f(): number { return 1; }"),
        ]) == ["E0322"])
        #expect(Self.codes([
            ("a.cmt", "import { f } from \"./b\";\nfunction f(): number { return 2; }\nprint(f());"),
            ("b.cmt", "export function f(): number { return 1; }"),
        ]) == ["E0322"])
        #expect(Self.codes([
            ("a.cmt", "import { g } from \"./b\";\nexport function f(): number { return g(); }"),
            ("b.cmt", "import { f } from \"./a\";\nexport function g(): number { return f(); }"),
        ]) == ["E0323"])
        #expect(Self.codes([
            ("a.cmt", "import { f } from \"./b\";\nprint(1);"),
            ("b.cmt", "export function f(): number { return 1; }"),
        ]) == ["W0010"])
        #expect(Self.codes([("a.cmt", "import { x } from \"lodash\";\nprint(x);")]) == ["E0326"])
        #expect(Self.codes([("a.cmt", "import { x } from \"std/nothing\";\nprint(x);")]) == ["E0327"])
    }

    @Test("a type-only use of an imported class counts as a use")
    func typeUseCounts() {
        let codes = Self.codes([
            ("a.cmt", "import { Item } from \"./b\";\nfunction f(items: Item[]): number { return items.length; }\nprint(f([]));"),
            ("b.cmt", "export class Item { n: number = 0; }"),
        ])
        #expect(codes == [])
    }

    @Test("library modules resolve under std/ when the Stdlib folder is known")
    func libraryResolution() {
        let resolver = ModuleResolver(libraryRoot: "/opt/Stdlib/lib", dependencies: ["token"])
        #expect(resolver.resolve("std/money", from: "src/a.cmt") == .library(path: "/opt/Stdlib/lib/money/money.cmt", searched: "there is no '/opt/Stdlib/lib/money/money.cmt'"))
        #expect(resolver.resolve("./b", from: "src/a.cmt") == .file("src/b.cmt"))
        #expect(resolver.resolve("../lib/c.cmt", from: "src/deep/a.cmt") == .file("src/lib/c.cmt"))
        #expect(resolver.resolve("token", from: "src/a.cmt") == .dependency("token"))
        #expect(resolver.resolve("other", from: "src/a.cmt") == .unknownPackage)
        let codes = Self.codes([
            ("src/a.cmt", "import { roundTo } from \"std/money\";\nprint(roundTo(1.005));"),
            ("/opt/Stdlib/lib/money/money.cmt", "export function roundTo(x: number): number { return x; }"),
        ], resolver: resolver)
        #expect(codes == [])
    }

    @Test("following imports reads each imported file once, transitively")
    func followImports() {
        let sources = SourceManager()
        let entry = sources.add(path: "a.cmt", text: "import { b } from \"./b\";\nprint(b());")
        let disk = [
            "b.cmt": "import { c } from \"./c\";\nexport function b(): number { return c(); }",
            "c.cmt": "import { b } from \"./b\";\nexport function c(): number { return 1; }",
        ]
        var reads: [String] = []
        let files = Frontend.followImports([entry], sources: sources, resolver: ModuleResolver()) { path in
            reads.append(path)
            return disk[path].map { sources.add(path: path, text: $0) }
        }
        #expect(files.map(\.path) == ["a.cmt", "b.cmt", "c.cmt"])
        #expect(reads == ["b.cmt", "c.cmt"])
    }

    @Test("export before a statement, and the unsupported import and export forms, are syntax errors")
    func syntax() {
        #expect(Self.codes([("a.cmt", "export let x = 1;\nprint(x);")]) == ["E0324"])
        #expect(Self.codes([("a.cmt", "import * as m from \"./b\";")]) == ["E0325"])
        #expect(Self.codes([("a.cmt", "export default 1;")]) == ["E0325"])
        #expect(Self.codes([("a.cmt", "function f(): void {\n    import { x } from \"./b\";\n}\nf();")]) == ["E0328"])
    }

    @Test("a program of modules runs each file's top-level code after the files it imports, once")
    func runsInImportOrder() throws {
        let sources = SourceManager()
        let files = [
            sources.add(path: "main.cmt", text: """
                import { Account, describe } from "./accounts";
                import { RATE as rate } from "./rates";
                print("main starts");
                const a = new Account("ada", 100);
                print(describe(a) + " at " + rate);
                """),
            sources.add(path: "accounts.cmt", text: """
                import { RATE } from "./rates";
                print("accounts loaded");
                export class Account {
                    owner: string;
                    balance: number;
                    constructor(owner: string, balance: number) {
                        this.owner = owner;
                        this.balance = balance;
                    }
                }
                export function describe(a: Account): string { return `${a.owner}: ${a.balance * (1 + RATE)}`; }
                """),
            sources.add(path: "rates.cmt", text: "print(\"rates loaded\");\nexport const RATE = 0.05;"),
        ]
        let output = Compiler.compile(files, sources: sources)
        #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map(\.text))")
        let (outcome, printed) = try runMain(try #require(output.module))
        #expect(outcome.status == .returned(.null))
        #expect(printed == ["rates loaded", "accounts loaded", "main starts", "ada: 105 at 0.05"])
    }
}
