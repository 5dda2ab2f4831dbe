@testable import CMTBuild
@testable import CMTBundle
import CMTBytecode
import CMTSource
import CMTVM
import Foundation
import Testing

/// Bundles: reproducible bytes, verification of every part, and running from a bundle.
@Suite("bundles")
struct BundleTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Copies an example folder into a new temporary folder (under `depth` extra subfolders) and returns its path.
    static func copyExample(_ name: String, nested: String) throws -> String {
        let parent = try TestProject.temporaryDirectory().appendingPathComponent(nested)
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let target = parent.appendingPathComponent(name)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Examples/\(name)"), to: target)
        return target.path
    }

    /// The package's own Stdlib, for examples that `use` library modules from a temporary copy.
    static let stdlib = packageRoot.appendingPathComponent("Stdlib").path

    static func bundle(_ root: String, bound: [String] = [], withSources: Bool = false) throws -> [UInt8] {
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [root], sources: sources, stdlib: stdlib)
        let compiled = try #require(result.compiled, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
        let parameters = try ParameterBinding.bind(bound, module: compiled.module, manifest: compiled.project.manifest)
        return try BundleWriter.write(compiled, bound: parameters, withSources: withSources)
    }

    static let hello: [String: String] = [
        "cmt.toml": """
            [package]
            name = "hello"
            version = "1.2.3"
            contract = "Hello"

            [[webhooks]]
            name = "ping"
            secret = "env:PING_SECRET"

            [parameters]
            greeting = { type = "string", default = "Hello" }
            times = { type = "number", description = "how often" }
            """,
        "src/hello.cmt": """
            contract Hello {
                greeting: string;
                times: number;
                event Pinged(from: string);
                constructor(greeting: string, times: number) {
                    this.greeting = greeting;
                    this.times = times;
                }
                public function greet(name: string): string {
                    return this.greeting + ", " + name + " x" + this.times;
                }
                webhook ping(from: string) {
                    emit Pinged(from);
                }
            }
            """,
    ]

    @Test("the same project bundled from two different folders gives the same bytes", arguments: ["pricing", "purchase", "invoices"])
    func reproducible(_ example: String) throws {
        let first = try Self.bundle(try Self.copyExample(example, nested: "a"))
        let second = try Self.bundle(try Self.copyExample(example, nested: "b/c/d"))
        #expect(first == second)
        #expect(ContentHash.sha256(first) == ContentHash.sha256(second))
        let withSources = try Self.bundle(try Self.copyExample(example, nested: "e"), withSources: true)
        #expect(withSources == (try Self.bundle(try Self.copyExample(example, nested: "f/g"), withSources: true)))
    }

    @Test("a bundle of a project with rules runs them: the white paper's price from the bundle alone")
    func rulesRunFromBundle() throws {
        let bytes = try Self.bundle(try Self.copyExample("pricing", nested: "x"))
        let loaded = try BundleReader.read(bytes)
        #expect(loaded.ruleSets.keys.sorted() == ["pricing.rl"])
        let host = InMemoryHost()
        (host.processService, host.ruleService) = loaded.services()
        let contract = Address.named("contract")
        host.deploy(loaded.program, at: contract)
        let context = CallContext(contract: contract, sender: Address.named("sender"))
        _ = VM.deploy(loaded.program, arguments: [], context: context, host: host, limits: ExecutionLimits(gasLimit: 10_000_000))
        for (fico, price) in [("741", "80"), ("700", "100")] {
            let outcome = VM.call(loaded.program, entryPoint: "quote", arguments: [.number(Decimal18(literal: fico)!), .number(Decimal18(literal: "100")!)],
                                  context: context, host: host, limits: ExecutionLimits(gasLimit: 10_000_000))
            #expect(outcome.returnValue == .number(Decimal18(literal: price)!))
        }
    }

    @Test("a bundle records its manifest, bound parameters, ABI and parts")
    func contents() throws {
        let bytes = try Self.bundle(try TestProject.make(Self.hello), bound: ["times=3"])
        let loaded = try BundleReader.read(bytes)
        #expect(loaded.id == ContentHash.hex(ContentHash.sha256(bytes)))
        #expect(loaded.packageName == "hello" && loaded.version == "1.2.3" && loaded.contract == "Hello")
        #expect(loaded.bound == [.init(name: "greeting", type: "string", value: "Hello"), .init(name: "times", type: "number", value: "3")])
        #expect(loaded.parts.map(\.name) == ["manifest.json", "abi.json", "module.cmtb", "sourcemap.json"])
        #expect(loaded.manifest["webhooks"]?.arrayValue?.first?["secret"]?.stringValue == "env:PING_SECRET")
        let abi = loaded.abi.render()
        #expect(abi.contains("\"name\": \"Pinged\""))
        #expect(abi.contains("\"webhooks\": [\n    {\n      \"name\": \"ping\""))
        let values = try ParameterBinding.values(loaded.bound, module: loaded.module.module)
        #expect(values == [.string("Hello"), .number(Decimal18(literal: "3")!)])
    }

    @Test("the inspect report lists the id, parameters, every part with its size and hash, and the ABI")
    func inspectReport() throws {
        let bytes = try Self.bundle(try TestProject.make(Self.hello), bound: ["times=3"])
        let loaded = try BundleReader.read(bytes)
        let report = BundleReport.text(loaded, path: "hello.sbc")
        let lines = report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(4)) == ["bundle hello.sbc", "id \(ContentHash.hex(ContentHash.sha256(bytes)))", "size \(bytes.count) bytes",
                                           "package hello 1.2.3, contract Hello"])
        #expect(lines[4...6] == ["parameters", "  greeting: string = Hello", "  times: number = 3"])
        #expect(lines[7] == "parts")
        for (offset, part) in try BundleArchive.read(bytes).dropLast().enumerated() {
            let line = lines[8 + offset]
            #expect(line.hasPrefix("  \(part.name) "))
            #expect(line.hasSuffix(" \(part.bytes.count) B  sha256 \(ContentHash.hex(ContentHash.sha256(part.bytes)))"))
        }
        #expect(lines[12...] == [
            "abi", "  contract Hello", "  constructor(greeting: string, times: number)", "  function greet(name: string): string",
            "  event Pinged(from: string)", "  webhook ping(from: string)",
            "verified: bytecode (3 functions, 3 entry points), 0 rule networks, 0 process definitions, every part matches index.json", "",
        ])
    }

    @Test("flipping any byte of a bundle gets it rejected with an error")
    func everyByteIsChecked() throws {
        let bytes = try Self.bundle(try TestProject.make(Self.hello), bound: ["times=3"])
        _ = try BundleReader.read(bytes)
        var accepted: [Int] = []
        for offset in bytes.indices {
            var changed = bytes
            changed[offset] ^= 0x01
            do {
                _ = try BundleReader.read(changed)
                accepted.append(offset)
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
        #expect(accepted.isEmpty, "accepted changes at \(accepted.prefix(10))")
    }

    @Test("rule networks survive encoding: Miss Manners (not, joins, salience) decodes to the same bytes")
    func ruleNetworkRoundTrip() throws {
        let root = try TestProject.make([:])
        try FileManager.default.copyItem(atPath: Self.packageRoot.appendingPathComponent("Benchmarks/rules/drl/manners/manners.drl").path,
                                         toPath: root + "/manners.drl")
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [root], sources: sources)
        let compiled = try #require(result.compiled, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
        let set = try #require(compiled.ruleSets["manners.drl"])
        #expect(set.ruleBase.rules.count >= 8)
        let bytes = RuleSetCodec.encode(set)
        let decoded = try RuleSetCodec.decode(bytes, module: compiled.module, what: "manners")
        #expect(RuleSetCodec.encode(decoded) == bytes)
        #expect(decoded.ruleBase.rules == set.ruleBase.rules)
        // Every truncation is an error, never a crash.
        for length in stride(from: 0, to: bytes.count, by: 3) {
            #expect(throws: BundleError.self) { try RuleSetCodec.decode(Array(bytes.prefix(length)), module: compiled.module, what: "manners") }
        }
    }

    @Test("rule networks with groups, accumulate, collect, from and identity tests decode to the same bytes; truncations are errors")
    func groupRuleNetworkRoundTrip() throws {
        let root = try TestProject.make([
            "shop.cmt": """
                class Order { id: number = 0; amount: number = 0; }
                class Line { orderId: number = 0; }
                class Item { name: string = ""; price: number = 0; }
                class Cart { owner: string = ""; items: Item[] = []; }
                class Report { text: string = ""; }
                contract Shop { public function run(): number { return 0; } }
                """,
            "groups.drl": """
                rule "totals"
                when
                    $r : Report()
                    accumulate( Order($a : amount); $t : sum($a), $n : count(), $lo : min($a); $n > 0 )
                then
                    $r.text = $r.text + $t;
                end
                rule "cheap"
                when
                    $r : Report()
                    $list : List() from collect( Item(price < 10) )
                then
                    $r.text = $r.text + $list.length;
                end
                rule "none"
                when
                    $r : Report()
                    not (Order($id : id) and Line(orderId == $id))
                then
                    $r.text = $r.text + "none";
                end
                rule "every order has a line"
                when
                    $r : Report()
                    forall( $o : Order() Line(orderId == $o.id) )
                then
                    $r.text = $r.text + "all";
                end
                rule "twins"
                when
                    $o : Order()
                    $p : Order(this != $o, amount == $o.amount)
                    $r : Report()
                then
                    $r.text = $r.text + "twins";
                end
                rule "expensive"
                when
                    $c : Cart()
                    $i : Item(price > 10) from $c.items
                    accumulate( Item($p : price) from $c.items; $s : sum($p) )
                then
                    $c.owner = $i.name;
                end
                """,
        ])
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [root], sources: sources)
        let compiled = try #require(result.compiled, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
        let set = try #require(compiled.ruleSets["groups.drl"])
        let bytes = RuleSetCodec.encode(set)
        let decoded = try RuleSetCodec.decode(bytes, module: compiled.module, what: "groups")
        #expect(decoded.ruleBase.rules == set.ruleBase.rules)
        #expect(decoded.predicates == set.predicates && decoded.consequences == set.consequences)
        #expect(RuleSetCodec.encode(decoded) == bytes)
        for length in stride(from: 0, to: bytes.count, by: 5) {
            #expect(throws: BundleError.self) { try RuleSetCodec.decode(Array(bytes.prefix(length)), module: compiled.module, what: "groups") }
        }
    }

    @Test("seeded random damage (replaced, inserted, deleted bytes) is always rejected, never a crash")
    func randomDamage() throws {
        let bundles = [try Self.bundle(try Self.copyExample("pricing", nested: "m")), try Self.bundle(try Self.copyExample("purchase", nested: "n"), withSources: true)]
        var state: UInt64 = 0x5EED_CAFE
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for original in bundles {
            for _ in 0..<300 {
                var bytes = original
                switch next(3) {
                case 0:
                    for _ in 0...next(8) {
                        let index = next(bytes.count)
                        bytes[index] = bytes[index] &+ UInt8(1 + next(255))
                    }
                case 1: bytes.insert(UInt8(next(256)), at: next(bytes.count + 1))
                default: bytes.remove(at: next(bytes.count))
                }
                #expect(throws: BundleError.self) { try BundleReader.read(bytes) }
            }
        }
    }

    @Test("forged bundles with mutated rule, process and module parts (and a matching index) never crash the reader")
    func forgedMutations() throws {
        let pricing = try Self.bundle(try Self.copyExample("pricing", nested: "p"))
        let purchase = try Self.bundle(try Self.copyExample("purchase", nested: "q"))
        let targets = [(pricing, "rules/@/pricing.rl.rete"), (purchase, "processes/@/purchase.bpm.proc"), (pricing, "module.cmtb")]
        var state: UInt64 = 0xB0B
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var rejected = 0
        for (bundle, name) in targets {
            let part = try #require(try BundleArchive.read(bundle).first { $0.name == name }).bytes
            for _ in 0..<200 {
                var bytes = part
                for _ in 0...next(4) {
                    let index = next(bytes.count)
                    bytes[index] = UInt8(next(256))
                }
                if next(4) == 0 { bytes = Array(bytes.prefix(next(bytes.count))) }
                do {
                    _ = try BundleReader.read(try Self.forge(bundle, part: name, with: bytes))
                } catch {
                    rejected += 1
                }
            }
        }
        #expect(rejected > 300)  // most mutations break something; the rest are different but well-formed parts
    }

    @Test("rule and process parts are named after the project path, without repeating the folder")
    func partNamesFollowProjectPaths() throws {
        let bytes = try Self.bundle(try Self.copyExample("supply-chain", nested: "n"))
        let loaded = try BundleReader.read(bytes)
        #expect(loaded.parts.map(\.name).filter { $0.hasPrefix("rules/") || $0.hasPrefix("processes/") }
                == ["rules/financing.drl.rete", "processes/invoice.bpm.proc"])
        #expect(loaded.ruleSets.keys.sorted() == ["rules/financing.drl"])
        #expect(loaded.processes.keys.sorted() == ["processes/invoice.bpm"])
    }

    @Test("a rule file at the project root and one of the same name in rules/ get distinct parts that read back to their paths")
    func rootAndFolderRuleFilesDoNotCollide() throws {
        let root = try Self.copyExample("supply-chain", nested: "m")
        let manifest = URL(fileURLWithPath: root).appendingPathComponent("cmt.toml")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try (text + "\n[sources]\nrules = [\"rules/**/*.drl\", \"*.drl\"]\n").write(to: manifest, atomically: true, encoding: .utf8)
        // The same rules under other names (rule names are unique in a program), at the project root.
        let rules = try String(contentsOfFile: root + "/rules/financing.drl", encoding: .utf8)
        try rules.replacingOccurrences(of: "rule \"", with: "rule \"root ").write(toFile: root + "/financing.drl", atomically: true, encoding: .utf8)
        let loaded = try BundleReader.read(try Self.bundle(root))
        #expect(loaded.parts.map(\.name).filter { $0.hasPrefix("rules/") } == ["rules/@/financing.drl.rete", "rules/financing.drl.rete"])
        #expect(loaded.ruleSets.keys.sorted() == ["financing.drl", "rules/financing.drl"])
    }

    @Test("part names are unique and give back the project path, including paths that look like the marker")
    func partNamesRoundTrip() {
        let paths = ["rules/discount.drl", "discount.drl", "rules/@/discount.drl", "@/discount.drl", "rules/a/b.rl", "other/rules/x.drl",
                     "rules/rules/x.drl", "lib/money/x.drl"]
        let names = paths.map { BundlePartNames.part(for: $0, kind: .rules) }
        #expect(names[0] == "rules/discount.drl.rete")
        #expect(names[1] == "rules/@/discount.drl.rete")
        #expect(BundlePartNames.part(for: "processes/order.bpm", kind: .processes) == "processes/order.bpm.proc")
        #expect(Set(names).count == paths.count)
        for (path, name) in zip(paths, names) {
            #expect(BundlePartNames.path(of: name, kind: .rules) == path, "\(name)")
        }
        // A second spelling of the same path, or an empty one, is not a part name.
        #expect(BundlePartNames.path(of: "rules/@/rules/discount.drl.rete", kind: .rules) == nil)
        #expect(BundlePartNames.path(of: "rules/@/.rete", kind: .rules) == nil)
        #expect(BundlePartNames.path(of: "rules/discount.drl.proc", kind: .rules) == nil)
    }

    @Test("a rule part under a second spelling of its path is rejected")
    func nonCanonicalPartNameRejected() throws {
        let bytes = try Self.bundle(try Self.copyExample("supply-chain", nested: "k"))
        let parts = try BundleArchive.read(bytes).dropLast().map { $0.name == "rules/financing.drl.rete" ? ("rules/@/rules/financing.drl.rete", $0.bytes) : $0 }
        var forged = parts
        forged.append(("index.json", Array(BundleWriter.index(parts).render().utf8)))
        do {
            _ = try BundleReader.read(try BundleArchive.write(forged))
            Issue.record("a non-canonical part name was accepted")
        } catch {
            #expect(error.description.contains("'rules/@/rules/financing.drl.rete' is not the canonical part name of a rule file"), "\(error.description)")
        }
    }

    @Test("truncated, empty and non-ZIP files are not bundles")
    func notBundles() throws {
        let bytes = try Self.bundle(try TestProject.make(Self.hello), bound: ["times=3"])
        #expect(throws: BundleError.self) { try BundleReader.read(Array(bytes.prefix(bytes.count / 2))) }
        #expect(throws: BundleError.self) { try BundleReader.read([]) }
        #expect(throws: BundleError.self) { try BundleReader.read(Array("not a zip".utf8)) }
    }

    /// Replaces one part and writes a consistent index, as someone forging a bundle would.
    static func forge(_ bytes: [UInt8], part name: String, with replacement: [UInt8]) throws -> [UInt8] {
        var parts = try BundleArchive.read(bytes).dropLast().map { $0.name == name ? ($0.name, replacement) : $0 }
        parts.append(("index.json", Array(BundleWriter.index(parts).render().utf8)))
        return try BundleArchive.write(parts)
    }

    @Test("a forged part with a matching index is still rejected by the verifier or its decoder")
    func forgedParts() throws {
        let hello = try Self.bundle(try TestProject.make(Self.hello), bound: ["times=3"])
        let pricing = try Self.bundle(try Self.copyExample("pricing", nested: "y"))
        let purchase = try Self.bundle(try Self.copyExample("purchase", nested: "z"))
        let cases: [([UInt8], String, [UInt8], String)] = [
            (hello, "module.cmtb", Array(hello.prefix(40)), "module.cmtb does not verify"),
            (hello, "manifest.json", Array("{}".utf8), "manifest.json is not a \(BundleWriter.format) manifest"),
            (hello, "manifest.json", Array(String(decoding: try BundleArchive.read(hello)[0].bytes, as: UTF8.self)
                .replacingOccurrences(of: "\"value\": \"3\"", with: "\"value\": \"three\"").utf8),
             "the bound parameters do not fit the constructor: parameter times: 'three' is not a number"),
            (pricing, "rules/@/pricing.rl.rete", [0x43, 0x4D, 0x54, 0x52, 1, 0, 9, 9, 9],
             "rule network 'rules/@/pricing.rl.rete' has format version 1, which is not supported"),
            (purchase, "processes/@/purchase.bpm.proc", Array("CMTP".utf8) + [3, 0, 3, 0, 0, 0] + Array("<x>".utf8),
             "process definition 'processes/@/purchase.bpm.proc' is malformed"),
        ]
        for (bundle, part, replacement, message) in cases {
            let forged = try Self.forge(bundle, part: part, with: replacement)
            do {
                _ = try BundleReader.read(forged)
                Issue.record("a forged \(part) was accepted")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
        // Unchanged parts re-assembled the same way give back the very same bytes.
        #expect(try Self.forge(pricing, part: "none", with: []) == pricing)
    }

    @Test("--param values are type-checked against the constructor and bound by name")
    func parameterBinding() throws {
        let sources = SourceManager()
        let compiled = try #require(ProgramCompiler.compile(paths: [try TestProject.make(Self.hello)], sources: sources).compiled)
        let module = compiled.module
        let manifest = compiled.project.manifest
        #expect(throws: ParameterBinding.Failure.self) { try ParameterBinding.bind([], module: module, manifest: manifest) }  // times has no default
        #expect(throws: ParameterBinding.Failure.self) { try ParameterBinding.bind(["times=many"], module: module, manifest: manifest) }
        #expect(throws: ParameterBinding.Failure.self) { try ParameterBinding.bind(["times=1", "colour=red"], module: module, manifest: manifest) }
        #expect(throws: ParameterBinding.Failure.self) { try ParameterBinding.bind(["times"], module: module, manifest: manifest) }
        let bound = try ParameterBinding.bind(["times=2", "greeting=Hi"], module: module, manifest: manifest)
        #expect(bound.map(\.value) == ["Hi", "2"])
    }
}
