import CMTSource

/// One file of a project: where to read it and the name the program knows it by.
public struct ProjectFile: Sendable, Hashable {
    /// The path to read, as shown in diagnostics (the project folder joined with ``name``).
    public let path: String
    /// The name relative to the project folder (`rules/pricing.drl`), as `load_rules` and
    /// `start_process` name it; `lib/<module>/<file>` for a library module's file.
    public let name: String

    public init(path: String, name: String) {
        self.path = path
        self.name = name
    }

    /// The last path component (`pricing.drl`).
    public var fileName: String { name.split(separator: "/").last.map(String.init) ?? name }
}

/// A program to build: a project folder with a `cmt.toml`, a plain folder of sources, or files
/// given one by one. ``ProjectLoader`` makes one; ``ProgramCompiler`` compiles it; `cmtc test`,
/// `cmtc bundle` and `cmtc run` all start from here.
public struct Project: Sendable {
    /// The folder the project's names are relative to ("." for the current folder).
    public let root: String
    /// The manifest, for a project with a `cmt.toml`.
    public let manifest: Manifest?
    /// The `cmt.toml` as a source file (diagnostics point into it).
    public let manifestFile: SourceFile?
    /// Contract sources (`[sources] cmt`), sorted by name.
    public let cmt: [ProjectFile]
    /// The `.cmt` files of the library modules `uses` names, module by module in the order listed.
    public let libraries: [ProjectFile]
    /// Rule files (`.drl`, `.rl`), sorted by name.
    public let rules: [ProjectFile]
    /// Process definitions (`.bpm`), sorted by name.
    public let processes: [ProjectFile]
    /// Test files (`tests/**/*.cmt`), sorted by name; not part of ``ProgramCompiler/compile(_:sources:options:)``.
    public let tests: [ProjectFile]
    /// The `[dependencies]` found on disk, in the order the manifest lists them.
    public let dependencies: [ResolvedDependency]

    public init(root: String, manifest: Manifest?, manifestFile: SourceFile?, cmt: [ProjectFile], libraries: [ProjectFile],
                rules: [ProjectFile], processes: [ProjectFile], tests: [ProjectFile], dependencies: [ResolvedDependency] = []) {
        self.dependencies = dependencies
        self.root = root
        self.manifest = manifest
        self.manifestFile = manifestFile
        self.cmt = cmt
        self.libraries = libraries
        self.rules = rules
        self.processes = processes
        self.tests = tests
    }

    /// The package name, or the folder's name for a plain folder.
    public var name: String {
        if let manifest, !manifest.name.isEmpty { return manifest.name }
        let last = root.split(separator: "/").last.map(String.init) ?? ""
        return last.isEmpty || last == "." || last == ".." ? "module" : last
    }

    /// Every source file of the program (not the tests), in compile order.
    public var allFiles: [ProjectFile] { cmt + libraries + rules + processes }
}
