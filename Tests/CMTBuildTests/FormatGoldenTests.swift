@testable import CMTBuild
import CMTBytecode
@testable import CMTProcessEngine
@testable import CMTRuleEngine
import CMTSource
import CMTVM
import CMTWorkflow
import Foundation
import Testing

/// Golden byte vectors of every stored or hashed format (docs/vm.md "Versioned formats"): values
/// and objects, table records and keys, stored rule sessions, process instances (the storage a
/// fixture contract leaves behind, key and value in hex) and every bundle part (size and SHA-256),
/// so that a change of bytes is always deliberate; and each decoder refusing a version it does not
/// know with its typed error.
///
/// To accept new bytes after an intended format change, bump the format's version, run with
/// `CMT_UPDATE_GOLDENS=1`, and say why in the commit.
@Suite("Format goldens")
struct FormatGoldenTests {
    static let directory = TestProject.goldens.appendingPathComponent("formats")

    static func compare(_ actual: String, _ name: String) throws {
        let file = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CMT_UPDATE_GOLDENS"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        #expect(actual == (try String(contentsOf: file, encoding: .utf8)), "\(name) differs: the bytes of a format changed")
    }

    /// A value of every kind.
    static let sample: ContractValue = .array([
        .null, .boolean(false), .boolean(true), .int(7), .number(Decimal18(literal: "-1.5")!), .string("é"), .bytes([0, 255]),
        .address(Address.named("a")),
        .map([.init(key: .string("k"), value: .int(1))]), .object(classIndex: 2, fields: [.null, .string("x")]), .function(3),
    ])

    /// A contract that leaves a state field, a table record with an index, a stored rule session
    /// and a process instance in its storage.
    static let fixture: [String: String] = [
        "cmt.toml": """
            [package]
            name = "formats"
            version = "1.0.0"
            contract = "Formats"
            """,
        "src/formats.cmt": """
            class Item { id: string = ""; owner: address? = null; price: number = 0; }

            contract Formats {
                note: Map<string, number> = new Map<string, number>();
                items: Table<Item> = db.table(["owner"]);
                engine: RuleSession? = null;
                pid: number? = null;

                constructor() {
                    engine = load_rules("rules/discount.drl");
                }

                public function fill(): void {
                    note.set("n", 1.25);
                    const item = new Item();
                    item.id = "i1";
                    item.owner = msg.sender;
                    item.price = 100;
                    items.put("i1", item);
                    engine!.insert(item);
                    const process = start_process("processes/flow.bpm");
                    pid = process.id;
                    process.next();
                }
            }
            """,
        "rules/discount.drl": """
            rule "discount"
            when
                $i : Item(price >= 100)
            then
                $i.price = $i.price - 10;
                update($i);
            end
            """,
        "processes/flow.bpm": """
            <process-definition name="flow">
              <start-state name="start"><transition to="wait"/></start-state>
              <state name="wait"><transition to="end"/></state>
              <end-state name="end"/>
            </process-definition>
            """,
    ]

    static func compiled() throws -> CompiledProgram {
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [try TestProject.make(fixture)], sources: sources)
        return try #require(result.compiled, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
    }

    @Test("the value encoding of every kind of value matches its golden bytes")
    func valueBytes() throws {
        try Self.compare(ContentHash.hex(ValueCodec.encode(Self.sample)) + "\n", "value.hex")
        #expect(ValueCodec.decode(ValueCodec.encode(Self.sample)) == Self.sample)
    }

    @Test("state, table records and keys, a stored rule session and a process instance match their golden bytes")
    func storageBytes() throws {
        let compiled = try Self.compiled()
        let program = Program(try Verifier.verify(compiled.module))
        let host = InMemoryHost()
        (host.processService, host.ruleService) = compiled.services(for: program)
        let contract = Address.named("formats")
        host.deploy(program, at: contract)
        let context = CallContext(contract: contract, sender: Address.named("owner"))
        let deployed = VM.deploy(program, arguments: [], context: context, host: host, limits: ExecutionLimits(gasLimit: 50_000_000))
        #expect(deployed.status == .returned(.null), "constructor: \(deployed.status)")
        let outcome = VM.call(program, entryPoint: "fill", arguments: [], context: context, host: host, limits: ExecutionLimits(gasLimit: 50_000_000))
        #expect(outcome.status == .returned(.null), "fill: \(outcome.status)")
        let lines = host.storageEntries(of: contract).map { ContentHash.hex($0.key) + " " + ContentHash.hex($0.value) }
        // One state field, the table's record, index entry and count, the session's counter, header
        // and fact, and the process counter and instance, at least.
        #expect(lines.count >= 10)
        try Self.compare(lines.joined(separator: "\n") + "\n", "storage.txt")
    }

    @Test("every bundle part matches its golden size and SHA-256")
    func bundleParts() throws {
        let compiled = try Self.compiled()
        let bytes = try BundleWriter.write(compiled, bound: [], withSources: false)
        let parts = try BundleArchive.read(bytes).map { "\($0.name) \($0.bytes.count) \(ContentHash.hex(ContentHash.sha256($0.bytes)))" }
        try Self.compare(parts.joined(separator: "\n") + "\n", "bundle-parts.txt")
        _ = try BundleReader.read(bytes)
    }

    @Test("a value, a module and a process instance of an unknown version are refused with unsupportedVersion")
    func unknownVersions() throws {
        var value = ValueCodec.encode(.int(1))
        value[0] = 2
        #expect(throws: FormatError.self) { try ValueCodec.decodeChecked(value) }
        do { _ = try ValueCodec.decodeChecked(value) } catch { #expect(error.code == .unsupportedVersion) }
        #expect(ValueCodec.decode(value) == nil)

        var module = Module().serialized()
        module[4] = 9
        do {
            _ = try Module(decoding: module)
            Issue.record("a module of version 9 was read")
        } catch { #expect(error.code == .unsupportedVersion) }

        let compiled = try Self.compiled()
        let process = try #require(compiled.processes.values.first)
        var instance = try ProcessRuntime(process: process).start(id: 1).0.serialized(process: process)
        instance[4] = 9
        do {
            _ = try ProcessInstance(serialized: instance, process: process)
            Issue.record("a process instance of version 9 was read")
        } catch { #expect(error.code == .unsupportedVersion) }
    }

    @Test("bundle parts of an unknown format version are refused with unsupportedVersion")
    func unknownPartVersions() throws {
        let compiled = try Self.compiled()
        let bytes = try BundleWriter.write(compiled, bound: [], withSources: false)
        let parts = try BundleArchive.read(bytes)
        func bumped(_ name: String) throws -> [UInt8] {
            let part = try #require(parts.first { $0.name == name })
            if name.hasSuffix(".json") {
                let text = String(decoding: part.bytes, as: UTF8.self)
                return Array(text.replacingOccurrences(of: "/1\"", with: "/9\"").replacingOccurrences(of: "/3\"", with: "/9\"").utf8)
            }
            var changed = part.bytes
            changed[4] = 9
            return changed
        }
        let names = parts.map(\.name).filter { $0 != "index.json" }
        #expect(names.contains { $0.hasSuffix(".rete") } && names.contains { $0.hasSuffix(".proc") })
        for name in names {
            let forged = try BundleTests.forge(bytes, part: name, with: try bumped(name))
            do {
                _ = try BundleReader.read(forged)
                Issue.record("\(name) of another format version was read")
            } catch { #expect(error.code == .unsupportedVersion, "\(name): \(error)") }
        }
    }
}
