import CMTBytecode
import CMTCompiler
import CMTVM
import Testing

/// A host that cannot fail silently: a storage read that fails on the host is a host fault that
/// stops the whole execution (every caller included) and every later call, never a missing key
/// (the field's default) or a revert a caller could handle.
@Suite struct HostFaultTests {
    static let source = """
        contract Vault {
            balance: number = 7;
            other: Vault? = null;

            public function read(): number {
                return balance;
            }

            public function deposit(amount: number): number {
                balance += amount;
                return balance;
            }

            event Touched(by: address);

            /// Emits, then reads `other`.
            public function touchThenReadOther(): number {
                emit Touched(msg.sender);
                return other!.read();
            }

            public function link(to: Vault): void {
                other = to;
            }

            /// Calls the linked vault; a failure there reverts here with its reason.
            public function readOther(): number {
                return other!.read() + 1;
            }
        }
        """

    @Test("a failed read of a state field stops the call with a host fault instead of reading the field as missing")
    func faultedReadIsNotAMissingKey() throws {
        let vault = try DeployedContract(Self.source)
        #expect(vault.call("deposit", [.int(5)]).returnValue == .int(12))
        vault.host.failReads(of: Array("balance".utf8), in: contractAddress)
        let outcome = vault.call("read")
        // Without the fault the missing key would read as null and the call would return it.
        #expect(outcome.hostFault?.code == .storageRead, "\(outcome.status)")
        #expect(outcome.returnValue == nil)
        guard case .trapped(let trap) = outcome.status, case .hostFault = trap.reason else {
            Issue.record("not a host fault: \(outcome.status)")
            return
        }
    }

    @Test("a host fault in a called contract stops the caller too: it is not a revert the caller sees")
    func faultPropagatesThroughCalls() throws {
        let vault = try DeployedContract(Self.source)
        let second = Address.named("second")
        vault.host.deploy(vault.program, at: second)
        let limits = ExecutionLimits(gasLimit: 10_000_000)
        #expect(VM.deploy(vault.program, arguments: [], context: CallContext(contract: second, sender: caller),
                        host: vault.host, limits: limits).returnValue == .null)
        #expect(vault.call("link", [.address(second)]).returnValue == .null)
        #expect(vault.call("readOther").returnValue == .int(8))
        #expect(vault.call("deposit", [.int(1)]).returnValue == .int(8))

        vault.host.failReads(of: Array("balance".utf8), in: second)
        let outcome = vault.call("readOther")
        #expect(outcome.hostFault != nil, "\(outcome.status)")
        if case .reverted = outcome.status { Issue.record("a host fault reads as a revert") }
    }

    @Test("after a fault the host runs nothing more, and the faulted call's writes are rolled back")
    func faultedHostRunsNothing() throws {
        let vault = try DeployedContract(Self.source)
        #expect(vault.call("link", [.address(contractAddress)]).returnValue == .null)
        vault.host.failReads(of: Array("other".utf8), in: contractAddress)
        // The event is emitted (journaled) before the faulted read of `other`.
        let faulted = vault.call("touchThenReadOther")
        #expect(faulted.hostFault != nil, "\(faulted.status)")
        #expect(vault.host.events.isEmpty)
        // A call that touches none of the failing keys is refused as well: the block is abandoned.
        let next = vault.call("deposit", [.int(1)])
        #expect(next.hostFault != nil && next.gasUsed == 0, "\(next.status)")
    }
}
