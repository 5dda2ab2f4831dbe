import ArgumentParser
import CMTBuild
import CMTBundle
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
            first (with --deploy-arg values by position, or --param NAME=VALUE by name: a template's parameters, \
            defaulting to cmt.toml's [parameters] defaults or a bundle's bound values), then --entry with --arg \
            values, one per parameter. A .sbc bundle runs without compiling, after every part is verified. Exit status: 0 \
            when the call returns, 1 on a compile error, a revert or a trap, 2 on a usage error.
            """
    )

    @Argument(help: "The file, folder, project or .sbc bundle to run.")
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

    @Option(help: "The address that sends the calls (bech32, cmt1…; default: the named address 'sender').")
    var sender: String?

    @Option(help: "The height of the block the calls run in.")
    var height: Int64 = 1

    @Option(help: "The time of that block, in seconds since 1970.")
    var time: Int64 = 0

    @Flag(help: "Print only the program's output (no summary).")
    var quiet = false

    func validate() throws {
        guard gas > 0 else { throw ValidationError("--gas must be positive") }
        guard height >= 0 else { throw ValidationError("--height must be 0 or more") }
        guard time >= 0 else { throw ValidationError("--time must be 0 or more (seconds since 1970)") }
        guard heapMiB > 0, heapMiB <= 1 << 20 else { throw ValidationError("--heap-mib must be between 1 and 1048576") }
        guard entry != EntryPoint.constructorName else {
            throw ValidationError("the constructor runs once, when the contract is deployed (give its arguments with --deploy-arg or --param); it cannot be called with --entry")
        }
        guard webhook == nil || entry == nil else { throw ValidationError("--webhook and --entry cannot be used together") }
        guard json == nil || webhook != nil else { throw ValidationError("--json gives the fields of a --webhook event") }
        guard json == nil || arguments.isEmpty else { throw ValidationError("give the webhook's fields with --json or with --arg, not both") }
        _ = try senderAddress()
    }

    @Option(name: .customLong("param"), help: "A template parameter as NAME=VALUE, bound by name to the constructor (repeatable).")
    var parameters: [String] = []

    /// `--sender` checked as an address, or the named address `sender`.
    private func senderAddress() throws -> Address {
        guard let sender else { return Address.named("sender") }
        do { return try Address.parse(sender) } catch { throw ValidationError("--sender '\(sender)' is not an address: \(error.message)") }
    }

    func run() throws {
        let target = try RunTarget.load(paths)
        let program = target.program
        let host = InMemoryHost(block: BlockContext(height: height, time: time))
        (host.processService, host.ruleService) = target.services
        let limits = ExecutionLimits(gasLimit: gas, heapBytes: heapMiB << 20)
        let contract = Address.named("contract")
        let context = CallContext(contract: contract, sender: try senderAddress())
        host.deploy(program, at: contract)

        if target.isScript {
            guard entry == nil, webhook == nil, arguments.isEmpty, deployArguments.isEmpty, parameters.isEmpty else {
                printError("error: '\(paths.joined(separator: " "))' is a script (it declares no contract): --entry, --webhook, --arg, --deploy-arg and --param are for contracts")
                throw ExitCode(2)
            }
            let outcome = VM.call(program, entryPoint: "main", arguments: [], context: context, host: host, limits: limits)
            try finish(outcome, host: host, sources: target.sources, module: target.module, printed: 0)
            return
        }
        let constructor = try constructorArguments(target)
        // Check the entry point's arguments before deploying, so a usage error deploys nothing.
        // A project's [[webhooks]] may publish a hook under another name than its handler's.
        let hook = try webhook.map { try WebhookDelivery.entry(target.webhookHandlers[$0] ?? $0, in: target.module) }
        let entry = hook?.name ?? self.entry
        let entryValues = try hook.map { try WebhookDelivery.arguments(for: $0, json: json, texts: arguments, hook: webhook ?? "") }
            ?? entry.map { try values(arguments, for: $0, in: target.module) }
        var outcome = VM.deploy(program, arguments: constructor, context: context, host: host, limits: limits)
        if !quiet { printError("deployed at \(contract) (gas \(outcome.gasUsed))") }
        guard let entry else {
            try finish(outcome, host: host, sources: target.sources, module: target.module, printed: 0)
            return
        }
        guard outcome.returnValue != nil else {
            try finish(outcome, host: host, sources: target.sources, module: target.module, printed: 0)
            return
        }
        let printed = host.output.count
        for line in host.output { print(line) }
        let eventCount = host.events.count
        outcome = VM.call(program, entryPoint: entry, arguments: entryValues ?? [], context: context, host: host, limits: limits)
        try finish(outcome, host: host, sources: target.sources, module: target.module, printed: printed, eventsFrom: eventCount)
    }

    /// The constructor's arguments: --deploy-arg values in order, or template parameters bound by
    /// name (--param, then the manifest's defaults or the values a bundle recorded).
    private func constructorArguments(_ target: RunTarget) throws -> [ContractValue] {
        if !deployArguments.isEmpty {
            guard parameters.isEmpty else {
                printError("error: give the constructor's arguments either by position (--deploy-arg) or by name (--param), not both")
                throw ExitCode(2)
            }
            return try values(deployArguments, for: EntryPoint.constructorName, in: target.module)
        }
        let takes = target.module.entryPoint(named: EntryPoint.constructorName)?.parameters.isEmpty == false
        guard takes || !parameters.isEmpty else { return [] }
        if parameters.isEmpty, target.bound.isEmpty, target.manifest?.parameters.isEmpty ?? true {
            return try values([], for: EntryPoint.constructorName, in: target.module)  // says what the constructor takes
        }
        let recorded = target.bound.map { "\($0.name)=\($0.value)" }
        let given = recorded.filter { item in !parameters.contains { $0.split(separator: "=").first == item.split(separator: "=").first } } + parameters
        do {
            let bound = try ParameterBinding.bind(given, module: target.module, manifest: target.manifest)
            return try ParameterBinding.values(bound, module: target.module)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }

    private func values(_ texts: [String], for entryName: String, in module: Module) throws -> [ContractValue] {
        guard let entry = module.entryPoint(named: entryName) else {
            let names = module.entryPoints.map(\.name).filter { $0 != EntryPoint.constructorName }
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
            printBacktrace(outcome.revertBacktrace, sources: sources, module: module)
            printError("gas used: \(outcome.gasUsed)")
            throw ExitCode(1)
        case .trapped(let trap):
            printError("error: \(trap.reason)")
            printBacktrace(trap.backtrace, sources: sources, module: module)
            printError("gas used: \(outcome.gasUsed)")
            throw ExitCode(1)
        }
    }

    /// One `at` line per frame, innermost first; a run of identical frames (unbounded recursion)
    /// is one line with its count: `at f (x.cmt:2:12) (x1024)`.
    private func printBacktrace(_ frames: [TrapFrame], sources: SourceManager, module: Module) {
        for run in Backtrace.fold(frames.map { describe($0, sources: sources, module: module) }) {
            printError("  at \(run.line)" + (run.count > 1 ? " (x\(run.count))" : ""))
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
