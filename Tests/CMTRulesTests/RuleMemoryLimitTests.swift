import CMTBytecode
import CMTRules
import CMTVM
import Testing

/// The rules engine's memory counts against the calling execution's heap limit (issue 10): a rule
/// that keeps re-activating itself, or a join that multiplies tokens, ends with a `heapLimit` trap
/// at the limit instead of growing with the gas. Memory is counted, not timed.
@Suite struct RuleMemoryLimitTests {
    typealias Deployed = ContractRulesTests.Deployed

    static let spin = """
        declare Counter
            n : number
        end

        rule "spin"
        when
            $c : Counter()
        then
            $c.n = $c.n + 1;
            update($c);
        end
        """

    static let spinContract = """
        contract Spin {
            public function run(): number {
                engine = load_rules("spin.drl");
                const c = new Counter();
                engine.send(c);
                return c.n;
            }
        }
        """

    static func call(_ deployed: Deployed, gas: Int64, heapBytes: Int) -> CallOutcome {
        VM.call(deployed.program, entryPoint: "run", arguments: [],
                context: CallContext(contract: ContractRulesTests.address, sender: Address.named("buyer")),
                host: deployed.host, limits: ExecutionLimits(gasLimit: gas, heapBytes: heapBytes))
    }

    static func isHeapLimit(_ outcome: CallOutcome) -> Bool {
        if case .trapped(let trap) = outcome.status, case .heapLimit = trap.reason { return true }
        return false
    }

    @Test("a self-reactivating rule stops with a heap-limit trap at the call's heap limit, before its gas runs out")
    func selfReactivatingRuleStopsAtHeapLimit() throws {
        let deployed = try Deployed(contract: Self.spinContract, rules: ["spin.drl": Self.spin])
        let outcome = Self.call(deployed, gas: 1_000_000_000_000, heapBytes: 1 << 20)
        #expect(Self.isHeapLimit(outcome), "\(outcome.status)")
        #expect(outcome.gasUsed < 1_000_000_000_000)
    }

    @Test("the engine memory a command adds is paid in gas: a smaller heap limit stops the same rule earlier, with less gas")
    func engineMemoryIsPaidAndBounded() throws {
        let deployed = try Deployed(contract: Self.spinContract, rules: ["spin.drl": Self.spin])
        let small = Self.call(deployed, gas: 1_000_000_000_000, heapBytes: 1 << 20)
        let large = Self.call(deployed, gas: 1_000_000_000_000, heapBytes: 4 << 20)
        #expect(Self.isHeapLimit(small) && Self.isHeapLimit(large))
        // Every byte the engine counts costs gas at rules.memoryBytesPerGas, so 3 MiB more memory
        // costs at least 3 MiB / 8 more gas.
        let perGas = GasSchedule.current.ruleMemoryBytesPerGas
        #expect(large.gasUsed - small.gasUsed >= Int64(3 << 20) / perGas)
    }

    @Test("with enough heap the self-reactivating rule runs until its gas runs out")
    func selfReactivatingRuleRunsOutOfGas() throws {
        let deployed = try Deployed(contract: Self.spinContract, rules: ["spin.drl": Self.spin])
        let outcome = Self.call(deployed, gas: 2_000_000, heapBytes: 64 << 20)
        guard case .trapped(let trap) = outcome.status, case .outOfGas = trap.reason else {
            Issue.record("expected out of gas, got \(outcome.status)")
            return
        }
        #expect(outcome.gasUsed == 2_000_000)
    }

    @Test("an unconstrained join's tokens count against the heap limit")
    func joinTokensStopAtHeapLimit() throws {
        let rules = """
            declare A
                k : number
            end
            declare B
                k : number
            end
            rule "pair"
            when
                $a : A()
                $b : B()
            then
            end
            """
        let contract = """
            contract Join {
                public function run(): number {
                    engine = load_rules("r.drl");
                    let i = 0;
                    while (true) {
                        const a = new A(); a.k = i; engine.insert(a);
                        const b = new B(); b.k = i; engine.insert(b);
                        i += 1;
                    }
                    return i;
                }
            }
            """
        let deployed = try Deployed(contract: contract, rules: ["r.drl": rules])
        let outcome = Self.call(deployed, gas: 1_000_000_000_000, heapBytes: 2 << 20)
        #expect(Self.isHeapLimit(outcome), "\(outcome.status)")
    }
}
