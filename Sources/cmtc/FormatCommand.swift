import ArgumentParser
import CMTCompiler
import CMTSource
import Foundation

/// `cmtc fmt PATH…`: rewrites `.cmt` files in the canonical style. A file with syntax errors is
/// reported and formatted only where it parses (the top-level items that hold errors stay byte for
/// byte as written); rule (`.drl`, `.rl`) and process (`.bpm`) files are not CMT and are
/// skipped in a directory, refused when named outright.
struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format CMT files in the canonical style.",
        discussion: "Rewrites each .cmt file in place (without a path, those of the current folder; a directory contributes every .cmt file below it, tests included; rule and process files are skipped). A file with syntax errors is reported, and only the top-level declarations and statements without errors are formatted: those holding an error, and any text the parser skipped, are kept exactly as written (a note on standard error says so). Exit status: 0 on success (or, with --check, when every file is already formatted), 1 when a file has syntax errors or, with --check, needs formatting, 2 on a usage error."
    )

    @Argument(help: "Files or directories to format; '-' reads standard input and writes standard output (default: the current folder).")
    var paths: [String] = []

    @Flag(help: "Change nothing; list files that are not formatted and exit 1 if there are any.")
    var check = false

    func run() throws {
        let paths = self.paths.isEmpty ? ["."] : self.paths
        if paths == ["-"] {
            try formatStandardInput()
            return
        }
        let files: [String]
        do {
            // Only CMT has a formatter: a directory contributes its `.cmt` files (test files
            // included), and a rule or process file named outright is refused, never parsed as CMT.
            if let other = paths.first(where: { InputFiles.isRuleFile($0) || Self.isProcessFile($0) }) {
                throw InputFiles.Failure(description: "'\(other)' is not a CMT file: cmtc fmt formats .cmt files only (rule and process files have no formatter)")
            }
            files = try InputFiles.expand(paths, extensions: [".cmt"], includeTests: true)
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
            if case .partial(let partial) = result {
                reportPartial(partial, path: path, sources: sources)
                failed = true
            }
            let output = result.output
            if output == bytes { continue }
            if check {
                print(path)
                failed = true
                continue
            }
            guard FileManager.default.createFile(atPath: path, contents: Data(output)) else {
                printError("error: cannot write '\(path)'")
                throw ExitCode(2)
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// Whether `path` names a process definition (`.bpm`, `.bpmn` or `.bpmn2`).
    static func isProcessFile(_ path: String) -> Bool {
        [".bpm", ".bpmn", ".bpmn2"].contains(where: { path.hasSuffix($0) })
    }

    private func formatStandardInput() throws {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let sources = SourceManager()
        let file = sources.add(path: "<stdin>", bytes: [UInt8](data))
        let result = CMTCompiler.Formatter.format(file)
        FileHandle.standardOutput.write(Data(result.output))
        if case .partial(let partial) = result {
            reportPartial(partial, path: "<stdin>", sources: sources)
            throw ExitCode(1)
        }
    }

    /// Says on standard error that a file with syntax errors was formatted only where it parses.
    private func reportPartial(_ partial: PartialFormat, path: String, sources: SourceManager) {
        printError(DiagnosticRenderer(sources: sources).render(partial.diagnostics), terminator: "")
        let count = partial.verbatimRegions.count
        let regions = count == 1 ? "1 region" : "\(count) regions"
        let action = check ? "would format" : "formatted"
        printError("note: \(path) has syntax errors: \(action) the code that parses and kept \(regions) with errors exactly as written")
    }
}
