import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Testing

/// CMT sent with a call between contracts (`handle.f{ value: v }(…)`): the callee sees it as
/// `msg.value`, the caller must hold it, the transfer is undone when the callee fails (or the
/// caller's `try` catches the failure), and a call with value costs a transfer's gas on top.
@Suite struct CallValueTests {
    static let source = """
        contract Vault {
            peer: Vault? = null;
            received: number = 0;

            public function link(other: Vault): void {
                peer = other;
            }

            public function deposit(): number {
                received += msg.value;
                return received;
            }

            public function refuse(): number {
                received += msg.value;
                require(false, "not today");
                return 0;
            }

            public function ping(): number {
                return 1;
            }

            public function burn(): number {
                let spins = 0;
                while (spins >= 0) {
                    spins += 1;
                }
                return spins;
            }

            public function send(amount: number): number {
                return peer!.deposit{ value: amount }();
            }

            public function sendRefused(amount: number): number {
                return peer!.refuse{ value: amount }();
            }

            public function sendCaught(amount: number): string {
                try {
                    const total = peer!.refuse{ value: amount }();
                    return `got ${total}`;
                } catch (reason) {
                    return `caught: ${reason}`;
                }
            }

            public function sendToBurn(amount: number): string {
                try {
                    peer!.burn{ value: amount }();
                    return "burnt";
                } catch (reason) {
                    return `caught: ${reason}`;
                }
            }

            public function sendThenRevert(amount: number): number {
                peer!.deposit{ value: amount }();
                require(false, "changed my mind");
                return 0;
            }

            public function pingWith(amount: number): number {
                return peer!.ping{ value: amount }();
            }

            public function forwardAll(): number {
                return peer!.deposit{ value: msg.value }();
            }
        }
        """

    static let second = Address.named("second vault")

    /// Two linked vaults; the first (at `contractAddress`) holds 100 CMT.
    static func pair() throws -> DeployedContract {
        let vault = try DeployedContract(Self.source)
        vault.host.deploy(vault.program, at: second)
        _ = VM.deploy(vault.program, arguments: [], context: CallContext(contract: second, sender: caller), host: vault.host,
                      limits: ExecutionLimits(gasLimit: 10_000_000))
        #expect(vault.call("link", [.address(second)]).returnValue == .null)
        vault.host.setBalance(Decimal18(100), for: contractAddress)
        return vault
    }

    static func balances(_ vault: DeployedContract) -> [Decimal18] {
        [vault.host.balance(of: contractAddress), vault.host.balance(of: second)]
    }

    @Test("the callee receives the value as msg.value and the CMT moves from the caller to the callee")
    func valueForwarded() throws {
        let vault = try Self.pair()
        #expect(vault.call("send", [.int(30)]).returnValue == .int(30))
        #expect(Self.balances(vault) == [Decimal18(70), Decimal18(30)])
        #expect(vault.call("send", [.number(Decimal18(literal: "0.5")!)]).returnValue == .number(Decimal18(literal: "30.5")!))
        #expect(Self.balances(vault) == [Decimal18(literal: "69.5")!, Decimal18(literal: "30.5")!])
    }

    @Test("a callee that reverts reverts the caller, and the value goes back")
    func calleeRevertUndoesTheTransfer() throws {
        let vault = try Self.pair()
        #expect(vault.call("sendRefused", [.int(30)]).status == .reverted(reason: "not today"))
        #expect(Self.balances(vault) == [Decimal18(100), .zero])
    }

    @Test("a caught callee revert keeps the caller going and undoes the transfer")
    func caughtRevertUndoesTheTransfer() throws {
        let vault = try Self.pair()
        #expect(vault.call("sendCaught", [.int(30)]).returnValue == .string("caught: not today"))
        #expect(Self.balances(vault) == [Decimal18(100), .zero])
    }

    @Test("a caller that reverts after a successful call takes the value back")
    func callerRevertUndoesTheTransfer() throws {
        let vault = try Self.pair()
        #expect(vault.call("sendThenRevert", [.int(30)]).status == .reverted(reason: "changed my mind"))
        #expect(Self.balances(vault) == [Decimal18(100), .zero])
    }

    @Test("a caller that cannot pay gets a revert (catchable) before the callee runs")
    func insufficientBalance() throws {
        let vault = try Self.pair()
        #expect(vault.call("send", [.int(101)]).status == .reverted(reason: "cannot send 101 CMT with the call: insufficient balance"))
        #expect(vault.call("sendCaught", [.int(101)]).returnValue == .string("caught: cannot send 101 CMT with the call: insufficient balance"))
        #expect(Self.balances(vault) == [Decimal18(100), .zero])
    }

    @Test("a negative value is an invalid argument")
    func negativeValue() throws {
        let vault = try Self.pair()
        guard case .trapped(let trap) = vault.call("send", [.int(-1)]).status, case .invalidArgument(let detail) = trap.reason else {
            Issue.record("expected an invalid argument")
            return
        }
        #expect(detail.contains("must not be negative"))
        #expect(Self.balances(vault) == [Decimal18(100), .zero])
    }

    @Test("a callee that runs out of gas gives the value back and leaves the caller its 1/64")
    func calleeOutOfGas() throws {
        let vault = try Self.pair()
        let limit: Int64 = 640_000
        let outcome = VM.call(vault.program, entryPoint: "sendToBurn", arguments: [.int(10)],
                              context: CallContext(contract: contractAddress, sender: caller), host: vault.host,
                              limits: ExecutionLimits(gasLimit: limit))
        #expect(outcome.returnValue == .string("caught: out of gas"))
        #expect(limit - outcome.gasUsed >= limit / 64 - 1_000, "gas left: \(limit - outcome.gasUsed)")
        #expect(Self.balances(vault) == [Decimal18(100), .zero])
    }

    @Test("a call that sends value costs one transfer more than the same call without")
    func valueCostsATransfer() throws {
        let vault = try Self.pair()
        let without = vault.call("pingWith", [.int(0)])
        let with = vault.call("pingWith", [.int(5)])
        #expect(without.returnValue == .int(1) && with.returnValue == .int(1))
        #expect(with.gasUsed - without.gasUsed == GasSchedule.current.transfer)
    }

    @Test("msg.value received can be forwarded on")
    func forwardReceived() throws {
        let vault = try Self.pair()
        vault.host.setBalance(Decimal18(7), for: caller)
        _ = vault.host.transfer(from: caller, to: contractAddress, amount: Decimal18(7))
        let outcome = VM.call(vault.program, entryPoint: "forwardAll", arguments: [],
                              context: CallContext(contract: contractAddress, sender: caller, value: Decimal18(7)), host: vault.host,
                              limits: ExecutionLimits(gasLimit: 1_000_000))
        #expect(outcome.returnValue == .int(7))
        #expect(Self.balances(vault) == [Decimal18(100), Decimal18(7)])
    }

    @Test("a transfer to oneself moves nothing (the in-memory host used to credit a stale balance)")
    func transferToSelf() {
        let host = InMemoryHost()
        host.setBalance(Decimal18(10), for: caller)
        #expect(host.transfer(from: caller, to: caller, amount: Decimal18(4)) == nil)
        #expect(host.balance(of: caller) == Decimal18(10))
        #expect(host.transfer(from: caller, to: caller, amount: Decimal18(11)) == "insufficient balance")
    }

    @Test("'{ value: … }' only on a handle's call (E0296), with a number (E0203); it formats as written")
    func checks() throws {
        func codes(_ body: String) -> [String] {
            compileErrors("contract C {\n    peer: C? = null;\n    public function f(): number { return 1; }\n\(body)\n}\n").map(\.code)
        }
        #expect(codes("    public function g(): number { return peer!.f{ value: 1 }(); }") == [])
        #expect(codes("    public function g(): number { return this.f{ value: 1 }(); }") == ["E0296"])
        #expect(codes("    public function g(): number { return peer!.f{ value: \"1\" }(); }") == ["E0203"])
        #expect(codes("    public function g(): void { const h = peer!.f{ value: 1 }; }") == ["E0296"])
        #expect(codes("    public function g(): number { return [1].indexOf{ value: 1 }(1); }") == ["E0296"])
        // Test code sends CMT with testing.setValue (E0297).
        let sources = SourceManager()
        sources.markAsTestFile(path: "tests/c_test.cmt")
        let contract = sources.add(path: "c.cmt", text: "contract C {\n    public function f(): number { return 1; }\n}\n")
        let test = sources.add(path: "tests/c_test.cmt", text: "function testF(): void {\n    const c = C.deploy();\n    c.f{ value: 1 }();\n}\n")
        let diagnostics = Compiler.compile([contract, test], sources: sources).diagnostics.filter { $0.severity == .error }
        #expect(diagnostics.map(\.code) == ["E0297"], "\(DiagnosticRenderer(sources: sources).render(diagnostics))")
        let text = "contract C {\n    peer: C? = null;\n\n    public function f(): number {\n        return peer!.f{ value: 1 + 2 }();\n    }\n}\n"
        #expect(Formatter.format(FormatterTestSupport.sourceFile(text)).text == text)
    }
}

/// A `declare contract` may declare its constructor's parameters (no body), which `Name.deploy(…)`
/// in a test is checked against; a constructor with a body is still E0335.
@Suite struct DeclaredConstructorTests {
    @Test("a declared contract takes a constructor without a body, not one with a body (E0335)")
    func declaredConstructor() {
        func codes(_ member: String) -> [String] {
            compileErrors("declare contract T {\n\(member)\n    public function f(): number;\n}\ncontract C {\n    public function g(t: T): number { return t.f(); }\n}\n")
                .map(\.code)
        }
        #expect(codes("    constructor(rate: number);") == [])
        #expect(codes("    constructor(rate: number) {}") == ["E0335"])
    }
}
