import Foundation

/// Finds the `Stdlib` folder (library modules under `lib/`, templates under `templates/`):
/// `$CMT_STDLIB` when set, else the first `Stdlib` folder found walking up from the project folder,
/// then from the running executable (a `cmtc` built in the repository finds the repository's).
public enum StdlibLocator {
    /// The Stdlib folder, or nil when none is found.
    public static func locate(from start: String? = nil) -> String? {
        if let override = ProcessInfo.processInfo.environment["CMT_STDLIB"], !override.isEmpty { return override }
        var origins: [String] = []
        if let start { origins.append(absolute(start)) }
        if let executable = executablePath() { origins.append((executable as NSString).deletingLastPathComponent) }
        for origin in origins {
            var directory = origin
            for _ in 0..<64 {
                let candidate = (directory as NSString).appendingPathComponent("Stdlib")
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue { return candidate }
                let parent = (directory as NSString).deletingLastPathComponent
                if parent == directory || parent.isEmpty { break }
                directory = parent
            }
        }
        return nil
    }

    /// Where to say we looked, for error messages.
    public static func describeSearch(from start: String?) -> String {
        if let override = ProcessInfo.processInfo.environment["CMT_STDLIB"], !override.isEmpty { return "$CMT_STDLIB (\(override))" }
        return "a Stdlib folder above the project and above the cmtc executable; set CMT_STDLIB to choose one"
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }

    static func executablePath() -> String? {
        if let path = Bundle.main.executablePath { return (path as NSString).resolvingSymlinksInPath }
        guard let first = CommandLine.arguments.first, first.contains("/") else { return nil }
        return (absolute(first) as NSString).resolvingSymlinksInPath
    }
}
