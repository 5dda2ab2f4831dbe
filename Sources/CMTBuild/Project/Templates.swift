import CMTSource
import Foundation

/// Project templates: `Stdlib/templates/<name>/` folders that `cmtc new NAME --template T` copies
/// into `./NAME`, renaming the package to NAME.
public enum Templates {
    /// The template `cmtc new` uses when none is named.
    public static let defaultTemplate = "hello"

    /// The templates in a Stdlib folder, sorted.
    public static func available(stdlib: String) -> [String] {
        let folder = (stdlib as NSString).appendingPathComponent("templates")
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.filter { ProjectLoader.isProject((folder as NSString).appendingPathComponent($0)) }.sorted()
    }

    /// Copies template `template` of `stdlib` to `destination` and names the package `name`.
    /// Returns the files written (relative to `destination`).
    public static func instantiate(_ template: String, stdlib: String, name: String, destination: String) throws(ProjectError) -> [String] {
        guard ManifestLoader.Reader.isPackageName(name) else {
            throw ProjectError(description: "'\(name)' is not a valid package name: start with a letter, then letters, digits, '_' or '-'")
        }
        let source = ((stdlib as NSString).appendingPathComponent("templates") as NSString).appendingPathComponent(template)
        guard !template.contains("/"), template != "..", ProjectLoader.isProject(source) else {
            let known = available(stdlib: stdlib)
            throw ProjectError(description: "no template '\(template)' in \(stdlib)/templates"
                               + (known.isEmpty ? "" : "; there are \(known.joined(separator: ", "))"))
        }
        let manager = FileManager.default
        guard !manager.fileExists(atPath: destination) else { throw ProjectError(description: "'\(destination)' already exists") }
        let files: [String]
        do {
            files = try ProjectLoader.listFiles(source)
        } catch {
            throw ProjectError(description: "\(error)")
        }
        var written: [String] = []
        do {
            try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
            for relative in files {
                let target = (destination as NSString).appendingPathComponent(relative)
                try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard var data = manager.contents(atPath: (source as NSString).appendingPathComponent(relative)) else {
                    throw ProjectError(description: "cannot read \(source)/\(relative)")
                }
                if relative == ProjectLoader.manifestName { data = Data(renamed(Array(data), to: name)) }
                guard manager.createFile(atPath: target, contents: data) else { throw ProjectError(description: "cannot write '\(target)'") }
                written.append(relative)
            }
        } catch let error as ProjectError {
            throw error
        } catch {
            throw ProjectError(description: "cannot create '\(destination)': \(error)")
        }
        return written
    }

    /// The manifest with `[package] name` replaced (the rest of the file, comments included, kept as written).
    static func renamed(_ bytes: [UInt8], to name: String) -> [UInt8] {
        let file = SourceFile(id: FileID(0), path: ProjectLoader.manifestName, bytes: bytes)
        guard let entry = TOMLLocator(file: file).entry("package", "name") else { return bytes }
        let span = entry.valueSpan
        return Array(bytes[..<span.start]) + Array("\"\(name)\"".utf8) + Array(bytes[span.end...])
    }
}
