import CMTBytecode
import CMTProcessEngine
import CMTRuleEngine
import CMTRules
import CMTVM
import CMTWorkflow

/// A bundle read and verified: everything needed to deploy and run it, no compiler involved.
public struct LoadedBundle {
    /// One part as `index.json` lists it.
    public struct Part: Sendable, Equatable {
        public let name: String
        public let size: Int
        public let sha256: String
    }

    /// The bundle id: the SHA-256 of the whole file, in hex.
    public let id: String
    public let size: Int
    public let parts: [Part]
    public let manifest: JSON
    public let abi: JSON
    public let module: VerifiedModule
    public let program: Program
    public let ruleSets: [String: CompiledRuleSet]
    public let processes: [String: CompiledProcess]
    public let aliases: [String: String]
    /// The bound template parameters (constructor arguments) in constructor order.
    public let bound: [BundleWriter.BoundParameter]
    /// The sources, when the bundle was written `--with-sources`.
    public let sources: [(name: String, bytes: [UInt8])]

    public var packageName: String { manifest["package"]?["name"]?.stringValue ?? "" }
    public var version: String { manifest["package"]?["version"]?.stringValue ?? "" }
    public var contract: String? { manifest["package"]?["contract"]?.stringValue }
    /// Hook name → `webhook` handler, as the manifest's `[[webhooks]]` listed them.
    public var webhookHandlers: [String: String] {
        var result: [String: String] = [:]
        for hook in manifest["webhooks"]?.arrayValue ?? [] {
            if let name = hook["name"]?.stringValue, let handler = hook["handler"]?.stringValue, result[name] == nil { result[name] = handler }
        }
        return result
    }

    /// The host services for running the bundle's program.
    public func services() -> (WorkflowProcessService, RulesEngineService) {
        ProgramServices.make(program: program, processes: processes, ruleSets: ruleSets, aliases: aliases)
    }
}

/// Reads a `.sbc` bundle and verifies every part before anything runs: the archive must be exactly
/// what ``BundleWriter`` writes for those parts (so no byte of the container can change), every
/// part must match the size and SHA-256 that `index.json` lists, the bytecode must pass the
/// verifier, and the rule networks and process definitions must decode against it. Any failure is
/// a ``BundleError`` saying what is wrong.
public enum BundleReader {
    static let fixedParts = ["manifest.json", "abi.json", "module.cmtb", "sourcemap.json"]
    /// The largest bundle the reader accepts, in bytes.
    public static var maxBytes: Int { BundleArchive.maxBytes }

    public static func read(_ bytes: [UInt8]) throws(BundleError) -> LoadedBundle {
        let entries = try BundleArchive.read(bytes)
        guard let last = entries.last, last.name == "index.json" else { throw BundleError("not a bundle: its last part is not index.json") }
        guard let index = JSON.parse(last.bytes), index.render() == String(decoding: last.bytes, as: UTF8.self) else {
            throw BundleError("the bundle is damaged: index.json is not in its canonical form")
        }
        guard index["format"]?.stringValue == BundleWriter.format else {
            throw BundleError("unsupported bundle format \(index["format"]?.text ?? "(none)"); this cmtc reads \(BundleWriter.format)",
                              code: .unsupportedVersion)
        }
        let listed = index["parts"]?.arrayValue ?? []
        let body = Array(entries.dropLast())
        guard listed.count == body.count else {
            throw BundleError("the bundle is damaged: index.json lists \(listed.count) parts but the archive holds \(body.count)")
        }
        var parts: [LoadedBundle.Part] = []
        for (entry, item) in zip(body, listed) {
            guard let name = item["name"]?.stringValue, let size = item["size"]?.intValue, let hash = item["sha256"]?.stringValue else {
                throw BundleError("the bundle is damaged: an index.json entry lacks name, size or sha256")
            }
            guard name == entry.name else { throw BundleError("the bundle is damaged: part '\(entry.name)' is listed as '\(name)'") }
            guard Int(size) == entry.bytes.count else {
                throw BundleError("part '\(name)' has \(entry.bytes.count) bytes but index.json says \(size): the bundle was changed")
            }
            let actual = ContentHash.hex(ContentHash.sha256(entry.bytes))
            guard actual == hash else { throw BundleError("part '\(name)' does not match its SHA-256 in index.json: the bundle was changed") }
            parts.append(LoadedBundle.Part(name: name, size: entry.bytes.count, sha256: hash))
        }
        let rewritten = try BundleArchive.write(entries)
        if rewritten != bytes {
            let offset = (0..<min(rewritten.count, bytes.count)).first { rewritten[$0] != bytes[$0] } ?? min(rewritten.count, bytes.count)
            throw BundleError("the bundle's archive was changed after it was written (byte \(offset) differs from its canonical form)")
        }
        guard Array(body.prefix(fixedParts.count).map(\.name)) == fixedParts else {
            throw BundleError("not a bundle: the first parts must be \(fixedParts.joined(separator: ", "))")
        }
        func part(_ name: String) -> [UInt8] { body.first { $0.name == name }?.bytes ?? [] }
        guard let manifest = JSON.parse(part("manifest.json")) else { throw BundleError("manifest.json is not JSON") }
        guard manifest["format"]?.stringValue == BundleWriter.format else {
            throw BundleError("manifest.json is not a \(BundleWriter.format) manifest", code: .unsupportedVersion)
        }
        guard let abi = JSON.parse(part("abi.json")) else { throw BundleError("abi.json is not JSON") }
        guard abi["format"]?.stringValue == ABI.format else {
            throw BundleError("abi.json has format \(abi["format"]?.text ?? "(none)"); this cmtc reads \(ABI.format)", code: .unsupportedVersion)
        }
        guard let sourceMap = JSON.parse(part("sourcemap.json")) else { throw BundleError("sourcemap.json is not JSON") }
        guard sourceMap["format"]?.stringValue == BundleWriter.sourceMapFormat else {
            throw BundleError("sourcemap.json has format \(sourceMap["format"]?.text ?? "(none)"); this cmtc reads \(BundleWriter.sourceMapFormat)",
                              code: .unsupportedVersion)
        }
        let verified: VerifiedModule
        do {
            verified = try Verifier.verify(bytes: part("module.cmtb"))
        } catch {
            throw BundleError("module.cmtb does not verify: \(error)", code: error.code == .unsupportedVersion ? .unsupportedVersion : .invalid)
        }
        var ruleSets: [String: CompiledRuleSet] = [:]
        var processes: [String: CompiledProcess] = [:]
        var sources: [(name: String, bytes: [UInt8])] = []
        for entry in body.dropFirst(fixedParts.count) {
            if BundlePartNames.isPart(entry.name, of: .rules) {
                guard let name = BundlePartNames.path(of: entry.name, kind: .rules) else {
                    throw BundleError("not a bundle: '\(entry.name)' is not the canonical part name of a rule file")
                }
                ruleSets[name] = try RuleSetCodec.decode(entry.bytes, module: verified.module, what: "rule network '\(entry.name)'")
            } else if BundlePartNames.isPart(entry.name, of: .processes) {
                guard let name = BundlePartNames.path(of: entry.name, kind: .processes) else {
                    throw BundleError("not a bundle: '\(entry.name)' is not the canonical part name of a process file")
                }
                processes[name] = try ProcessCodec.decode(entry.bytes, name: name, what: "process definition '\(entry.name)'")
            } else if entry.name.hasPrefix("sources/") {
                sources.append((String(entry.name.dropFirst(8)), entry.bytes))
            } else {
                throw BundleError("not a bundle: unexpected part '\(entry.name)'")
            }
        }
        var aliases: [String: String] = [:]
        for (alias, target) in manifest["aliases"]?.objectValue ?? [] {
            guard let name = target.stringValue, ruleSets[name] != nil || processes[name] != nil else {
                throw BundleError("manifest.json: alias '\(alias)' names no rule network or process definition")
            }
            aliases[alias] = name
        }
        var bound: [BundleWriter.BoundParameter] = []
        for item in manifest["bound"]?.arrayValue ?? [] {
            guard let name = item["name"]?.stringValue, let type = item["type"]?.stringValue, let value = item["value"]?.stringValue else {
                throw BundleError("manifest.json: a bound parameter lacks name, type or value")
            }
            bound.append(BundleWriter.BoundParameter(name: name, type: type, value: value))
        }
        if !bound.isEmpty {
            do {
                _ = try ParameterBinding.values(bound, module: verified.module)
            } catch {
                throw BundleError("manifest.json: the bound parameters do not fit the constructor: \(error)")
            }
        }
        return LoadedBundle(
            id: ContentHash.hex(ContentHash.sha256(bytes)), size: bytes.count, parts: parts, manifest: manifest, abi: abi, module: verified,
            program: Program(verified), ruleSets: ruleSets, processes: ProcessDeployment.link(processes), aliases: aliases, bound: bound,
            sources: sources)
    }
}
