import ArgumentParser
import Foundation

/// `cmtc`: the Smart Business Contract compiler and tools.
@main
struct CMTC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmtc",
        abstract: "Compile, check and format Smart Business Contracts (CMT, DRL rules, process definitions).",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, FormatCommand.self, BuildCommand.self, RunCommand.self, TestCommand.self, ProcessCommand.self, ReplCommand.self, NewCommand.self,
            BundleCommand.self, InspectCommand.self, KeysCommand.self, DeployCommand.self, CallCommand.self, SendCommand.self, ReceiptCommand.self,
            LogsCommand.self,
        ]
    )

    /// Runs the command; usage errors exit with status 2 (ArgumentParser's default is 64).
    static func main() async {
        do {
            var command = try parseAsRoot(NegativeNumberArguments.rewrite(Array(CommandLine.arguments.dropFirst())))
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError(fullMessage(for: error))
                printError("Run 'cmtc help' for usage.")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
