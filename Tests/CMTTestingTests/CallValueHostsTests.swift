import CMTBuild
import CMTBundle
import CMTBytecode
import CMTChain
import CMTCompiler
import CMTSource
import CMTTesting
import CMTVM
import Foundation
import Testing

/// The three hosts that run calls between contracts — the chain's (``ChainHost`` over a state
/// overlay), the in-memory one (`cmtc run`) and `cmtc test`'s chain (``TestChain``) — give the
/// same results, reasons, gas and balances for calls that send CMT along.
@Suite struct CallValueHostsTests {
    static let piggy = """
        contract Piggy {
            total: number = 0;
            public function deposit(): number {
                this.total = this.total + msg.value;
                return this.total;
            }
            public function refuse(): number {
                require(false, "not today");
                return 0;
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

    static let forwarder = """
        declare contract Piggy {
            public function deposit(): number;
            public function refuse(): number;
            public function burn(): number;
        }

        contract Forwarder {
            public function forward(piggy: Piggy, amount: number): number {
                return piggy.deposit{ value: amount }();
            }
            public function forwardRefused(piggy: Piggy, amount: number): number {
                return piggy.refuse{ value: amount }();
            }
            public function forwardCaught(piggy: Piggy, amount: number): string {
                try {
                    const total = piggy.refuse{ value: amount }();
                    return `got ${total}`;
                } catch (reason) {
                    return `caught: ${reason}`;
                }
            }
            public function forwardBurn(piggy: Piggy, amount: number): string {
                try {
                    piggy.burn{ value: amount }();
                    return "burnt";
                } catch (reason) {
                    return `caught: ${reason}`;
                }
            }
        }
        """

    /// The bundle of a one-file contract project, read back.
    static func bundle(_ source: String, name: String) throws -> (bytes: [UInt8], loaded: LoadedBundle) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("callvalue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("src"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try source.write(to: root.appendingPathComponent("src/\(name).cmt"), atomically: true, encoding: .utf8)
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [root.path], sources: sources)
        let compiled = try #require(result.compiled, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
        let bytes = try BundleWriter.write(compiled, bound: [], withSources: false)
        return (bytes, try BundleReader.read(bytes))
    }

    /// The calls every host runs, in order, as (function, amount): from the account `payer`.
    static let calls: [(String, Int64)] = [
        ("forward", 3), ("forwardRefused", 1), ("forwardCaught", 2), ("forward", 100), ("forwardBurn", 4), ("forward", 2), ("forward", -1),
    ]
    static let payer = Address.named("payer")
    static let gas: Int64 = 400_000

    /// What one call gave: its result with gas, and the two contracts' balances after it.
    struct Step: Equatable, CustomStringConvertible {
        let result: HostCallResult
        let balances: [Decimal18]
        var description: String { "\(result) \(balances)" }
    }

    /// Runs ``calls`` on `host`, where the forwarder (holding 10 CMT) and the piggy bank are deployed.
    static func run(_ host: any CMTVM.Host, forwarder: Address, piggy: Address) -> [Step] {
        calls.map { function, amount in
            let result = host.call(caller: payer, target: forwarder, function: function, arguments: [.address(piggy), .number(Decimal18(amount))],
                                   gas: gas)
            return Step(result: result, balances: [host.balance(of: forwarder), host.balance(of: piggy)])
        }
    }

    @Test("the chain's host, the in-memory host and the test chain agree on every call with value")
    func hostsAgree() throws {
        let piggy = try Self.bundle(Self.piggy, name: "piggy")
        let forwarder = try Self.bundle(Self.forwarder, name: "forwarder")

        // The chain: both deployed by transactions' executor, the forwarder funded in its account record.
        let executor = BundleContractExecutor()
        let overlay = StateOverlay(backing: MemoryStateBacking())
        let block = BlockContext(height: 1, time: 0)
        let deployer = Address.named("deployer")
        for (nonce, bytes) in [piggy.bytes, forwarder.bytes].enumerated() {
            let outcome = executor.deploy(sender: deployer, nonce: UInt64(nonce), bundle: bytes, constructorArguments: [], parameters: [],
                                          value: .zero, overlay: overlay, block: block, gasLimit: 2_000_000)
            #expect(outcome.contract != nil, "\(outcome.status)")
        }
        let chainPiggy = Address.contract(deployer: deployer, nonce: 0)
        let chainForwarder = Address.contract(deployer: deployer, nonce: 1)
        overlay.put(StateKey.account(chainForwarder).bytes, AccountRecord(nonce: 0, balance: Amount(atto: 10 * Amount.attoPerCMT)).encoded)
        let chain = Self.run(ChainHost(overlay: overlay, block: block, bundles: executor.bundles), forwarder: chainForwarder, piggy: chainPiggy)

        // The in-memory host.
        let memory = InMemoryHost()
        for (program, address) in [(piggy.loaded.program, chainPiggy), (forwarder.loaded.program, chainForwarder)] {
            memory.deploy(program, at: address)
            _ = VM.deploy(program, arguments: [], context: CallContext(contract: address, sender: deployer), host: memory,
                          limits: ExecutionLimits(gasLimit: 2_000_000))
        }
        memory.setBalance(Decimal18(10), for: chainForwarder)
        let inMemory = Self.run(memory, forwarder: chainForwarder, piggy: chainPiggy)

        // `cmtc test`'s chain: the forwarder is the program's contract, the piggy bank a dependency.
        let testChain = TestChain(
            program: forwarder.loaded.program, contractName: "Forwarder", services: forwarder.loaded.services(), gasLog: GasLog(),
            dependencies: [TestChain.Dependency(contract: "Piggy", program: piggy.loaded.program, makeServices: { piggy.loaded.services() })])
        func testing(_ function: TestingInterface.Function, _ arguments: [ContractValue]) -> ContractValue? {
            guard case .returned(let value, _) = testChain.call(caller: TestChain.runner, target: TestingInterface.address, function: function.rawValue,
                                                                arguments: arguments, gas: 2_000_000) else { return nil }
            return value
        }
        guard case .address(let testPiggy)? = testing(.deploy, [.string("Piggy"), .array([])]),
              case .address(let testForwarder)? = testing(.deploy, [.string("Forwarder"), .array([])]) else {
            Issue.record("the test chain did not deploy both contracts")
            return
        }
        _ = testing(.setBalance, [.address(testForwarder), .number(Decimal18(10))])
        let onTestChain = Self.run(testChain, forwarder: testForwarder, piggy: testPiggy)

        #expect(chain == inMemory)
        #expect(chain == onTestChain)
        // What the steps were: forwarded, refused, caught, unpaid, out of gas, forwarded, negative.
        #expect(chain.map { $0.balances[0] } == ([7, 7, 7, 7, 7, 5, 5] as [Int64]).map { Decimal18($0) })
        #expect(chain.last?.balances == [Decimal18(5), Decimal18(5)])
        if case .returned(.string(let text), _) = chain[4].result { #expect(text == "caught: out of gas") } else {
            Issue.record("the out-of-gas callee was not caught: \(chain[4].result)")
        }
        if case .reverted(let reason, _) = chain[3].result { #expect(reason == "cannot send 100 CMT with the call: insufficient balance") } else {
            Issue.record("an unpaid call did not revert: \(chain[3].result)")
        }
    }
}
