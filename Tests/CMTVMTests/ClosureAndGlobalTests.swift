import CMTBytecode
import CMTVM
import Testing

/// `outer(n)` captures `base` and returns a closure of `inner` capturing `n + base`;
/// `inner(m)` returns `m + s`.
let nestedClosures = """
    .func main 0 8
    .entry main
        loadI r1, 100
        closure r2, outer, r1
        loadI r1, 0                 ; the closure holds a copy: changing r1 does not matter
        loadI r3, 20
        callRef r3, r2, 1
        loadI r4, 3
        callRef r4, r3, 1
        move r0, r4
        ret r0
    .func outer 2 4 captures=1      ; (n, base)
        add r2, r0, r1
        closure r0, inner, r2
        ret r0
    .func inner 2 2 captures=1      ; (m, s)
        add r0, r0, r1
        ret r0
    """

/// Helpers for the capture tests: `addTo(y, x)` returns x + y with x captured; `appendTo(v, list)`
/// pushes onto a captured array.
let captureHelpers = """
    .func addTo 2 2 captures=1
        add r0, r0, r1
        ret r0
    .func appendTo 2 2 captures=1
        push r1, r0
        retNull
    .func twoCaptures 3 3 captures=2   ; (a, x, y) -> a * 100 + x * 10 + y
        mulI r0, r0, 100
        mulI r1, r1, 10
        add r0, r0, r1
        add r0, r0, r2
        ret r0
    """

@Suite struct ClosureTests {
    @Test("nested closures capture values, not registers")
    func nested() throws {
        #expect(try run(nestedClosures).returnValue == .int(123))
    }

    @Test("callRef copies several captures after the arguments, in order")
    func severalCaptures() throws {
        let source = body("loadI r1, 2\n loadI r2, 3\n closure r3, twoCaptures, r1\n loadI r4, 1\n callRef r4, r3, 1\n move r0, r4")
        #expect(try run(source + captureHelpers).returnValue == .int(123))
    }

    @Test("a direct call passes the captures explicitly as trailing arguments")
    func directCall() throws {
        let source = body("loadI r1, 5\n loadI r2, 37\n call r1, addTo, 2\n move r0, r1")
        #expect(try run(source + captureHelpers).returnValue == .int(42))
    }

    @Test("a captured array is shared: the closure's push is visible to the creator")
    func sharedArray() throws {
        let source = body("newArray r0, 0\n closure r1, appendTo, r0\n loadI r2, 7\n callRef r2, r1, 1\n loadI r2, 8\n callRef r2, r1, 1")
        #expect(try run(source + captureHelpers).returnValue == .array([.int(7), .int(8)]))
    }

    @Test("closures compare by identity")
    func identity() throws {
        let same = body("loadI r1, 1\n closure r2, addTo, r1\n move r3, r2\n eq r0, r2, r3")
        #expect(try run(same + captureHelpers).returnValue == .boolean(true))
        let twins = body("loadI r1, 1\n closure r2, addTo, r1\n closure r3, addTo, r1\n eq r0, r2, r3")
        #expect(try run(twins + captureHelpers).returnValue == .boolean(false))
        let versusFunction = body("loadFunc r2, main\n loadI r1, 1\n closure r3, addTo, r1\n ne r0, r2, r3")
        #expect(try run(versusFunction + captureHelpers).returnValue == .boolean(true))
    }

    @Test("a closure prints and converts to text as its function")
    func text() throws {
        let host = InMemoryHost()
        let source = body("loadI r1, 1\n closure r2, addTo, r1\n toStr r0, r2\n host r2, print, 1")
        #expect(try run(source + captureHelpers, host: host).returnValue == .string("<function addTo>"))
        #expect(host.output == ["<function addTo>"])
    }

    @Test("functions and closures never leave the contract: returning, storing or emitting one traps")
    func exportTraps() throws {
        for code in [
            "loadI r1, 1\n closure r0, addTo, r1",
            "loadFunc r0, main",
            "loadI r1, 1\n closure r2, addTo, r1\n newArray r0, 0\n push r0, r2",
            "loadK r1, \"e\"\n loadFunc r2, main\n host r1, emit, 3",
        ] {
            let outcome = try run(body(code) + captureHelpers)
            guard case .typeMismatch(let message) = trapReason(outcome) else {
                Issue.record("expected a type mismatch for \(code), got \(outcome.status)")
                continue
            }
            #expect(message.contains("cannot leave the contract"), "\(message)")
        }
        let stored = try run(".state f any\n" + body("loadI r1, 1\n closure r2, addTo, r1\n sstore r2, f\n loadNull r0") + captureHelpers)
        guard case .typeMismatch = trapReason(stored) else {
            Issue.record("storing a closure in state must trap, got \(stored.status)")
            return
        }
    }

    @Test("a function value cannot be passed into the contract")
    func importTraps() throws {
        let source = ".func main 1 1\n.entry main f:any\n ret r0\n"
        guard case .typeMismatch = trapReason(try run(source, arguments: [.function(0)])) else {
            Issue.record("expected a type mismatch")
            return
        }
    }

    @Test("callRef of a closure with the wrong argument count, or of a non-function, traps")
    func callRefMismatch() throws {
        let wrongCount = body("loadI r1, 1\n closure r2, addTo, r1\n loadI r3, 1\n callRef r3, r2, 2\n move r0, r3", registers: 8)
        guard case .typeMismatch = trapReason(try run(wrongCount + captureHelpers)) else {
            Issue.record("expected a type mismatch")
            return
        }
        let notFunction = body("newArray r2, 0\n callRef r3, r2, 0")
        guard case .typeMismatch = trapReason(try run(notFunction + captureHelpers)) else {
            Issue.record("expected a type mismatch")
            return
        }
    }

    @Test("a trap in or at a closure call names the right function and instruction in the backtrace")
    func closureBacktrace() throws {
        func source(arguments: Int) -> String {
            """
            .func main 0 6
            .entry main
                loadI r1, 0
                closure r2, divide, r1
                loadI r3, 1
                callRef r3, r2, \(arguments)
                ret r3
            .func divide 2 2 captures=1   ; (x, d) -> x / d
                div r0, r0, r1
                ret r0
            """
        }
        guard case .trapped(let trap) = try run(source(arguments: 1)).status else {
            Issue.record("expected a trap")
            return
        }
        #expect(trap.reason == .divisionByZero)
        #expect(trap.backtrace.map(\.function) == [1, 0])
        #expect(trap.backtrace.map(\.instruction) == [0, 3])
        guard case .trapped(let mismatch) = try run(source(arguments: 2)).status else {
            Issue.record("expected a trap")
            return
        }
        #expect(mismatch.reason == .typeMismatch("callRef of a closure of 'divide' with 2 arguments"))
        #expect(mismatch.backtrace.map(\.function) == [0])
        #expect(mismatch.backtrace.map(\.instruction) == [3])
    }

    @Test("runaway recursion through a closure traps stackDepth")
    func closureStack() throws {
        let source = """
            .func main 0 4
            .entry main
                loadI r1, 1
                closure r2, loop, r1
                move r3, r2
                callRef r3, r2, 1
                ret r3
            .func loop 2 3 captures=1   ; (self, x): calls self forever
                move r2, r0
                callRef r2, r0, 1
                ret r2
            """
        #expect(trapReason(try run(source, maxCallDepth: 10_000)) == .stackDepth)
    }
}

/// `main` sets global `total`, calls `bump` twice (which reads, increments and writes it) and
/// returns the global; `peek` returns the global as it finds it.
let globalsProgram = """
    .global total
    .global unused
    .func main 0 4
    .entry main
        loadI r1, 10
        setGlobal r1, total
        call r2, bump, 0
        call r2, bump, 0
        getGlobal r0, total
        ret r0
    .func bump 0 2
        getGlobal r0, total
        addI r0, r0, 1
        setGlobal r0, total
        ret r0
    .func peek 0 1
    .entry peek
        getGlobal r0, total
        ret r0
    """

@Suite struct GlobalTests {
    @Test("globals are shared by every function of a call")
    func acrossCalls() throws {
        #expect(try run(globalsProgram).returnValue == .int(12))
    }

    @Test("globals start as null in every call, even on the same host and program")
    func nullEachCall() throws {
        let host = InMemoryHost()
        let program = Program(try Verifier.verify(try Assembler.assemble(globalsProgram)))
        for _ in 0..<2 {
            let outcome = VM.call(
                program, entryPoint: "main", arguments: [], context: CallContext(contract: contractAddress, sender: userAddress, value: .zero),
                host: host, limits: ExecutionLimits(gasLimit: 10_000))
            #expect(outcome.returnValue == .int(12))
            let peek = VM.call(
                program, entryPoint: "peek", arguments: [], context: CallContext(contract: contractAddress, sender: userAddress, value: .zero),
                host: host, limits: ExecutionLimits(gasLimit: 10_000))
            #expect(peek.returnValue == .null)
        }
    }
}
