import ArgumentParser

/// `cmtc`: the Smart Business Contract compiler and tools.
@main
struct CMTC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmtc",
        abstract: "Compile, check and format Smart Business Contracts (CMT, DRL rules, process definitions).",
        version: "0.1.0",
        subcommands: [CheckCommand.self, FormatCommand.self]
    )
}
