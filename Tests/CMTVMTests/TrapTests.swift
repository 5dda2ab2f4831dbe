import CMTBytecode
import CMTVM
import Testing

@Suite struct TrapTests {
    @Test("an infinite loop ends in out of gas and uses exactly the gas it was charged")
    func infiniteLoop() throws {
        let outcome = try run(body("l: jump l"), gas: 1_000)
        #expect(trapReason(outcome) == .outOfGas)
        #expect(outcome.gasUsed == 1_000)  // one gas instruction of cost 1 per iteration
    }

    @Test("out of gas on entering a branch target charges nothing and points at the target block")
    func outOfGasAtBranchTarget() throws {
        // Entry block: loadI, jump = 2 gas; the target block (3 × loadI, ret) costs 4.
        let outcome = try run(".func main 0 2\n.entry main\n loadI r0, 1\n jump t\nt: loadI r1, 1\n loadI r1, 1\n loadI r1, 1\n ret r0\n", gas: 5)
        guard case .trapped(let trap) = outcome.status else {
            Issue.record("expected a trap, got \(outcome.status)")
            return
        }
        #expect(trap.reason == .outOfGas)
        #expect(outcome.gasUsed == 2)
        #expect(trap.backtrace.first?.instruction == 2)
    }

    @Test("runaway recursion ends in a stack-depth trap")
    func recursion() throws {
        let outcome = try run(".func main 0 2\n.entry main\n call r1, main, 0\n ret r1\n", gas: 1_000_000, maxCallDepth: 50)
        #expect(trapReason(outcome) == .stackDepth)
    }

    @Test("a memory bomb ends in a heap-limit or out-of-gas trap")
    func memoryBomb() throws {
        let source = body("newArray r1, 0\nl: push r1, r1\n jump l")
        #expect(trapReason(try run(source, gas: 100_000_000, heapBytes: 1 << 16)) == .heapLimit)
        #expect(trapReason(try run(source, gas: 10_000, heapBytes: 1 << 30)) == .outOfGas)
    }

    @Test("each arithmetic failure traps with its reason")
    func arithmetic() throws {
        #expect(trapReason(try run(body("loadI r1, 1\n loadI r2, 0\n div r0, r1, r2"))) == .divisionByZero)
        #expect(trapReason(try run(body("loadI r1, 1\n loadI r2, 0\n mod r0, r1, r2"))) == .divisionByZero)
        #expect(trapReason(try run(body("loadK r1, #1e20\n mulI r0, r1, 10"))) == .overflow)
        let typeTrap = trapReason(try run(body("loadK r1, \"a\"\n addI r0, r1, 1")))
        if case .typeMismatch = typeTrap {} else { Issue.record("expected a type mismatch, got \(String(describing: typeTrap))") }
    }

    @Test("indexing outside an array traps")
    func bounds() throws {
        #expect(trapReason(try run(body("newArray r1, 0\n loadI r2, 3\n getIndex r0, r1, r2"))) == .indexOutOfRange)
        #expect(trapReason(try run(body("newArray r1, 0\n loadI r2, -1\n setIndex r1, r2, r2"))) == .indexOutOfRange)
    }

    @Test("unwrapping null and reading a field of null trap with null unwrap")
    func nulls() throws {
        #expect(trapReason(try run(body("unwrap r0, r1"))) == .nullUnwrap)
        #expect(trapReason(try run(".class P x\n" + body("getField r0, r1, 0"))) == .nullUnwrap)
    }

    @Test("revert and a failed require end the call as reverted with the reason")
    func revert() throws {
        let reverted = try run(body("loadK r1, \"too low\"\n revert r1"))
        #expect(reverted.status == .reverted(reason: "too low"))
        let required = try run(body("loadBool r1, 0\n loadK r2, \"need more\"\n require r1, r2"))
        #expect(required.status == .reverted(reason: "need more"))
    }

    @Test("a host refusal traps or reverts without crashing")
    func hostFailure() throws {
        let call = try run(body("loadK r1, addr\"\(Address.named("none").text)\"\n loadK r2, \"f\"\n newArray r3, 0\n host r1, callContract, 3"))
        if case .hostFailure = trapReason(call) {} else { Issue.record("expected host failure, got \(call.status)") }
        let transfer = try run(body("loadK r1, addr\"\(Address.named("x").text)\"\n loadI r2, 5\n host r1, transfer, 2"))
        #expect(transfer.status == .reverted(reason: "transfer failed: insufficient balance"))
    }

    @Test("a trap reports its function, instruction and source span")
    func backtrace() throws {
        var builder = ModuleBuilder()
        var function = FunctionBuilder(name: "main", parameterCount: 0)
        function.setLocation(file: "a.cmt", start: 10, end: 20)
        function.emit(.loadI, 1, 1)
        function.setLocation(file: "a.cmt", start: 30, end: 35)
        function.emit(.div, 0, 1, 2)
        function.emit(.ret, 0)
        let index = try builder.define(function)
        builder.addEntryPoint(name: "main", function: index, parameters: [], returnType: .any)
        let program = Program(try Verifier.verify(try builder.build()))
        let outcome = VM.call(
            program, entryPoint: "main", arguments: [], context: CallContext(contract: contractAddress, sender: userAddress),
            host: InMemoryHost(), limits: ExecutionLimits(gasLimit: 100))
        guard case .trapped(let trap) = outcome.status else {
            Issue.record("expected a trap")
            return
        }
        #expect(trap.reason == .typeMismatch("arithmetic on int and null"))
        #expect(trap.backtrace.first?.instruction == 1)
        #expect(trap.backtrace.first?.location?.start == 30)
    }
}
