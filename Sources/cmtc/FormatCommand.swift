import ArgumentParser
import CMTCompiler
import CMTSource
import Foundation

/// `cmtc fmt PATH…`: rewrites files in the canonical style. A file with syntax errors is reported
/// and left untouched.
struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format CMT files in the canonical style.",
        discussion: "Rewrites each file in place. Files with syntax errors are reported and not changed. Exit status: 0 on success (or, with --check, when every file is already formatted), 1 when a file has syntax errors or, with --check, needs formatting, 2 on a usage error."
    )

    @Argument(help: "Files or directories to format; '-' reads standard input and writes standard output.")
    var paths: [String]

    @Flag(help: "Change nothing; list files that are not formatted and exit 1 if there are any.")
    var check = false

    func run() throws {
        if paths == ["-"] {
            try formatStandardInput()
            return
        }
        let files: [String]
        do {
            files = try InputFiles.expand(paths)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        let sources = SourceManager()
        var failed = false
        for path in files {
            let bytes: [UInt8]
            do {
                bytes = try InputFiles.read(path)
            } catch {
                printError("error: \(error)")
                throw ExitCode(2)
            }
            let file = sources.add(path: path, bytes: bytes)
            let result = CMTCompiler.Formatter.format(file)
            guard let text = result.text else {
                printError(DiagnosticRenderer(sources: sources).render(result.diagnostics), terminator: "")
                failed = true
                continue
            }
            if Array(text.utf8) == bytes { continue }
            if check {
                print(path)
                failed = true
                continue
            }
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                printError("error: cannot write '\(path)'")
                throw ExitCode(2)
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func formatStandardInput() throws {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let sources = SourceManager()
        let file = sources.add(path: "<stdin>", bytes: [UInt8](data))
        let result = CMTCompiler.Formatter.format(file)
        guard let text = result.text else {
            printError(DiagnosticRenderer(sources: sources).render(result.diagnostics), terminator: "")
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
