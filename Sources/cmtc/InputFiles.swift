import CMTSource
import Foundation

/// Turns command-line paths into source files: a file is read as given, a directory contributes
/// every `.cmt`, `.drl` and `.rl` file below it. Files in the same directory form one module.
struct InputFiles {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The source extensions `cmtc check` reads: CMT, and DRL rules.
    static let sourceExtensions = [".cmt", ".drl", ".rl"]

    /// The folder of a project (or plain folder) that holds its test files, skipped when the
    /// folder is expanded as a program.
    static let testDirectory = "tests"

    /// Whether `path` names a rule file (`.drl` or `.rl`).
    static func isRuleFile(_ path: String) -> Bool { path.hasSuffix(".drl") || path.hasSuffix(".rl") }

    /// The source paths named by `arguments`, in a stable order: a directory contributes its files
    /// ending in one of `extensions` (by default every source extension), leaving out its `tests/`
    /// folder unless `includeTests`.
    static func expand(_ arguments: [String], extensions: [String] = sourceExtensions, includeTests: Bool = false) throws -> [String] {
        var result: [String] = []
        let manager = FileManager.default
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw Failure(description: "no such file or directory: '\(argument)'")
            }
            if isDirectory.boolValue {
                guard let enumerator = manager.enumerator(atPath: argument) else {
                    throw Failure(description: "cannot read directory '\(argument)'")
                }
                var found: [String] = []
                for case let relative as String in enumerator where extensions.contains(where: { relative.hasSuffix($0) }) {
                    if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                    // A project's tests/ folder holds test files: `cmtc test` compiles them, one at a time.
                    if !includeTests && relative.hasPrefix(testDirectory + "/") { continue }
                    found.append(argument.hasSuffix("/") ? argument + relative : argument + "/" + relative)
                }
                result.append(contentsOf: found.sorted())
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// Reads a file's bytes.
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "cannot read '\(path)'")
        }
        return [UInt8](data)
    }

    /// Groups paths by their directory, keeping first-seen order.
    static func modules(_ paths: [String]) -> [[String]] {
        var order: [String] = []
        var groups: [String: [String]] = [:]
        for path in paths {
            let directory = (path as NSString).deletingLastPathComponent
            if groups[directory] == nil { order.append(directory) }
            groups[directory, default: []].append(path)
        }
        return order.compactMap { groups[$0] }
    }
}
