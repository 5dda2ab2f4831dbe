import ArgumentParser
import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import CMTWorkflow
import Foundation

/// `cmtc run FILE`: runs a script, or deploys a contract on an in-memory chain and calls an entry
/// point. Prints the program's output on standard output and a summary (result, events, gas) on
/// standard error; a revert or trap exits 1.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a CMT script, or deploy a contract on an in-memory chain and call it.",
        discussion: """
            A script (a file without a contract) runs from top to bottom. For a contract, the constructor runs \
            first (with --deploy-arg values), then --entry with --arg values, one per parameter. Exit status: 0 \
            when the call returns, 1 on a compile error, a revert or a trap, 2 on a usage error.
            """
    )

    @Argument(help: "The file (or directory) to run.")
    var paths: [String]

    @Option(help: "The public function of the contract to call.")
    var entry: String?

    @Option(name: .customLong("arg"), help: "An argument of the entry point (repeat for each parameter; arrays and maps as JSON).")
    var arguments: [String] = []

    @Option(name: .customLong("deploy-arg"), help: "An argument of the contract's constructor.")
    var deployArguments: [String] = []

    @Option(help: "Deliver an event to this webhook handler of the contract (instead of --entry), with --json or --arg.")
    var webhook: String?

    @Option(help: "The webhook event as a JSON object keyed by the handler's parameter names.")
    var json: String?

    @Option(help: "The gas limit of each call.")
    var gas: Int64 = 1_000_000_000

    @Option(name: .customLong("heap-mib"), help: "The memory limit of each call, in MiB.")
    var heapMiB: Int = 64

    @Option(help: "The address that sends the calls.")
    var sender = "cmt1sender"

    @Option(help: "The height of the block the calls run in.")
    var height: Int64 = 1

    @Option(help: "The time of that block, in seconds since 1970.")
    var time: Int64 = 0

    @Flag(help: "Print only the program's output (no summary).")
    var quiet = false

    func validate() throws {
        guard gas > 0 else { throw ValidationError("--gas must be positive") }
        guard heapMiB > 0, heapMiB <= 1 << 20 else { throw ValidationError("--heap-mib must be between 1 and 1048576") }
        guard webhook == nil || entry == nil else { throw ValidationError("--webhook and --entry cannot be used together") }
        guard json == nil || webhook != nil else { throw ValidationError("--json gives the fields of a --webhook event") }
        guard json == nil || arguments.isEmpty else { throw ValidationError("give the webhook's fields with --json or with --arg, not both") }
    }

    func run() throws {
        let compiled = try CompileSupport.compile(paths)
        let verified: VerifiedModule
        do {
            verified = try Verifier.verify(compiled.module)
        } catch {
            printError("error: the compiled module does not verify: \(error)")
            throw ExitCode(1)
        }
        let program = Program(verified)
        let host = InMemoryHost(block: BlockContext(height: height, time: time))
        (host.processService, host.ruleService) = compiled.services(for: program)
        let limits = ExecutionLimits(gasLimit: gas, heapBytes: heapMiB << 20)
        let contract = Address("cmt1contract")
        let context = CallContext(contract: contract, sender: Address(sender))
        host.deploy(program, at: contract)

        if compiled.output.isScript {
            guard entry == nil, webhook == nil, arguments.isEmpty, deployArguments.isEmpty else {
                printError("error: '\(paths.joined(separator: " "))' is a script (it declares no contract): --entry, --webhook, --arg and --deploy-arg are for contracts")
                throw ExitCode(2)
            }
            let outcome = VM.call(program, entryPoint: "main", arguments: [], context: context, host: host, limits: limits)
            try finish(outcome, host: host, sources: compiled.sources, module: compiled.module, printed: 0)
            return
        }
        let constructor = try values(deployArguments, for: "constructor", in: compiled.module)
        // Check the entry point's arguments before deploying, so a usage error deploys nothing.
        let hook = try webhook.map { try WebhookDelivery.entry($0, in: compiled.module) }
        let entry = hook?.name ?? self.entry
        let entryValues = try hook.map { try WebhookDelivery.arguments(for: $0, json: json, texts: arguments, hook: webhook ?? "") }
            ?? entry.map { try values(arguments, for: $0, in: compiled.module) }
        var outcome = VM.call(program, entryPoint: "constructor", arguments: constructor, context: context, host: host, limits: limits)
        if !quiet { printError("deployed at \(contract) (gas \(outcome.gasUsed))") }
        guard let entry else {
            try finish(outcome, host: host, sources: compiled.sources, module: compiled.module, printed: 0)
            return
        }
        guard outcome.returnValue != nil else {
            try finish(outcome, host: host, sources: compiled.sources, module: compiled.module, printed: 0)
            return
        }
        let printed = host.output.count
        for line in host.output { print(line) }
        let eventCount = host.events.count
        outcome = VM.call(program, entryPoint: entry, arguments: entryValues ?? [], context: context, host: host, limits: limits)
        try finish(outcome, host: host, sources: compiled.sources, module: compiled.module, printed: printed, eventsFrom: eventCount)
    }

    private func values(_ texts: [String], for entryName: String, in module: Module) throws -> [ContractValue] {
        guard let entry = module.entryPoint(named: entryName) else {
            let names = module.entryPoints.map(\.name).filter { $0 != "constructor" }
            printError("error: the contract has no public function '\(entryName)'" + (names.isEmpty ? "" : "; it has \(names.joined(separator: ", "))"))
            throw ExitCode(2)
        }
        guard texts.count == entry.parameters.count else {
            let signature = entry.parameters.map { "\($0.name): \($0.type)" }.joined(separator: ", ")
            printError("error: '\(entryName)(\(signature))' takes \(entry.parameters.count) argument(s), \(texts.count) given")
            throw ExitCode(2)
        }
        do {
            return try zip(texts, entry.parameters).map { try ArgumentValues.parse($0, as: $1.type) }
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }

    private func finish(_ outcome: CallOutcome, host: InMemoryHost, sources: SourceManager, module: Module, printed: Int, eventsFrom: Int = 0) throws {
        for line in host.output.dropFirst(printed) { print(line) }
        fflush(nil)
        switch outcome.status {
        case .returned(let value):
            if !quiet {
                for event in host.events.dropFirst(eventsFrom) {
                    let fields = ValueCodec.decode(event.fields).map(\.description) ?? "?"
                    printError("event \(event.name) \(fields)")
                }
                if value != .null { printError("result: \(value)") }
                printError("gas used: \(outcome.gasUsed)")
            }
        case .reverted(let reason):
            printError("reverted: \(reason)")
            printError("gas used: \(outcome.gasUsed)")
            throw ExitCode(1)
        case .trapped(let trap):
            printError("error: \(trap.reason)")
            for frame in trap.backtrace {
                printError("  at \(describe(frame, sources: sources, module: module))")
            }
            printError("gas used: \(outcome.gasUsed)")
            throw ExitCode(1)
        }
    }

    private func describe(_ frame: TrapFrame, sources: SourceManager, module: Module) -> String {
        let name = frame.function < module.functions.count ? module.functions[frame.function].name : "#\(frame.function)"
        guard let location = frame.location, let paths = module.debugInfo?.files, Int(location.file) < paths.count else {
            return "\(name), instruction \(frame.instruction)"
        }
        let path = paths[Int(location.file)]
        guard let file = sources.allFiles.first(where: { $0.path == path }) else { return "\(name) (\(path))" }
        let position = file.location(of: Int(location.start))
        return "\(name) (\(path):\(position.line):\(position.column))"
    }
}
