import ArgumentParser
import CMTSource

/// `cmtc fmt PATH…`: rewrites files in the canonical style (wired to the formatter library).
struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fmt", abstract: "Format CMT files in the canonical style.")

    @Argument(help: "Files or directories to format.")
    var paths: [String]

    func run() throws {
        printError("error: the formatter is being integrated")
        throw ExitCode(2)
    }
}
