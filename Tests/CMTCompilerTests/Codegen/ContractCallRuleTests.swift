import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Testing

/// The rules of calls between contracts: a call back into a contract already on the call stack
/// reverts unless the function is declared `reentrant`, and a callee gets at most 63/64 of the
/// caller's remaining gas, so a callee that runs out of gas leaves the caller its 1/64.
@Suite struct ContractCallRuleTests {
    static let source = """
        contract Bank {
            peer: Bank? = null;
            count: number = 0;

            public function link(other: Bank): void {
                peer = other;
            }

            /// Asks the peer to call back `poke` here: a re-entrant call.
            public function start(): number {
                return peer!.relay(this);
            }

            public function relay(back: Bank): number {
                return back.poke();
            }

            public function poke(): number {
                count += 1;
                return count;
            }

            /// The same, into a function declared reentrant.
            public function startSafe(): number {
                return peer!.relaySafe(this);
            }

            public function relaySafe(back: Bank): number {
                return back.safePoke();
            }

            public reentrant function safePoke(): number {
                count += 1;
                return count;
            }

            /// Calls the peer's `burn`, which never ends.
            public function callBurn(): number {
                return peer!.burn();
            }

            public function burn(): number {
                let spins = 0;
                while (spins >= 0) {
                    spins += 1;
                }
                return spins;
            }
        }
        """

    /// Two instances of Bank that know each other.
    static func pair() throws -> (DeployedContract, Address) {
        let bank = try DeployedContract(Self.source)
        let second = Address.named("second bank")
        bank.host.deploy(bank.program, at: second)
        let created = VM.deploy(bank.program, arguments: [], context: CallContext(contract: second, sender: caller),
                              host: bank.host, limits: ExecutionLimits(gasLimit: 10_000_000))
        #expect(created.returnValue == .null)
        #expect(bank.call("link", [.address(second)]).returnValue == .null)
        let back = VM.call(bank.program, entryPoint: "link", arguments: [.address(contractAddress)], context: CallContext(contract: second, sender: caller),
                           host: bank.host, limits: ExecutionLimits(gasLimit: 10_000_000))
        #expect(back.returnValue == .null)
        return (bank, second)
    }

    @Test("a call back into a contract already on the call stack reverts, and changes nothing")
    func reentrantCallReverts() throws {
        let (bank, _) = try Self.pair()
        let before = bank.host.storageEntries(of: contractAddress).map(\.value)
        let outcome = bank.call("start")
        guard case .reverted(let reason) = outcome.status else {
            Issue.record("not a revert: \(outcome.status)")
            return
        }
        #expect(reason.contains("re-entrant call into \(contractAddress)") && reason.contains("'poke'"), "\(reason)")
        #expect(bank.host.storageEntries(of: contractAddress).map(\.value) == before)
        // Called directly, `poke` is not re-entrant.
        #expect(bank.call("poke").returnValue == .int(1))
    }

    @Test("a call back into a function declared reentrant succeeds")
    func declaredReentrantSucceeds() throws {
        let (bank, _) = try Self.pair()
        #expect(bank.call("startSafe").returnValue == .int(1))
        #expect(bank.call("startSafe").returnValue == .int(2))
    }

    @Test("a callee that runs out of gas used at most 63/64 of what the caller had; the caller keeps the rest")
    func calleeOutOfGasLeavesTheCallerItsShare() throws {
        let (bank, _) = try Self.pair()
        let limit: Int64 = 640_000
        let outcome = VM.call(bank.program, entryPoint: "callBurn", arguments: [], context: CallContext(contract: contractAddress, sender: caller),
                              host: bank.host, limits: ExecutionLimits(gasLimit: limit))
        guard case .trapped(let trap) = outcome.status, case .hostFailure(let reason) = trap.reason else {
            Issue.record("expected the caller to stop on the callee's failure, not \(outcome.status)")
            return
        }
        // The callee ran out of gas; the caller did not: it still had its 1/64 when the call returned.
        #expect(reason.contains("out of gas"), "\(reason)")
        #expect(outcome.gasUsed < limit, "the caller ran out of gas too")
        #expect(limit - outcome.gasUsed >= limit / 64 - 1_000, "gas left: \(limit - outcome.gasUsed)")
    }

    @Test("'reentrant' is only for a contract's public functions (E0294) and survives formatting")
    func reentrantModifier() throws {
        func codes(_ text: String) -> [String] { Frontend.check(text: text).0.diagnostics.map(\.code) }
        #expect(codes("contract C { reentrant function f(): void {} }") == ["E0294"])
        #expect(codes("class K { public reentrant function f(): void {} }") == ["E0294"])
        #expect(codes("contract C { public reentrant function f(): void {} }") == [])
        // A field may still be called `reentrant`.
        #expect(codes("contract C { reentrant: number = 0; }") == [])
        let text = "contract C {\n    public reentrant function f(): void {}\n}\n"
        #expect(Formatter.format(FormatterTestSupport.sourceFile(text)).text == text)
        let module = try #require(try compile(text).module)
        #expect(module.entryPoints.first { $0.name == "f" }?.isReentrant == true)
    }
}
