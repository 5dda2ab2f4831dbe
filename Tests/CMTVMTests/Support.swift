import CMTBytecode
import CMTVM

let contractAddress = Address.named("contract")
let userAddress = Address.named("user")

/// Assembles, verifies and runs `source`'s entry point `main` (or `entry`) on `host`.
func run(
    _ source: String, entry: String = "main", arguments: [ContractValue] = [], gas: Int64 = 1_000_000,
    host: InMemoryHost = InMemoryHost(), heapBytes: Int = 1 << 20, maxCallDepth: Int = 64
) throws -> CallOutcome {
    let program = Program(try Verifier.verify(try Assembler.assemble(source)))
    return VM.call(
        program, entryPoint: entry, arguments: arguments,
        context: CallContext(contract: contractAddress, sender: userAddress, value: Decimal18(5)), host: host,
        limits: ExecutionLimits(gasLimit: gas, maxCallDepth: maxCallDepth, heapBytes: heapBytes))
}

/// Wraps instruction lines into a `main` function with `registers` registers returning r0.
func body(_ lines: String, registers: Int = 8) -> String {
    ".func main 0 \(registers)\n.entry main\n\(lines)\n    ret r0\n"
}

func number(_ text: String) -> ContractValue { .number(Decimal18(literal: text) ?? .zero) }

func trapReason(_ outcome: CallOutcome) -> TrapReason? {
    if case .trapped(let trap) = outcome.status { return trap.reason }
    return nil
}
