import CMTBuild
import Foundation

/// What `cmtc check` was asked to check. A folder with a `cmt.toml` is a project wherever it is
/// named (given itself, or found inside a folder that is given); each project is checked on its
/// own. Every other `.cmt`, `.drl`, `.rl` and `.bpm` file is a plain file; plain files in one
/// directory form one module. A path named twice, or a file inside a project also named, is read
/// once. `tests/` folders hold test files (`cmtc test` compiles them) and are left out, and so are
/// files named outright with another extension (a shell glob's `README.md`).
struct CheckInputs {
    /// Project folders, as first named.
    var projects: [String] = []
    /// Plain files, as first named, in a stable order.
    var files: [String] = []
    /// Files named outright that no reader reads (`README.md` from `cmtc check Examples/*`).
    var skipped: [String] = []

    /// The extensions of the files `cmtc check` reads.
    static let extensions = [".cmt", ".drl", ".rl", ".bpm"]

    /// Whether `path` names a process definition (read as process XML, whatever folder it is in).
    static func isProcessFile(_ path: String) -> Bool { path.hasSuffix(".bpm") }

    private var seen: Set<String> = []
    private var projectRoots: [String] = []

    static func plan(_ arguments: [String]) throws -> CheckInputs {
        var inputs = CheckInputs()
        let manager = FileManager.default
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw InputFiles.Failure(description: "no such file or directory: '\(argument)'")
            }
            if isDirectory.boolValue {
                try inputs.addFolder(argument)
            } else if extensions.contains(where: { argument.hasSuffix($0) }) {
                inputs.addFile(argument)
            } else {
                inputs.skipped.append(argument)
            }
        }
        // A file named on its own inside a project that is also checked is read with the project.
        let roots = inputs.projectRoots
        inputs.files.removeAll { file in isInside(canonical(file), anyOf: roots) }
        return inputs
    }

    /// The path with `.`, `..` and symbolic links resolved: two namings of one file compare equal.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    private mutating func addFile(_ path: String) {
        if seen.insert(Self.canonical(path)).inserted { files.append(path) }
    }

    private mutating func addProject(_ folder: String) {
        let root = Self.canonical(folder)
        guard seen.insert(root).inserted else { return }
        projectRoots.append(root)
        projects.append(folder)
    }

    private static func isInside(_ canonicalPath: String, anyOf roots: [String]) -> Bool {
        roots.contains { canonicalPath.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
    }

    private mutating func addFolder(_ folder: String) throws {
        if ProjectLoader.isProject(folder) {
            addProject(folder)
            return
        }
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(at: URL(fileURLWithPath: folder), includingPropertiesForKeys: [.isDirectoryKey]) else {
            throw InputFiles.Failure(description: "cannot read directory '\(folder)'")
        }
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var found: [String] = []
        var foundProjects: [String] = []
        for case let url as URL in enumerator {
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(base + "/") else { continue }
            let relative = String(full.dropFirst(base.count + 1))
            let name = url.lastPathComponent
            if (try? url.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true {
                if name.hasPrefix(".") || name == InputFiles.testDirectory {
                    enumerator.skipDescendants()
                } else if ProjectLoader.isProject(url.path) {
                    foundProjects.append(prefix + relative)
                    enumerator.skipDescendants()
                }
                continue
            }
            if name.hasPrefix(".") || !Self.extensions.contains(where: { name.hasSuffix($0) }) { continue }
            found.append(prefix + relative)
        }
        for project in foundProjects.sorted() { addProject(project) }
        for file in found.sorted() { addFile(file) }
    }
}
