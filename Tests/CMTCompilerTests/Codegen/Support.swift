import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Testing

/// The result of compiling and running a script.
struct ScriptRun {
    var output: [String]
    var status: CallOutcome.Status
    var gasUsed: Int64

    var revertReason: String? {
        if case .reverted(let reason) = status { return reason }
        return nil
    }

    var trapReason: TrapReason? {
        if case .trapped(let trap) = status { return trap.reason }
        return nil
    }
}

struct CompileFailure: Error, CustomStringConvertible {
    let description: String
}

/// Compiles `source` as one module; throws with the rendered diagnostics on errors.
func compile(_ source: String, path: String = "test.cmt", optimize: Bool = true) throws -> Compiler.Output {
    let sources = SourceManager()
    let file = sources.add(path: path, text: source)
    let output = Compiler.compile([file], sources: sources, options: Compiler.Options(optimize: optimize))
    if output.hasErrors || output.module == nil {
        let text = DiagnosticRenderer(sources: sources, decorator: PlainDecorator()).render(output.diagnostics)
        throw CompileFailure(description: text)
    }
    return output
}

/// The diagnostics of compiling `source` (errors expected), rendered.
func compileErrors(_ source: String) -> [Diagnostic] {
    let sources = SourceManager()
    let file = sources.add(path: "test.cmt", text: source)
    return Compiler.compile([file], sources: sources).diagnostics.filter { $0.severity == .error }
}

let caller = Address.named("caller")
let contractAddress = Address.named("contract")

/// Compiles and runs a script's `main`.
func runScript(_ source: String, gas: Int64 = 100_000_000, optimize: Bool = true) throws -> ScriptRun {
    let output = try compile(source, optimize: optimize)
    guard let module = output.module else { throw CompileFailure(description: "no module") }
    let program = Program(try Verifier.verify(module))
    let host = InMemoryHost()
    let outcome = VM.call(program, entryPoint: "main", arguments: [], context: CallContext(contract: contractAddress, sender: caller),
                          host: host, limits: ExecutionLimits(gasLimit: gas))
    return ScriptRun(output: host.output, status: outcome.status, gasUsed: outcome.gasUsed)
}

/// Runs a compiled script's `main` on a fresh in-memory host; gives the outcome and the output.
func runMain(_ module: Module, gas: Int64 = 10_000_000) throws -> (outcome: CallOutcome, output: [String]) {
    let host = InMemoryHost()
    let outcome = VM.call(Program(try Verifier.verify(module)), entryPoint: "main", arguments: [],
                          context: CallContext(contract: contractAddress, sender: caller), host: host,
                          limits: ExecutionLimits(gasLimit: gas))
    return (outcome, host.output)
}

/// A deployed contract on an in-memory chain.
final class DeployedContract {
    let program: Program
    let host = InMemoryHost()
    let deployOutcome: CallOutcome

    init(_ source: String, constructorArguments: [ContractValue] = []) throws {
        let output = try compile(source)
        guard let module = output.module else { throw CompileFailure(description: "no module") }
        program = Program(try Verifier.verify(module))
        host.deploy(program, at: contractAddress)
        deployOutcome = VM.deploy(program, arguments: constructorArguments,
                                context: CallContext(contract: contractAddress, sender: caller), host: host,
                                limits: ExecutionLimits(gasLimit: 10_000_000))
    }

    func call(_ entry: String, _ arguments: [ContractValue] = [], sender: Address = caller) -> CallOutcome {
        VM.call(program, entryPoint: entry, arguments: arguments, context: CallContext(contract: contractAddress, sender: sender),
                host: host, limits: ExecutionLimits(gasLimit: 10_000_000))
    }
}
