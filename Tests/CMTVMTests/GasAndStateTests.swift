import CMTBytecode
import CMTVM
import Testing

let counter = """
    .state count number
    .func bump 1 4
    .entry bump by:number -> number
        sload r1, count
        isNull r2, r1
        jumpIfNot r2, have
        loadI r1, 0
    have:
        add r1, r1, r0
        sstore r1, count
        loadK r3, "bumped"
        host r3, emit, 3
        jumpGtI r1, 100, fail
        ret r1
    fail:
        loadK r3, "limit"
        revert r3
    .func spin 0 1
    .entry spin
        sload r0, count
        addI r0, r0, 1
        sstore r0, count
    l:  jump l
    """

@Suite struct GasAndStateTests {
    // Pinned: a change to these numbers must be explained (gas schedule, docs/gas.md), not re-blessed.
    @Test("gas of small programs is exact")
    func exactGas() throws {
        #expect(try run(body("loadI r0, 1")).gasUsed == 2)
        // + the boxed 0.5: 48 bytes since schedule version 3 (decimal arithmetic costs several times an integer's)
        #expect(try run(body("loadI r0, 1\n loadI r1, 2\n div r0, r0, r1")).gasUsed == 2 + 3 + 1 + 6)
        let loop = try run(body("loadI r0, 0\n jump t\nb: addI r0, r0, 1\nt: jumpLtI r0, 10, b"))
        #expect(loop.returnValue == .int(10))
        // blocks: entry (2), body addI (1) x10, test jumpLtI (1) x11, ret (1)
        #expect(loop.gasUsed == 2 + 10 * 1 + 11 * 1 + 1)
        #expect(try run(body("newArray r0, 4")).gasUsed == 6 + (32 + 64) / 8)
    }

    // Pinned like exactGas: closures, globals and intrinsics (docs/gas.md).
    @Test("gas of a program using a closure, a global and an intrinsic is exact")
    func exactGasOfNewOpcodes() throws {
        let source = """
            .global g
            .func main 0 4
            .entry main
                loadI r1, 2
                closure r2, addTo, r1
                loadI r3, 40
                callRef r3, r2, 1
                setGlobal r3, g
                getGlobal r0, g
                loadK r1, " x "
                intrinsic r1, stringTrim, 1
                ret r0
            .func addTo 2 2 captures=1
                add r0, r0, r1
                ret r0
            """
        let outcome = try run(source)
        #expect(outcome.returnValue == .int(42))
        // main's one block: loadI 1, closure 5, loadI 1, callRef 5, setGlobal 1, getGlobal 1, loadK 1,
        // intrinsic 3, ret 1 = 19; addTo's block 2; the closure record 32 + 16 bytes = 6;
        // trimming 3 bytes = 3 (1 byte of work per gas since schedule version 3); the 1-byte
        // result string (17 bytes) = 3.
        #expect(outcome.gasUsed == 19 + 2 + 6 + 3 + 3)
    }

    @Test("a failed gas charge deducts nothing and reports the gas used so far")
    func failedCharge() throws {
        let outcome = try run(body("loadI r0, 1\n jump t\nt: loadI r1, 1\n loadI r1, 1\n loadI r1, 1"), gas: 3)
        #expect(trapReason(outcome) == .outOfGas)
        #expect(outcome.gasUsed == 2)
    }

    @Test("state fields persist between calls and are written only on success")
    func statePersists() throws {
        let host = InMemoryHost()
        #expect(try run(counter, entry: "bump", arguments: [.int(5)], host: host).returnValue == .int(5))
        #expect(try run(counter, entry: "bump", arguments: [.int(7)], host: host).returnValue == .int(12))
        #expect(host.storageGet(contract: contractAddress, key: Array("count".utf8)).flatMap(ValueCodec.decode) == .int(12))
        #expect(host.events.count == 2)
    }

    @Test("revert rolls back state and events")
    func revertRollsBack() throws {
        let host = InMemoryHost()
        _ = try run(counter, entry: "bump", arguments: [.int(50)], host: host)
        let outcome = try run(counter, entry: "bump", arguments: [.int(60)], host: host)
        #expect(outcome.status == .reverted(reason: "limit"))
        #expect(outcome.gasUsed > 0)
        #expect(host.storageGet(contract: contractAddress, key: Array("count".utf8)).flatMap(ValueCodec.decode) == .int(50))
        #expect(host.events.count == 1)
    }

    @Test("out of gas rolls back every state change and still reports the gas")
    func outOfGasRollsBack() throws {
        let host = InMemoryHost()
        _ = try run(counter, entry: "bump", arguments: [.int(1)], host: host)
        let outcome = try run(counter, entry: "spin", host: host)
        #expect(trapReason(outcome) == .outOfGas)
        #expect(outcome.gasUsed == 1_000_000)
        #expect(host.storageGet(contract: contractAddress, key: Array("count".utf8)).flatMap(ValueCodec.decode) == .int(1))
    }

    @Test("arguments that do not match the ABI are refused before anything runs")
    func abiCheck() throws {
        let outcome = try run(counter, entry: "bump", arguments: [.string("x")])
        #expect(outcome.gasUsed == 0)
        if case .typeMismatch = trapReason(outcome) {} else { Issue.record("expected a type mismatch") }
    }

    @Test("the same module and inputs give identical output, gas and state")
    func determinism() throws {
        func once() throws -> (CallOutcome, [String], [(key: [UInt8], value: [UInt8])], [EmittedEvent]) {
            let host = InMemoryHost()
            var outcome = try run(counter, entry: "bump", arguments: [.int(3)], host: host)
            outcome = try run(counter, entry: "bump", arguments: [number("0.5")], host: host)
            _ = try run(body("newMap r1\n loadK r2, \"z\"\n setIndex r1, r2, r2\n loadK r2, \"a\"\n setIndex r1, r2, r2\n mapKeys r3, r1\n host r3, print, 1"), host: host)
            return (outcome, host.output, host.storageEntries(of: contractAddress), host.events)
        }
        let first = try once()
        let second = try once()
        #expect(first.0 == second.0)
        #expect(first.1 == second.1)
        #expect(first.2.map(\.key) == second.2.map(\.key) && first.2.map(\.value) == second.2.map(\.value))
        #expect(first.3 == second.3)
        #expect(first.0.returnValue == number("3.5"))
    }

    @Test("a contract can call another deployed contract through the host")
    func crossContract() throws {
        let host = InMemoryHost()
        let callee = Program(try Verifier.verify(try Assembler.assemble(".func double 1\n.entry double x:number -> number\n mulI r0, r0, 2\n ret r0\n")))
        host.deploy(callee, at: Address.named("callee"))
        let outcome = try run(
            body("loadK r1, addr\"\(Address.named("callee").text)\"\n loadK r2, \"double\"\n newArray r3, 1\n loadI r4, 21\n push r3, r4\n host r1, callContract, 3\n move r0, r1"),
            host: host)
        #expect(outcome.returnValue == .int(42))
    }

    @Test("transfers move balances and are undone on revert")
    func transfers() throws {
        let host = InMemoryHost()
        host.setBalance(Decimal18(10), for: contractAddress)
        let code = "loadK r1, addr\"\(Address.named("bob").text)\"\n loadI r2, 4\n host r1, transfer, 2\n loadK r5, addr\"\(Address.named("bob").text)\"\n host r5, balance, 1\n move r0, r5"
        #expect(try run(body(code), host: host).returnValue == .int(4))
        _ = try run(body(code + "\n loadK r1, \"no\"\n revert r1"), host: host)
        #expect(host.balance(of: Address.named("bob")) == Decimal18(4))
        #expect(host.balance(of: contractAddress) == Decimal18(6))
    }
}
