import CMTSource
import Foundation

/// Turns command-line paths into a ``Project``: a folder with a `cmt.toml` is a project (its
/// `[sources]` globs pick the files), a folder without one contributes every `.cmt`, `.drl`, `.rl`
/// and `.bpm` file below it (`tests/` holds the tests), and files given one by one are compiled
/// together with the `.bpm` files beside them.
public enum ProjectLoader {
    /// The loaded project, or why there is none.
    public struct Result {
        /// The project, unless the inputs could not be read or the manifest has errors.
        public let project: Project?
        /// Manifest diagnostics (errors and warnings).
        public let diagnostics: [Diagnostic]
        /// Why the inputs could not be read at all (a missing path, no source files): a usage error.
        public let inputError: String?
    }

    /// The name of a project's manifest.
    public static let manifestName = "cmt.toml"

    /// Loads `paths` (one folder, or files); `stdlib` overrides where library modules are found.
    public static func load(_ paths: [String], sources: SourceManager, stdlib: String? = nil) -> Result {
        let manager = FileManager.default
        if paths.count == 1 {
            var isDirectory: ObjCBool = false
            let path = paths[0]
            if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                return loadFolder(trimmed(path), sources: sources, stdlib: stdlib)
            }
        }
        return loadFiles(paths, sources: sources)
    }

    /// Whether `folder` holds a `cmt.toml`.
    public static func isProject(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: join(folder, manifestName))
    }

    static func loadFolder(_ root: String, sources: SourceManager, stdlib: String?) -> Result {
        let names: [String]
        do {
            names = try listFiles(root)
        } catch {
            return Result(project: nil, diagnostics: [], inputError: "\(error)")
        }
        func files(_ selected: [String]) -> [ProjectFile] { selected.sorted().map { ProjectFile(path: join(root, $0), name: $0) } }
        guard isProject(root) else {
            let cmt = names.filter { $0.hasSuffix(".cmt") && !$0.hasPrefix("tests/") }
            let rules = names.filter { $0.hasSuffix(".drl") || $0.hasSuffix(".rl") }
            let processes = names.filter { $0.hasSuffix(".bpm") }
            let tests = names.filter { $0.hasSuffix(".cmt") && $0.hasPrefix("tests/") }
            if cmt.isEmpty && rules.isEmpty {
                return Result(project: nil, diagnostics: [], inputError: "no .cmt, .drl or .rl files found in \(root)")
            }
            let project = Project(root: root, manifest: nil, manifestFile: nil, cmt: files(cmt), libraries: [], rules: files(rules),
                                  processes: files(processes), tests: files(tests))
            return Result(project: project, diagnostics: [], inputError: nil)
        }
        let manifestPath = join(root, manifestName)
        guard let data = manager(manifestPath) else {
            return Result(project: nil, diagnostics: [], inputError: "cannot read '\(manifestPath)'")
        }
        let file = sources.add(path: manifestPath, bytes: data)
        let loaded = ManifestLoader.load(file)
        var diagnostics = loaded.diagnostics
        guard let manifest = loaded.manifest else { return Result(project: nil, diagnostics: diagnostics, inputError: nil) }
        func select(_ patterns: [String]) -> [String] {
            names.filter { name in patterns.contains { Glob.isSafe($0) && Glob.matches(name, $0) } }
        }
        let tests = select(manifest.sources.tests).filter { $0.hasSuffix(".cmt") }
        let cmt = select(manifest.sources.cmt).filter { $0.hasSuffix(".cmt") && !tests.contains($0) }
        let rules = select(manifest.sources.rules).filter { $0.hasSuffix(".drl") || $0.hasSuffix(".rl") }
        let processes = select(manifest.sources.processes).filter { $0.hasSuffix(".bpm") }
        var libraries: [ProjectFile] = []
        if !manifest.uses.isEmpty {
            let library = stdlib ?? StdlibLocator.locate(from: root)
            var seen: Set<String> = []
            for (name, span) in manifest.uses where seen.insert(name).inserted {
                let folder = library.map { join(join($0, "lib"), name) }
                var isDirectory: ObjCBool = false
                guard let folder, Glob.isSafe(name), !name.contains("/"), FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory),
                    isDirectory.boolValue, let found = try? listFiles(folder)
                else {
                    let searched = library.map { "\(join(join($0, "lib"), name))" } ?? StdlibLocator.describeSearch(from: root)
                    diagnostics.append(Diagnostic(BuildMessages.unknownLibrary(name, searched: searched), at: span))
                    continue
                }
                for relative in found.sorted() where relative.hasSuffix(".cmt") && !relative.hasPrefix("tests/") {
                    libraries.append(ProjectFile(path: join(folder, relative), name: "lib/\(name)/\(relative)"))
                }
            }
        }
        let dependencies = DependencyResolver.resolve(manifest, root: root)
        diagnostics += dependencies.diagnostics
        if diagnostics.contains(where: { $0.severity == .error }) { return Result(project: nil, diagnostics: diagnostics, inputError: nil) }
        if cmt.isEmpty && rules.isEmpty {
            return Result(project: nil, diagnostics: diagnostics,
                          inputError: "the project in \(root) has no sources: [sources] cmt matches no file (\(manifest.sources.cmt.joined(separator: ", ")))")
        }
        let project = Project(root: root, manifest: manifest, manifestFile: file, cmt: files(cmt), libraries: libraries, rules: files(rules),
                              processes: files(processes), tests: files(tests), dependencies: dependencies.dependencies)
        return Result(project: project, diagnostics: diagnostics, inputError: nil)
    }

    /// Files given one by one (or several folders): each file is named by its file name, and the
    /// `.bpm` files beside a file argument (or inside a folder argument) come along.
    static func loadFiles(_ paths: [String], sources: SourceManager) -> Result {
        let manager = FileManager.default
        var cmt: [ProjectFile] = []
        var rules: [ProjectFile] = []
        var processes: [ProjectFile] = []
        var seenProcesses: Set<String> = []
        for argument in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                return Result(project: nil, diagnostics: [], inputError: "no such file or directory: '\(argument)'")
            }
            let folder = trimmed(argument)
            var entries: [(name: String, path: String)] = []
            if isDirectory.boolValue {
                do {
                    entries = try listFiles(folder).map { ($0, join(folder, $0)) }
                } catch {
                    return Result(project: nil, diagnostics: [], inputError: "\(error)")
                }
            } else {
                let name = (argument as NSString).lastPathComponent
                entries = [(name, argument)]
                let directory = (argument as NSString).deletingLastPathComponent
                let base = directory.isEmpty ? "." : directory
                let beside = ((try? manager.contentsOfDirectory(atPath: base)) ?? []).filter { $0.hasSuffix(".bpm") && !$0.hasPrefix(".") }
                entries += beside.sorted().map { ($0, directory.isEmpty ? $0 : join(directory, $0)) }
            }
            for (name, path) in entries {
                if name.hasSuffix(".cmt") {
                    cmt.append(ProjectFile(path: path, name: name))
                } else if name.hasSuffix(".drl") || name.hasSuffix(".rl") {
                    rules.append(ProjectFile(path: path, name: name))
                } else if name.hasSuffix(".bpm"), seenProcesses.insert(name).inserted {
                    processes.append(ProjectFile(path: path, name: name))
                }
            }
        }
        if cmt.isEmpty && rules.isEmpty {
            return Result(project: nil, diagnostics: [], inputError: "no .cmt, .drl or .rl files found in \(paths.joined(separator: ", "))")
        }
        let root = paths.count == 1 ? ((paths[0] as NSString).deletingLastPathComponent) : "."
        let project = Project(root: root.isEmpty ? "." : root, manifest: nil, manifestFile: nil, cmt: cmt, libraries: [], rules: rules,
                              processes: processes.sorted { $0.name < $1.name }, tests: [])
        return Result(project: project, diagnostics: [], inputError: nil)
    }

    /// Every file below `root`, relative and sorted; hidden files and folders and build folders are skipped.
    static func listFiles(_ root: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw ProjectError(description: "cannot read directory '\(root)'")
        }
        var found: [String] = []
        for case let relative as String in enumerator {
            let parts = relative.split(separator: "/")
            if parts.contains(where: { $0.hasPrefix(".") }) { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: join(root, relative), isDirectory: &isDirectory), isDirectory.boolValue { continue }
            found.append(relative)
        }
        return found.sorted()
    }

    static func manager(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// `root/relative`, without a leading `./` for the current folder.
    static func join(_ root: String, _ relative: String) -> String {
        if root == "." || root.isEmpty { return relative }
        return root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}

/// A project that cannot be read.
public struct ProjectError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(description: String) { self.description = description }
}
