import ArgumentParser
import CMTBuild
import CMTProcessEngine
import CMTSource
import CMTWorkflow
import Foundation

/// `cmtc process …`: the process definition (`.bpm`) tools.
struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Check process definitions, run the jPDL conformance suite, show an instance on a node.",
        subcommands: [ProcessCheckCommand.self, ProcessConformanceCommand.self, ProcessShowCommand.self]
    )
}

/// `cmtc process check FILE.bpm…`: parses and checks definitions (and compiles their expressions
/// against their declared variables); exit 0 when clean, 1 on errors, 2 on usage errors.
struct ProcessCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check process definitions (.bpm) for errors.",
        discussion: "Exit status: 0 when there are no errors, 1 when there are, 2 on a usage error."
    )

    @Argument(help: "Process definition files.")
    var paths: [String]

    @Option(help: "How to print diagnostics: text or json.")
    var format: CheckCommand.OutputFormat = .text

    @Option(name: .customLong("var"), help: "A variable type for expressions, as NAME:TYPE (e.g. budget:number); repeatable.")
    var variables: [String] = []

    func run() throws {
        var types: [String: String] = [:]
        for item in variables {
            let parts = item.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                printError("error: --var expects NAME:TYPE, got '\(item)'")
                throw ExitCode(2)
            }
            types[parts[0]] = parts[1]
        }
        let sources = SourceManager()
        var all: [Diagnostic] = []
        var definitions: [(name: String, definition: ProcessDefinition)] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("error: cannot read \(path)")
                throw ExitCode(2)
            }
            let file = sources.add(path: path, bytes: Array(data))
            let parsed = ProcessParser.parse(file)
            all += parsed.diagnostics
            if let definition = parsed.definition { definitions.append((path, definition)) }
        }
        // The files given are one deployment: process-states bind their sub-processes among them by name.
        all += ProcessDeployment.compile(definitions, variables: types).diagnostics
        let errors = all.count { $0.severity == .error }
        switch format {
        case .json:
            print(DiagnosticJSON(sources: sources).render(all))
        case .text:
            let renderer = DiagnosticRenderer(sources: sources, decorator: isatty(2) != 0 ? ANSIDecorator() : PlainDecorator())
            let text = renderer.render(all, perFile: DiagnosticLimit.defaultPerFile)
            if !text.isEmpty { printError(text, terminator: "") }
            if errors > 0 { printError("\(errors) error\(errors == 1 ? "" : "s") in \(paths.count) file\(paths.count == 1 ? "" : "s")") }
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

/// `cmtc process conformance DIR`: runs every scenario of a jPDL behaviour bench folder.
struct ProcessConformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Run the jPDL conformance scenarios of a folder (NN-*.json with their XML).",
        discussion: "Prints one line per scenario and a summary; exit 1 when any scenario fails."
    )

    @Argument(help: "The folder holding the NN-*.json files and their definitions.")
    var directory: String

    func run() throws {
        let results: [ConformanceRunner.ScenarioResult]
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            printError("error: '\(directory)' is not a directory of conformance samples")
            throw ExitCode(2)
        }
        do {
            results = try ConformanceRunner.run(directory: directory, rules: ConformanceRuleFiles())
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        var passed = 0
        var failed = 0
        var unsupported = 0
        for result in results {
            switch result.outcome {
            case .passed:
                passed += 1
                print("PASS \(result.suite)/\(result.scenario)")
            case .failed(let step, let reason):
                failed += 1
                print("FAIL \(result.suite)/\(result.scenario) at step \(step): \(reason)")
            case .unsupported(let step, let op):
                unsupported += 1
                print("UNSUPPORTED \(result.suite)/\(result.scenario) at step \(step): the op '\(op)' is not supported")
            }
        }
        print("\(passed) passed, \(failed) failed" + (unsupported > 0 ? ", \(unsupported) unsupported" : ""))
        if failed + unsupported > 0 { throw ExitCode(1) }
    }
}
