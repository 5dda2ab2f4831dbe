import CMTBundle
import CMTSource
import Foundation

/// A `[dependencies]` entry found on disk: another project's folder or a bundle file.
public struct ResolvedDependency: Sendable, Equatable {
    /// What a dependency path names.
    public enum Kind: Sendable, Equatable {
        /// A folder with a `cmt.toml`.
        case project
        /// A compiled bundle (`.sbc`).
        case bundle
    }

    /// The name the manifest gives it.
    public let name: String
    /// The path to read it from (the project folder joined with the path as written).
    public let path: String
    public let kind: Kind
}

/// Checks a manifest's `[dependencies]`: each path must name a project or a bundle, and projects
/// must not depend on each other in a cycle (their own `cmt.toml` files are read to follow the
/// chain, up to ``maxDepth`` projects deep, without recursion on the file contents).
enum DependencyResolver {
    static let maxDepth = 32

    /// The dependencies of the project at `root`, and the diagnostics of those that are wrong.
    static func resolve(_ manifest: Manifest, root: String) -> (dependencies: [ResolvedDependency], diagnostics: [Diagnostic]) {
        var resolved: [ResolvedDependency] = []
        var diagnostics: [Diagnostic] = []
        let home = canonical(root)
        for dependency in manifest.dependencies {
            let path = ProjectLoader.join(root, dependency.path)
            guard let kind = kind(of: path) else {
                let exists = FileManager.default.fileExists(atPath: path)
                let message = exists ? BuildMessages.dependencyNotProject(dependency.name, path: dependency.path)
                                     : BuildMessages.dependencyMissing(dependency.name, path: dependency.path)
                diagnostics.append(Diagnostic(message, at: dependency.span))
                continue
            }
            if kind == .bundle, let problem = bundleProblem(path) {
                diagnostics.append(Diagnostic(BuildMessages.dependencyBadBundle(dependency.name, path: dependency.path, detail: problem), at: dependency.span))
                continue
            }
            if kind == .project, let problem = cycle(from: path, home: home, name: dependency.name) {
                diagnostics.append(Diagnostic(problem, at: dependency.span))
                continue
            }
            resolved.append(ResolvedDependency(name: dependency.name, path: path, kind: kind))
        }
        return (resolved, diagnostics)
    }

    /// A project folder, a bundle file, or nil for anything else (or nothing).
    static func kind(of path: String) -> ResolvedDependency.Kind? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return ProjectLoader.isProject(path) ? .project : nil }
        return path.hasSuffix(".sbc") ? .bundle : nil
    }

    /// Why the bundle at `path` cannot be used (unreadable, damaged, or failing verification), or nil.
    static func bundleProblem(_ path: String) -> String? {
        guard let bytes = ProjectLoader.manager(path) else { return "cannot read it" }
        do {
            _ = try BundleReader.read(bytes)
            return nil
        } catch {
            return error.description
        }
    }

    /// Follows the project dependencies reachable from `start` (breadth first over an explicit
    /// work list); reports a path back to `home` as a cycle, a dependency's broken manifest, or a
    /// chain deeper than ``maxDepth``.
    static func cycle(from start: String, home: String, name: String) -> DiagnosticMessage? {
        // Each item: the folder and the chain of package names that reached it.
        var work: [(folder: String, chain: [String])] = [(start, [name])]
        var seen: Set<String> = []
        var index = 0
        while index < work.count {
            let (folder, chain) = work[index]
            index += 1
            let here = canonical(folder)
            if here == home { return BuildMessages.dependencyCycle(["this project"] + chain) }
            guard seen.insert(here).inserted else { continue }
            if chain.count > maxDepth { return BuildMessages.dependenciesTooDeep(name, limit: maxDepth) }
            let manifestPath = ProjectLoader.join(folder, ProjectLoader.manifestName)
            guard let bytes = ProjectLoader.manager(manifestPath) else {
                return BuildMessages.dependencyManifest(chain.last ?? name, detail: "cannot read '\(manifestPath)'")
            }
            let file = SourceFile(id: FileID(0), path: manifestPath, bytes: bytes)
            let loaded = ManifestLoader.load(file)
            if let error = loaded.diagnostics.first(where: { $0.severity == .error }) {
                return BuildMessages.dependencyManifest(chain.last ?? name, detail: "\(error.code) \(error.text)")
            }
            for next in loaded.manifest?.dependencies ?? [] {
                let path = ProjectLoader.join(folder, next.path)
                if kind(of: path) == .project { work.append((path, chain + [next.name])) }
            }
        }
        return nil
    }

    /// The folder's absolute path with symbolic links and `..` resolved, to compare folders.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
