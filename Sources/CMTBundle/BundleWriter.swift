import CMTBytecode
import CMTSource
import Foundation

/// Writes a compiled project as one `.sbc` bundle (see docs/projects.md, "Bundle format"): the
/// manifest with the bound template parameters, the verified bytecode, the compiled rule networks
/// and process definitions, the ABI, the source map and optionally the sources, each part listed
/// with its size and SHA-256 in `index.json`. Nothing in it depends on where the project lives or
/// when it is bundled: the same project gives the same bytes, and the bundle id is their SHA-256.
public enum BundleWriter {
    /// The format name recorded in `manifest.json` and `index.json`.
    public static let format = "cmt-bundle/4"
    /// The format version of `sourcemap.json`, its first member.
    public static let sourceMapFormat = "cmt-sourcemap/1"

    /// A template parameter bound for deployment: its constructor parameter and the value as text.
    public struct BoundParameter: Sendable, Equatable {
        public let name: String
        public let type: String
        public let value: String
        public init(name: String, type: String, value: String) {
            self.name = name
            self.type = type
            self.value = value
        }
    }

    public static func write(_ program: BundleInput, bound: [BoundParameter], withSources: Bool) throws(BundleError) -> [UInt8] {
        let names = SourceNames(program)
        var module = program.module
        if var debug = module.debugInfo {
            debug.files = debug.files.map { names.name(for: $0) }
            module.debugInfo = debug
        }
        var parts: [(name: String, bytes: [UInt8])] = []
        parts.append(("manifest.json", Array(manifestJSON(program, bound: bound).render().utf8)))
        parts.append(("abi.json", Array(ABI.json(module: module, contract: program.contract, listedClasses: program.listedClasses).render().utf8)))
        parts.append(("module.cmtb", module.serialized()))
        parts.append(("sourcemap.json", Array(sourceMap(program, module: module, names: names).render().utf8)))
        for name in program.ruleSets.keys.sorted() {
            if let set = program.ruleSets[name] { parts.append((BundlePartNames.part(for: name, kind: .rules), RuleSetCodec.encode(set))) }
        }
        for name in program.processes.keys.sorted() {
            if let process = program.processes[name] { parts.append((BundlePartNames.part(for: name, kind: .processes), ProcessCodec.encode(process))) }
        }
        if withSources {
            var seen: Set<String> = []
            for (name, file) in program.files.sorted(by: { $0.name < $1.name }) where seen.insert(name).inserted {
                parts.append(("sources/\(name)", file.bytes))
            }
            if let manifest = program.manifestFile { parts.append(("sources/cmt.toml", manifest)) }
        }
        parts.append(("index.json", Array(index(parts).render().utf8)))
        return try BundleArchive.write(parts)
    }

    /// `index.json`: every other part in archive order with its size and SHA-256.
    static func index(_ parts: [(name: String, bytes: [UInt8])]) -> JSON {
        .object([
            ("format", .string(format)),
            ("parts", .array(parts.map { part in
                .object([("name", .string(part.name)), ("size", .int(Int64(part.bytes.count))), ("sha256", .string(ContentHash.hex(ContentHash.sha256(part.bytes))))])
            })),
        ])
    }

    static func manifestJSON(_ program: BundleInput, bound: [BoundParameter]) -> JSON {
        var package: [(String, JSON)] = [("name", .string(program.packageName)), ("version", .string(program.version))]
        package.append(("contract", program.contract.map { .string($0.name) } ?? .null))
        let webhooks = program.webhooks.map { hook in
            JSON.object([("name", .string(hook.name)), ("handler", .string(hook.handler)), ("secret", hook.secret.map { .string($0) } ?? .null)])
        }
        let parameters = program.parameters.map { parameter in
            JSON.object([
                ("name", .string(parameter.name)), ("type", .string(parameter.type)),
                ("description", parameter.description.map { .string($0) } ?? .null), ("default", parameter.defaultValue.map { .string($0) } ?? .null),
            ])
        }
        let boundJSON = bound.map { JSON.object([("name", .string($0.name)), ("type", .string($0.type)), ("value", .string($0.value))]) }
        let aliases = program.aliases.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) }
        return .object([
            ("format", .string(format)), ("package", .object(package)), ("uses", .array(program.uses.map { .string($0) })),
            ("webhooks", .array(webhooks)), ("parameters", .array(parameters)), ("bound", .array(boundJSON)), ("aliases", .object(aliases)),
        ])
    }

    /// `sourcemap.json`: the source files (name, size, SHA-256) and, for every instruction the
    /// debug info covers, its function, instruction, file and line:column range.
    static func sourceMap(_ program: BundleInput, module: Module, names: SourceNames) -> JSON {
        let debug = module.debugInfo ?? DebugInfo()
        let originals = program.module.debugInfo?.files ?? []
        let files = originals.map { path in program.sourceFiles.first { $0.path == path } }
        let fileJSON = debug.files.enumerated().map { index, name -> JSON in
            let file = index < files.count ? files[index] : nil
            return .object([
                ("name", .string(name)), ("size", .int(Int64(file?.bytes.count ?? 0))),
                ("sha256", file.map { .string(ContentHash.hex(ContentHash.sha256($0.bytes))) } ?? .null),
            ])
        }
        let locations = debug.locations.map { location -> JSON in
            let index = Int(location.file)
            guard index < files.count, let file = files[index] else {
                return .array([.int(Int64(location.function)), .int(Int64(location.instruction)), .int(Int64(location.file))])
            }
            let start = file.location(of: Int(location.start))
            let end = file.location(of: Int(location.end))
            return .array([
                .int(Int64(location.function)), .int(Int64(location.instruction)), .int(Int64(location.file)), .int(Int64(start.line)),
                .int(Int64(start.column)), .int(Int64(end.line)), .int(Int64(end.column)),
            ])
        }
        return .object([("format", .string(sourceMapFormat)), ("files", .array(fileJSON)), ("locations", .array(locations))])
    }

    /// Maps the paths the compiler saw to the names a bundle records: project-relative, never
    /// absolute, so that the bundle does not depend on where the project lives.
    struct SourceNames {
        let byPath: [String: String]
        let root: String

        init(_ program: BundleInput) {
            var map: [String: String] = [:]
            for (name, file) in program.files where map[file.path] == nil { map[file.path] = name }
            byPath = map
            root = program.root
        }

        func name(for path: String) -> String {
            if let name = byPath[path] { return name }
            // Generated sources are named after the file they come from: `<rules of PATH>`.
            if path.hasPrefix("<"), path.hasSuffix(">") {
                for (original, name) in byPath.sorted(by: { $0.key.count > $1.key.count }) where path.contains(original) {
                    return path.replacingOccurrences(of: original, with: name)
                }
            }
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
            return path.hasPrefix("/") ? (path as NSString).lastPathComponent : path
        }
    }
}
