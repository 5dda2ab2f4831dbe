import ArgumentParser
import CMTBuild
import Foundation

/// `cmtc new NAME [--template T]`: creates a project folder from a template of the Stdlib.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a project from a template (Stdlib/templates/<name>; the default is 'hello').",
        discussion: """
            Copies the template into ./NAME and names the package NAME. The Stdlib folder is $CMT_STDLIB, or the first \
            'Stdlib' folder above the current folder or above the cmtc executable. Exit status: 0 on success, 2 on a \
            usage error (an unknown template, an existing folder).
            """
    )

    @Argument(help: "The project's name (also its folder).")
    var name: String?

    @Option(help: "The template to copy.")
    var template: String = Templates.defaultTemplate

    @Flag(help: "List the available templates instead.")
    var list = false

    func validate() throws {
        guard list || name != nil else { throw ValidationError("missing the project's NAME") }
    }

    func run() throws {
        guard let stdlib = StdlibLocator.locate(from: FileManager.default.currentDirectoryPath) else {
            printError("error: no Stdlib folder found (\(StdlibLocator.describeSearch(from: nil)))")
            throw ExitCode(2)
        }
        if list {
            for name in Templates.available(stdlib: stdlib) { print(name) }
            return
        }
        guard let name else { return }
        do {
            let files = try Templates.instantiate(template, stdlib: stdlib, name: name, destination: name)
            print("created \(name)/ from template '\(template)':")
            for file in files { print("  \(file)") }
            print("next: cd \(name) && cmtc build && cmtc test")
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }
}
