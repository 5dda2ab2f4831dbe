import Foundation
import Testing

/// The module graph follows DESIGN.md's table: every `import` under `Sources/` and every
/// dependency Package.swift declares stays within ``ModuleTable``, and no runtime reaches a front end.
@Suite("Module imports follow the module table")
struct ModuleImportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every violation in the Swift files under `Sources/<target>`.
    static func violations(target: String, files: [(path: String, text: String)]) -> [String] {
        files.flatMap { file in
            ImportScanner.imports(in: file.text).compactMap { found in
                ModuleTable.violation(target: target, imports: found.module).map { "\(file.path):\(found.line): \($0)" }
            }
        }
    }

    static func sourceFiles(of target: String) throws -> [(path: String, text: String)] {
        let folder = root.appendingPathComponent("Sources").appendingPathComponent(target)
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            throw ModuleTestFailure("cannot list \(folder.path)")
        }
        var files: [(path: String, text: String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            files.append((String(url.path.dropFirst(root.path.count + 1)), try String(contentsOf: url, encoding: .utf8)))
        }
        return files.sorted { $0.path < $1.path }
    }

    @Test("the check reports a front end imported by a runtime, an upward import and an unlisted package")
    func theCheckCatchesForbiddenImports() {
        let file = (path: "Sources/CMTRuleEngine/X.swift", text: """
            import CMTVM
            @testable import CMTCompiler
            public import struct CMTRules.CheckedRuleBase
            #if canImport(Glibc)
                import Glibc
            #endif
            import TOMLKit
            """)
        let found = Self.violations(target: "CMTRuleEngine", files: [file])
        #expect(found == [
            "Sources/CMTRuleEngine/X.swift:2: CMTRuleEngine imports CMTCompiler, which the module table does not put below it",
            "Sources/CMTRuleEngine/X.swift:3: CMTRuleEngine imports CMTRules, which the module table does not put below it",
            "Sources/CMTRuleEngine/X.swift:7: CMTRuleEngine imports TOMLKit, a module the table does not list for it",
        ])
        #expect(ModuleTable.violation(target: "CMTVM", imports: "CMTRuleEngine") != nil)
        #expect(ModuleTable.violation(target: "CMTRules", imports: "CMTVM") == nil)  // reached through CMTRuleEngine
    }

    @Test("every import under Sources/ is one the module table allows, and every target has a row")
    func sourceImportsFollowTheTable() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(targets.count >= 11)
        for target in targets {
            #expect(ModuleTable.arrows[target] != nil, "Sources/\(target) has no row in the module table")
            let files = try Self.sourceFiles(of: target)
            #expect(!files.isEmpty, "Sources/\(target) has no Swift files")
            for violation in Self.violations(target: target, files: files) { Issue.record(Comment(rawValue: violation)) }
        }
    }

    @Test("Package.swift declares only dependencies the module table allows, and no runtime reaches a front end")
    func packageDependenciesFollowTheTable() throws {
        let targets = try Self.dumpedTargets()
        var declared: [String: [String]] = [:]
        for target in targets where target.type != "test" {
            declared[target.name] = target.targets
            guard ModuleTable.arrows[target.name] != nil else { continue }  // benchmarks and fuzzers are not in the table
            for dependency in target.targets + target.products {
                if let violation = ModuleTable.violation(target: target.name, imports: dependency) {
                    Issue.record(Comment(rawValue: "Package.swift: \(violation)"))
                }
            }
        }
        for name in ModuleTable.arrows.keys.sorted() { #expect(declared[name] != nil, "Package.swift has no target \(name)") }
        for runtime in ModuleTable.runtimes {
            var reached: Set<String> = []
            var pending = declared[runtime] ?? []
            while let next = pending.popLast() {
                if reached.insert(next).inserted { pending.append(contentsOf: declared[next] ?? []) }
            }
            #expect(reached.isDisjoint(with: ModuleTable.frontEnds), "\(runtime) reaches \(reached.intersection(ModuleTable.frontEnds).sorted())")
        }
    }

    /// The targets of `swift package dump-package`: name, type, target dependencies, product dependencies.
    static func dumpedTargets() throws -> [(name: String, type: String, targets: [String], products: [String])] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("module-table-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "package", "--package-path", root.path, "--scratch-path", scratch.path, "dump-package"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ModuleTestFailure("swift package dump-package exited with \(process.terminationStatus)") }
        guard let package = try JSONSerialization.jsonObject(with: data) as? [String: Any], let targets = package["targets"] as? [[String: Any]] else {
            throw ModuleTestFailure("swift package dump-package printed no targets")
        }
        return try targets.map { target in
            guard let name = target["name"] as? String, let type = target["type"] as? String else { throw ModuleTestFailure("a target without name or type") }
            var targetNames: [String] = []
            var products: [String] = []
            for dependency in target["dependencies"] as? [[String: Any]] ?? [] {
                if let byName = dependency["byName"] as? [Any], let first = byName.first as? String {
                    targetNames.append(first)
                } else if let named = dependency["target"] as? [Any], let first = named.first as? String {
                    targetNames.append(first)
                } else if let product = dependency["product"] as? [Any], let first = product.first as? String {
                    products.append(first)
                } else {
                    throw ModuleTestFailure("target \(name) has a dependency of an unknown form: \(dependency)")
                }
            }
            return (name, type, targetNames, products)
        }
    }
}

/// Why the module graph could not be read.
struct ModuleTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
