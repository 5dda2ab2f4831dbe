/// Turns the module specifier of an `import` into what it names, the way TypeScript resolves
/// relative imports: `./pricing` and `../lib/pricing` are files relative to the importing file's
/// folder, with `.cmt` added when the specifier has no extension; `std/money` is the library module
/// `money` of `Stdlib/lib` (its main file `money/money.cmt`), `std/money/rates` one of its files
/// (`money/rates.cmt`); any other bare name is a `[dependencies]` entry of the project.
public struct ModuleResolver: Sendable {
    /// What a specifier names.
    public enum Target: Equatable, Sendable {
        /// A CMT file, by its normalized path.
        case file(String)
        /// A library module of `Stdlib/lib`, by its normalized path; the string is what was searched
        /// when no `Stdlib` folder is known.
        case library(path: String?, searched: String)
        /// A project dependency's contracts, by the dependency's name.
        case dependency(String)
        /// A bare name that is no dependency.
        case unknownPackage
    }

    /// The `Stdlib/lib` folder, when one is known.
    public var libraryRoot: String?
    /// The names of the project's `[dependencies]`.
    public var dependencies: [String]
    /// Normalized paths of library files compiled into the program's shared scope (a manifest's
    /// `uses`): they stay in the shared scope even though they `export` their declarations.
    public var sharedFiles: Set<String>

    public init(libraryRoot: String? = nil, dependencies: [String] = [], sharedFiles: Set<String> = []) {
        self.libraryRoot = libraryRoot
        self.dependencies = dependencies
        self.sharedFiles = sharedFiles
    }

    /// The prefix of library module specifiers.
    public static let libraryPrefix = "std/"

    public func resolve(_ specifier: String, from importer: String) -> Target {
        if specifier.hasPrefix("./") || specifier.hasPrefix("../") || specifier.hasPrefix("/") {
            let directory = Self.directory(of: importer)
            let joined = specifier.hasPrefix("/") ? specifier : (directory.isEmpty ? specifier : directory + "/" + specifier)
            return .file(Self.withExtension(Self.normalize(joined)))
        }
        if specifier.hasPrefix(Self.libraryPrefix) {
            let rest = specifier.dropFirst(Self.libraryPrefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard !rest.isEmpty, rest.count <= 2, rest.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
                return .library(path: nil, searched: "a library module is named 'std/<module>' or 'std/<module>/<file>'")
            }
            let relative = rest.count == 1 ? "\(rest[0])/\(rest[0])" : "\(rest[0])/\(rest[1])"
            guard let libraryRoot else { return .library(path: nil, searched: "no Stdlib folder was found (set CMT_STDLIB to one)") }
            let path = Self.withExtension(Self.normalize(libraryRoot + "/" + relative))
            return .library(path: path, searched: "there is no '\(path)'")
        }
        return dependencies.contains(specifier) ? .dependency(specifier) : .unknownPackage
    }

    /// The path's folder ("" for a bare file name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return path == "/" ? "/" : String(path[..<slash])
    }

    static func withExtension(_ path: String) -> String { path.hasSuffix(".cmt") ? path : path + ".cmt" }

    /// The path with `.` segments, repeated slashes and `name/..` pairs removed (leading `..`
    /// segments of a relative path stay): two spellings of one file compare equal.
    public static func normalize(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", isAbsolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return isAbsolute ? "/" + joined : joined
    }
}
