import ArgumentParser
import CMTRepl
import CMTVM
import Foundation

/// `cmtc repl [PATH…]`: the rules REPL. Loads a program's .cmt and .drl/.rl files, opens one rule
/// session per rule file, and reads commands (insert, fire, facts, why, reload, …) one per line.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Load rules, insert facts, fire them and see which rules fired and why.",
        discussion: """
            The files (or the .cmt, .drl and .rl files of the directories) are compiled as one program, as \
            'cmtc run' does; 'declare'd types are classes. Each rule file gets its own session (its own facts); \
            commands act on the first rule file until 'use FILE'. Type :help for the commands. On a terminal, \
            lines are edited with libedit when it is installed (Tab completes commands, fact types, fields, rule \
            and query names; Ctrl-C cancels the line being typed, shows a new prompt at an empty one, and stops a \
            running command, whose code the VM interrupts, a second Ctrl-C ending the REPL if it does not stop); otherwise commands are read one per line without \
            prompts, so a script can be piped in. Exit status: 0 at :quit or end of input, 1 when the program \
            does not compile, 2 on a usage error.
            """
    )

    @Argument(help: "Files or directories to load (default: the current directory).")
    var paths: [String] = []

    @Option(help: "The gas of each rule session (from its start or the last reload).")
    var gas: Int64 = 1_000_000_000

    @Option(name: .customLong("fire-limit"), help: "How many activations a bare 'fire' runs at most.")
    var fireLimit = 10_000

    func validate() throws {
        guard gas > 0 else { throw ValidationError("--gas must be positive") }
        guard fireLimit > 0 else { throw ValidationError("--fire-limit must be positive") }
    }

    func run() throws {
        let reader = LineReader()
        let interrupt = ExecutionInterrupt()
        let options = ReplSession.Options(gasLimit: gas, fireLimit: fireLimit, interrupt: interrupt)
        let inputs = paths.isEmpty ? ["."] : paths
        guard let session = ReplSession.open(paths: inputs, options: options, output: ReplOutput { diagnostics, sources, files in
            CompileSupport.report(diagnostics, sources: sources, files: files, color: false)
        }) else { throw ExitCode(1) }
        if reader.isInteractive {
            let files = session.loaded.files.joined(separator: ", ")
            print("cmtc repl: \(files); commands act on \(session.current). Type :help for the commands, :quit to leave.")
        }
        defer { reader.close() }
        while true {
            reader.complete(with: session.completion)
            guard let line = reader.next(prompt: "\(session.current)> ") else { break }
            guard reader.runInterruptibly(interrupt, { session.run(line) }) else { break }
            fflush(nil)
        }
        if reader.isInteractive { print() }
    }
}
