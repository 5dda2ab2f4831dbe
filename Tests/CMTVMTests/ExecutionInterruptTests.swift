import CMTBytecode
import CMTFuzzKit
import CMTVM
import Testing

/// A host's ``ExecutionInterrupt`` (how `cmtc repl` stops a call on Ctrl-C): raised, it stops the
/// running code with `interrupted`; never raised, it changes nothing — the same results and gas
/// to the unit, so the VM stays deterministic (docs/vm.md, "Determinism").
@Suite struct ExecutionInterruptTests {
    /// A loop adding 1 to r0 until it reaches `count`.
    static func loop(_ count: Int) -> String {
        body("loadK r1, #\(count)\n loadI r0, 0\n jump t\nb: addI r0, r0, 1\nt: jumpLt r0, r1, b")
    }

    static func host(interrupt: ExecutionInterrupt?) -> InMemoryHost {
        let host = InMemoryHost()
        host.interrupt = interrupt
        return host
    }

    @Test("an interrupt never raised gives the same outcome and gas, at and around every slice boundary")
    func unraisedInterruptChangesNothing() throws {
        let slice = ExecutionInterrupt.sliceGas
        for (iterations, gas) in [(10, 1_000), (200_000, slice - 3), (200_000, slice + 1), (300_000, 2 * slice), (300_000, 10 * slice),
                                  (1_000_000, 3 * slice + 7)] as [(Int, Int64)] {
            let plain = try run(Self.loop(iterations), gas: gas, host: Self.host(interrupt: nil))
            let sliced = try run(Self.loop(iterations), gas: gas, host: Self.host(interrupt: ExecutionInterrupt()))
            #expect(plain == sliced, "\(iterations) iterations, \(gas) gas")
        }
    }

    @Test("an interrupt never raised changes nothing for the VM fuzz seeds (every opcode, calls back into the contract)")
    func unraisedInterruptOnSeeds() throws {
        for bytes in VMSeeds.modules() {
            let verified = try Verifier.verify(bytes: bytes)
            let program = Program(verified)
            var outcomes: [[CallOutcome]] = []
            for interrupt in [nil, ExecutionInterrupt()] {
                let host = Self.host(interrupt: interrupt)
                host.setBalance(Decimal18(1_000), for: Address.named("fuzz"))
                host.deploy(program, at: Address.named("fuzz"))
                let context = CallContext(contract: Address.named("fuzz"), sender: userAddress, value: Decimal18(3))
                outcomes.append(verified.module.entryPoints.filter { $0.name != EntryPoint.constructorName }.map { entry in
                    let arguments = entry.parameters.map { _ in ContractValue.null }
                    return VM.call(program, entryPoint: entry.name, arguments: arguments, context: context, host: host,
                                   limits: ExecutionLimits(gasLimit: 3 * ExecutionInterrupt.sliceGas, maxCallDepth: 64))
                })
            }
            #expect(outcomes[0] == outcomes[1])
        }
    }

    @Test("a raised interrupt stops a loop with 'interrupted' after at most one slice of gas, rolling back")
    func raisedInterruptStopsTheLoop() throws {
        let interrupt = ExecutionInterrupt()
        interrupt.request()
        let outcome = try run(Self.loop(1_000_000_000), gas: 1 << 40, host: Self.host(interrupt: interrupt))
        #expect(trapReason(outcome) == .interrupted)
        #expect(outcome.gasUsed <= ExecutionInterrupt.sliceGas)
        #expect(TrapReason.interrupted.description == "interrupted")
        interrupt.reset()
        #expect(!interrupt.isRequested)
        #expect(try run(Self.loop(10), gas: 1 << 40, host: Self.host(interrupt: interrupt)).returnValue == .int(10))
    }

    @Test("a raised interrupt stops a called contract's loop and then its caller")
    func raisedInterruptStopsNestedCalls() throws {
        let interrupt = ExecutionInterrupt()
        let host = Self.host(interrupt: interrupt)
        let callee = Program(try Verifier.verify(try Assembler.assemble(
            ".func spin 0 8\n.entry spin -> number\n loadK r1, #1000000000\n loadI r0, 0\n jump t\nb: addI r0, r0, 1\nt: jumpLt r0, r1, b\n ret r0\n")))
        host.deploy(callee, at: Address.named("callee"))
        interrupt.request()
        let outcome = try run(
            body("loadK r1, addr\"\(Address.named("callee").text)\"\n loadK r2, \"spin\"\n newArray r3, 0\n host r1, callContract, 3\n"
                 + " loadK r5, #1000000000\n loadI r0, 0\n jump t\nb: addI r0, r0, 1\nt: jumpLt r0, r5, b"),
            gas: 1 << 40, host: host)
        // The callee's failure reaches the caller as a host failure or the caller stops at its own
        // next slice: either way nothing runs to the end.
        let reason = trapReason(outcome)
        #expect(reason == .interrupted || reason.map { "\($0)".contains("interrupted") } == true, "\(outcome.status)")
        #expect(outcome.gasUsed <= 3 * ExecutionInterrupt.sliceGas)
    }
}
