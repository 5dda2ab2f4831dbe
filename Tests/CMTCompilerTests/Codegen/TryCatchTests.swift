import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Testing

/// `try { … } catch (reason) { … }` around calls to other contracts: the callee's changes are undone,
/// the caller gets the reason and goes on; the caller's own reverts are never caught; a callee that
/// runs out of gas is caught with the caller's 1/64 left.
@Suite struct TryCatchTests {
    static let source = """
        contract Vault {
            stored: number = 0;
            log: string[] = [];
            event Stored(amount: number);

            public function store(amount: number): number {
                stored += amount;
                emit Stored(amount);
                require(amount < 100, "too much: " + amount);
                return stored;
            }

            public function spin(): void {
                let i = 0;
                while (true) {
                    i += 1;
                }
            }

            public function storeIn(other: Vault, amount: number): string {
                try {
                    const total = other.store(amount);
                    log.push("stored " + amount);
                    return `ok ${total}`;
                } catch (reason) {
                    log.push("failed");
                    return "caught: " + reason;
                }
            }

            public function spinIn(other: Vault): string {
                try {
                    other.spin();
                    return "returned";
                } catch (reason: string) {
                    return "caught " + reason;
                }
            }

            public function ownRevert(other: Vault): string {
                try {
                    other.store(1);
                    require(false, "my own revert");
                } catch (reason) {
                    return "never " + reason;
                }
                return "after";
            }

            public function history(): string {
                return log.join(",");
            }

            public function total(): number {
                return stored;
            }
        }
        """

    let caller = Address.named("vault-a")
    let callee = Address.named("vault-b")

    func deployBoth() throws -> (Program, InMemoryHost) {
        let output = try compile(Self.source)
        guard let module = output.module else { throw CompileFailure(description: "no module") }
        let program = Program(try Verifier.verify(module))
        let host = InMemoryHost()
        for address in [caller, callee] {
            host.deploy(program, at: address)
            let outcome = VM.deploy(program, arguments: [], context: CallContext(contract: address, sender: address), host: host,
                                    limits: ExecutionLimits(gasLimit: 1_000_000))
            #expect(outcome.status == .returned(.null))
        }
        return (program, host)
    }

    func call(_ program: Program, _ host: InMemoryHost, _ entry: String, _ arguments: [ContractValue], at address: Address,
              gas: Int64 = 1_000_000) -> CallOutcome {
        VM.call(program, entryPoint: entry, arguments: arguments, context: CallContext(contract: address, sender: Address.named("user")),
                host: host, limits: ExecutionLimits(gasLimit: gas))
    }

    @Test("a call that succeeds inside try runs the rest of the block")
    func success() throws {
        let (program, host) = try deployBoth()
        let outcome = call(program, host, "storeIn", [.address(callee), .int(5)], at: caller)
        #expect(outcome.status == .returned(.string("ok 5")))
        #expect(call(program, host, "total", [], at: callee).returnValue == .int(5))
        #expect(call(program, host, "history", [], at: caller).returnValue == .string("stored 5"))
        #expect(host.events.count == 1)
    }

    @Test("a callee that reverts: its storage and events are rolled back, the caller gets the reason and goes on")
    func calleeRevertCaught() throws {
        let (program, host) = try deployBoth()
        let outcome = call(program, host, "storeIn", [.address(callee), .int(150)], at: caller)
        #expect(outcome.status == .returned(.string("caught: too much: 150")))
        #expect(call(program, host, "total", [], at: callee).returnValue == .int(0))
        #expect(host.events.isEmpty)
        // The caller's own changes in the handler persist.
        #expect(call(program, host, "history", [], at: caller).returnValue == .string("failed"))
    }

    @Test("a revert in the caller's own code inside try is not caught")
    func ownRevertNotCaught() throws {
        let (program, host) = try deployBoth()
        let outcome = call(program, host, "ownRevert", [.address(callee)], at: caller)
        #expect(outcome.status == .reverted(reason: "my own revert"))
        // The whole call reverted, the callee's successful store with it.
        #expect(call(program, host, "total", [], at: callee).returnValue == .int(0))
    }

    @Test("a callee out of gas is caught with the caller's 1/64 of the gas, and charged all it was given")
    func outOfGasCaught() throws {
        let (program, host) = try deployBoth()
        let limit: Int64 = 640_000
        let outcome = call(program, host, "spinIn", [.address(callee)], at: caller, gas: limit)
        guard case .returned(.string(let text)) = outcome.status else {
            Issue.record("expected a result, got \(outcome.status)")
            return
        }
        #expect(text.hasPrefix("caught ") && text.contains("gas"))
        // The callee got 63/64 of what was left and used all of it; the caller finished on the rest.
        #expect(outcome.gasUsed > limit * 63 / 64 && outcome.gasUsed <= limit)
    }

    @Test("a caught failure costs the gas the callee used plus the caller's own")
    func gasOfCaughtRevert() throws {
        let (program, host) = try deployBoth()
        let caught = call(program, host, "storeIn", [.address(callee), .int(150)], at: caller).gasUsed
        let direct = call(program, host, "store", [.int(150)], at: callee).gasUsed
        #expect(caught > direct)
        #expect(caught < direct + 5_000)
    }

    @Test("a try block without a call to another contract, and a catch binding that is not a string, are errors")
    func checks() {
        let errors = compileErrors("""
            contract C {
                public function f(): number {
                    try {
                        require(false, "x");
                    } catch (e) {
                        return 1;
                    }
                    return 0;
                }
                public function g(other: C): number {
                    try {
                        return other.f();
                    } catch (e: number) {
                        return e;
                    }
                }
            }
            """)
        #expect(errors.map(\.code) == ["E0330", "E0331", "E0205"])
    }
}
