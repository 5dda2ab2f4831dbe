import ArgumentParser
import CMTBuild
import CMTBytecode
import CMTProcessEngine
import CMTRuleEngine
import CMTRules
import CMTSource
import CMTVM
import CMTWorkflow
import Foundation

/// What `cmtc run` runs: a program compiled from sources, or a verified `.sbc` bundle.
struct RunTarget {
    let module: Module
    let program: Program
    let services: (WorkflowProcessService, RulesEngineService)
    let isScript: Bool
    /// For trap locations: the compiled sources, or a bundle's `--with-sources` files.
    let sources: SourceManager
    let manifest: Manifest?
    /// Parameter values a bundle recorded.
    let bound: [BundleWriter.BoundParameter]
    /// Hook name → `webhook` handler, from cmt.toml's (or the bundle's) `[[webhooks]]`.
    let webhookHandlers: [String: String]

    static func load(_ paths: [String]) throws -> RunTarget {
        if paths.count == 1, paths[0].hasSuffix(".sbc") { return try bundle(paths[0]) }
        let compiled = try CompileSupport.compile(paths)
        let verified: VerifiedModule
        do {
            verified = try Verifier.verify(compiled.module)
        } catch {
            printError("error: the compiled module does not verify: \(error)")
            throw ExitCode(1)
        }
        let program = Program(verified)
        return RunTarget(module: compiled.module, program: program, services: compiled.services(for: program), isScript: compiled.output.isScript,
                         sources: compiled.sources, manifest: compiled.project.manifest, bound: [],
                         webhookHandlers: Dictionary((compiled.project.manifest?.webhooks ?? []).map { ($0.name, $0.handler) }) { first, _ in first })
    }

    static func bundle(_ path: String) throws -> RunTarget {
        let loaded = try BundleFile.read(path)
        let sources = SourceManager()
        for (name, bytes) in loaded.sources { _ = sources.add(path: name, bytes: bytes) }
        let module = loaded.module.module
        return RunTarget(module: module, program: loaded.program, services: loaded.services(),
                         isScript: module.entryPoint(named: "constructor") == nil, sources: sources, manifest: nil, bound: loaded.bound,
                         webhookHandlers: loaded.webhookHandlers)
    }
}

/// Reads and verifies a bundle file for `cmtc run` and `cmtc inspect`; a bad bundle exits 1.
enum BundleFile {
    static func read(_ path: String) throws -> LoadedBundle {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > BundleReader.maxBytes {
            printError("error: \(path): a bundle is at most \(BundleReader.maxBytes >> 20) MiB; this file has \(size) bytes")
            throw ExitCode(1)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("error: cannot read '\(path)'")
            throw ExitCode(2)
        }
        do {
            return try BundleReader.read([UInt8](data))
        } catch {
            printError("error: \(path): \(error)")
            throw ExitCode(1)
        }
    }
}
