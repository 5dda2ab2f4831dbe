import CMTBundle
import CMTSource
import TOMLKit

/// Reads a `cmt.toml` with TOMLKit and checks its shape: required keys, value types, names,
/// versions, globs, webhook secrets and parameter types. Every problem is a diagnostic with a caret
/// into the file; checks that need the compiled contract (handlers, constructor parameters) are in
/// ``ProjectChecks``.
public enum ManifestLoader {
    /// The manifest when it could be read (it may still carry errors), and every diagnostic.
    public struct Result {
        public let manifest: Manifest?
        public let diagnostics: [Diagnostic]
    }

    static let packageKeys = ["name", "version", "contract", "uses", "description", "authors", "license"]
    static let sourceKeys = ["cmt", "rules", "processes", "tests"]
    static let webhookKeys = ["name", "handler", "secret"]
    static let parameterKeys = ["type", "description", "default"]
    static let topLevel = ["package", "sources", "webhooks", "parameters", "dependencies"]
    static let dependencyKeys = ["path"]

    public static func load(_ original: SourceFile) -> Result {
        // A UTF-8 byte-order mark (editors on Windows write one) is read as three spaces, so every
        // offset, and so every caret, stays where it is in the file.
        let file = original.bytes.starts(with: [0xEF, 0xBB, 0xBF])
            ? SourceFile(id: original.id, path: original.path, bytes: [0x20, 0x20, 0x20] + original.bytes.dropFirst(3)) : original
        let locator = TOMLLocator(file: file)
        if let problem = TOMLPrecheck.problem(file.bytes) {
            return Result(manifest: nil, diagnostics: [Diagnostic(BuildMessages.tomlSyntax(problem.text), at: Span(file: file.id, start: problem.offset,
                                                                                                                  end: problem.offset + 1))])
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: file.text)
        } catch let error as TOMLParseError {
            let line = max(1, min(error.source.begin.line, file.lineCount))
            let offset = min(file.bytes.count, file.lineStarts[line - 1] + max(0, error.source.begin.column - 1))
            return Result(manifest: nil, diagnostics: [Diagnostic(BuildMessages.tomlSyntax(error.description), at: Span.point(file.id, offset))])
        } catch {
            return Result(manifest: nil, diagnostics: [Diagnostic(BuildMessages.tomlSyntax("\(error)"), at: Span.point(file.id, 0))])
        }
        var reader = Reader(locator: locator)
        let manifest = reader.read(table)
        return Result(manifest: manifest, diagnostics: reader.diagnostics)
    }

    /// Walks the parsed table, collecting diagnostics.
    struct Reader {
        let locator: TOMLLocator
        var diagnostics: [Diagnostic] = []

        mutating func report(_ message: DiagnosticMessage, _ span: Span) { diagnostics.append(Diagnostic(message, at: span)) }

        mutating func read(_ root: TOMLTable) -> Manifest? {
            for key in ordered(root.keys, table: "") where !ManifestLoader.topLevel.contains(key) {
                report(BuildMessages.unknownKey(key, in: "cmt.toml", known: ManifestLoader.topLevel), locator.headers[key] ?? locator.keySpan("", key))
            }
            guard let package = root["package"]?.table else {
                if root["package"] != nil {
                    report(BuildMessages.wrongType("package", expected: "a table", found: describe(root["package"])), locator.keySpan("", "package"))
                } else {
                    report(BuildMessages.missingPackage, Span.point(locator.file, 0))
                }
                return nil
            }
            checkKeys(package, table: "package", known: ManifestLoader.packageKeys)
            let name = string(package, "name", table: "package", required: true) ?? ""
            if !name.isEmpty, !Self.isPackageName(name) { report(BuildMessages.badPackageName(name), locator.valueSpan("package", "name")) }
            let version = string(package, "version", table: "package", required: true) ?? "0.0.0"
            if package["version"] != nil, !Self.isVersion(version) { report(BuildMessages.badVersion(version), locator.valueSpan("package", "version")) }
            let contract = string(package, "contract", table: "package", required: false)
            let uses = strings(package, "uses", table: "package") ?? []
            var patterns = Manifest.SourcePatterns()
            if let value = root["sources"] {
                if let sources = value.table {
                    checkKeys(sources, table: "sources", known: ManifestLoader.sourceKeys)
                    if let cmt = strings(sources, "cmt", table: "sources") { patterns.cmt = cmt }
                    if let rules = strings(sources, "rules", table: "sources") { patterns.rules = rules }
                    if let processes = strings(sources, "processes", table: "sources") { patterns.processes = processes }
                    if let tests = strings(sources, "tests", table: "sources") { patterns.tests = tests }
                    for key in ManifestLoader.sourceKeys {
                        for pattern in strings(sources, key, table: "sources", quiet: true) ?? [] where !Glob.isSafe(pattern) {
                            report(BuildMessages.badGlob(pattern), locator.stringSpan(pattern, inValueOf: "sources", key))
                        }
                    }
                } else {
                    report(BuildMessages.wrongType("sources", expected: "a table", found: describe(value)), locator.keySpan("", "sources"))
                }
            }
            let webhooks = readWebhooks(root["webhooks"])
            let parameters = readParameters(root["parameters"])
            var manifest = Manifest(
                name: name, version: version, contract: contract, uses: uses.map { ($0, locator.stringSpan($0, inValueOf: "package", "uses")) },
                sources: patterns, webhooks: webhooks, parameters: parameters, file: locator.file,
                contractSpan: locator.valueSpan("package", "contract"), packageSpan: locator.tableSpan("package"))
            manifest.dependencies = readDependencies(root["dependencies"])
            return manifest
        }

        mutating func readWebhooks(_ value: (any TOMLValueConvertible)?) -> [Manifest.Webhook] {
            guard let value else { return [] }
            guard let array = value.array else {
                report(BuildMessages.wrongType("webhooks", expected: "an array of tables ([[webhooks]])", found: describe(value)),
                       locator.tableSpan("webhooks"))
                return []
            }
            var result: [Manifest.Webhook] = []
            var seen: Set<String> = []
            for (index, element) in array.enumerated() {
                let table = "webhooks#\(index)"
                guard let entry = element.table else {
                    report(BuildMessages.wrongType("webhooks", expected: "an array of tables ([[webhooks]])", found: describe(element)),
                           locator.keySpan("", "webhooks"))
                    continue
                }
                checkKeys(entry, table: table, known: ManifestLoader.webhookKeys)
                guard let name = string(entry, "name", table: table, required: true) else { continue }
                let handler = string(entry, "handler", table: table, required: false) ?? name
                let secret = string(entry, "secret", table: table, required: false)
                if let secret, !secret.hasPrefix("env:") || secret.count <= 4 {
                    report(BuildMessages.secretNotReference(name), locator.valueSpan(table, "secret"))
                }
                if !Self.isPackageName(name) { report(BuildMessages.badWebhookName(name), locator.valueSpan(table, "name")) }
                if !seen.insert(name).inserted { report(BuildMessages.duplicateWebhook(name), locator.valueSpan(table, "name")) }
                let span = entry["handler"] != nil ? locator.valueSpan(table, "handler") : locator.valueSpan(table, "name")
                result.append(Manifest.Webhook(name: name, handler: handler, secret: secret, span: span))
            }
            return result
        }

        /// `[dependencies]`: `name = "../path"` or `name = { path = "../path" }`.
        mutating func readDependencies(_ value: (any TOMLValueConvertible)?) -> [Manifest.Dependency] {
            guard let value else { return [] }
            guard let table = value.table else {
                report(BuildMessages.wrongType("dependencies", expected: "a table", found: describe(value)), locator.keySpan("", "dependencies"))
                return []
            }
            var result: [Manifest.Dependency] = []
            for name in ordered(table.keys, table: "dependencies") {
                let nameSpan = locator.entry("dependencies", name)?.keySpan ?? locator.tableSpan("dependencies.\(name)")
                if !Self.isPackageName(name) { report(BuildMessages.badDependencyName(name), nameSpan) }
                let entry = table[name]
                if let path = entry?.string, entry?.type == .string {
                    result.append(Manifest.Dependency(name: name, path: path, span: locator.valueSpan("dependencies", name)))
                } else if let inner = entry?.table {
                    for key in ordered(inner.keys, table: "dependencies.\(name)") where !ManifestLoader.dependencyKeys.contains(key) {
                        report(BuildMessages.unknownKey(key, in: "dependency '\(name)'", known: ManifestLoader.dependencyKeys),
                               locator.innerSpan("dependencies", name, key, value: false))
                    }
                    let pathSpan = locator.innerSpan("dependencies", name, "path", value: true)
                    if let path = inner["path"]?.string, inner["path"]?.type == .string {
                        result.append(Manifest.Dependency(name: name, path: path, span: pathSpan))
                    } else if inner["path"] == nil {
                        report(BuildMessages.missingKey("path", in: "dependencies.\(name)"), nameSpan)
                    } else {
                        report(BuildMessages.wrongType("path", expected: "a string", found: describe(inner["path"])), pathSpan)
                    }
                } else {
                    report(BuildMessages.wrongType(name, expected: "a path string or a table such as { path = \"../token\" }", found: describe(entry)),
                           locator.valueSpan("dependencies", name))
                }
            }
            return result
        }

        mutating func readParameters(_ value: (any TOMLValueConvertible)?) -> [Manifest.Parameter] {
            guard let value else { return [] }
            guard let table = value.table else {
                report(BuildMessages.wrongType("parameters", expected: "a table", found: describe(value)), locator.keySpan("", "parameters"))
                return []
            }
            var result: [Manifest.Parameter] = []
            for name in ordered(table.keys, table: "parameters") {
                let nameSpan = locator.entry("parameters", name)?.keySpan ?? locator.tableSpan("parameters.\(name)")
                guard let entry = table[name]?.table else {
                    report(BuildMessages.wrongType("parameters.\(name)", expected: "a table such as { type = \"number\" }", found: describe(table[name])),
                           nameSpan)
                    continue
                }
                for key in ordered(entry.keys, table: "parameters.\(name)") where !ManifestLoader.parameterKeys.contains(key) {
                    report(BuildMessages.unknownKey(key, in: "parameter '\(name)'", known: ManifestLoader.parameterKeys),
                           locator.innerSpan("parameters", name, key, value: false))
                }
                let typeSpan = locator.innerSpan("parameters", name, "type", value: true)
                guard let type = entry["type"]?.string else {
                    if entry["type"] == nil {
                        report(BuildMessages.missingKey("type", in: "parameters.\(name)"), nameSpan)
                    } else {
                        report(BuildMessages.wrongType("type", expected: "a string", found: describe(entry["type"])), typeSpan)
                    }
                    continue
                }
                if ParameterTypes.descriptor(type) == nil { report(BuildMessages.unsupportedParameterType(name, type), typeSpan) }
                var description: String?
                if let text = entry["description"] {
                    if let string = text.string {
                        description = string
                    } else {
                        report(BuildMessages.wrongType("description", expected: "a string", found: describe(text)),
                               locator.innerSpan("parameters", name, "description", value: true))
                    }
                }
                let defaultSpan = entry["default"] != nil ? locator.innerSpan("parameters", name, "default", value: true) : nameSpan
                var defaultValue: String?
                if let value = entry["default"] {
                    switch value.type {
                    case .string: defaultValue = value.string
                    case .int: defaultValue = value.int.map(String.init)
                    case .bool: defaultValue = value.bool.map { $0 ? "true" : "false" }
                    case .double: report(BuildMessages.floatInManifest("default"), defaultSpan)
                    default:
                        report(BuildMessages.wrongType("default", expected: "a string, an integer or a boolean", found: describe(value)), defaultSpan)
                    }
                }
                result.append(Manifest.Parameter(name: name, type: type, description: description, defaultValue: defaultValue, span: nameSpan,
                                                 typeSpan: typeSpan, defaultSpan: defaultSpan))
            }
            return result
        }

        /// Keys in the order the file writes them (TOMLKit sorts them), unknown positions last by name.
        func ordered(_ keys: [String], table: String) -> [String] {
            func position(_ key: String) -> Int {
                if let entry = locator.entry(table, key) { return entry.keySpan.start }
                let sub = table.isEmpty ? key : "\(table).\(key)"
                if let header = locator.headers[sub] ?? locator.headers["\(sub)#0"] { return header.start }
                return Int.max
            }
            return keys.sorted { (position($0), $0) < (position($1), $1) }
        }

        mutating func checkKeys(_ table: TOMLTable, table name: String, known: [String]) {
            let shown = name.hasPrefix("webhooks#") ? "[[webhooks]]" : "[\(name)]"
            for key in ordered(table.keys, table: name) where !known.contains(key) {
                report(BuildMessages.unknownKey(key, in: shown, known: known), locator.keySpan(name, key))
            }
        }

        mutating func string(_ table: TOMLTable, _ key: String, table name: String, required: Bool) -> String? {
            guard let value = table[key] else {
                if required { report(BuildMessages.missingKey(key, in: name.hasPrefix("webhooks#") ? "[webhooks]" : name), locator.tableSpan(name)) }
                return nil
            }
            guard let string = value.string, value.type == .string else {
                report(BuildMessages.wrongType(key, expected: "a string", found: describe(value)), locator.valueSpan(name, key))
                return nil
            }
            return string
        }

        mutating func strings(_ table: TOMLTable, _ key: String, table name: String, quiet: Bool = false) -> [String]? {
            guard let value = table[key] else { return nil }
            guard let array = value.array else {
                if !quiet { report(BuildMessages.wrongType(key, expected: "an array of strings", found: describe(value)), locator.valueSpan(name, key)) }
                return nil
            }
            var result: [String] = []
            for element in array {
                guard element.type == .string, let string = element.string else {
                    if !quiet { report(BuildMessages.wrongType(key, expected: "an array of strings", found: "an array holding \(describe(element))"),
                                       locator.valueSpan(name, key)) }
                    return nil
                }
                result.append(string)
            }
            return result
        }

        func describe(_ value: (any TOMLValueConvertible)?) -> String {
            guard let value else { return "nothing" }
            switch value.type {
            case .string: return "a string"
            case .int: return "an integer"
            case .double: return "a floating-point number"
            case .bool: return "a boolean"
            case .table: return "a table"
            case .array: return "an array"
            default: return "a date or time"
            }
        }

        static func isPackageName(_ name: String) -> Bool {
            guard let first = name.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
            return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
        }

        static func isVersion(_ version: String) -> Bool {
            let core = version.split(separator: "-", maxSplits: 1).first.map(String.init) ?? ""
            let parts = core.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        }
    }
}
