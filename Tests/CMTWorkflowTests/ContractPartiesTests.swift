import CMTBytecode
import CMTVM
import CMTWorkflow
import Testing

/// Swimlanes in a contract: a buyer, a seller and an arbiter (three addresses) each complete only
/// their own tasks; the engine refuses anyone else with a clear reason and the call changes nothing.
@Suite struct ContractPartiesTests {
    static let buyer = Address.named("buyer")
    static let seller = Address.named("seller")
    static let arbiter = Address.named("arbiter")

    static let process = """
        <process-definition name="escrow">
          <swimlane name="buyer"/>
          <swimlane name="seller"><assignment actor-id="#{seller}"/></swimlane>
          <swimlane name="arbiter"><assignment expression="arbiter"/></swimlane>
          <variable name="seller" type="address"/>
          <variable name="arbiter" type="address"/>
          <start-state name="order"><task swimlane="buyer"/><transition to="ship"/></start-state>
          <task-node name="ship"><task name="ship goods" swimlane="seller"/><transition to="receive"/></task-node>
          <task-node name="receive">
            <task name="confirm receipt" swimlane="buyer"/>
            <transition name="ok" to="done"/>
            <transition name="dispute" to="arbitrate"/>
          </task-node>
          <task-node name="arbitrate"><task name="rule" swimlane="arbiter"/><transition to="done"/></task-node>
          <end-state name="done"/>
        </process-definition>
        """

    static let contract = """
        contract Escrow {
            pid: number = 0;
            public function open(seller: address, arbiter: address): string {
                const process = start_process("escrow.bpm", { seller: seller, arbiter: arbiter });
                pid = process.id;
                process.complete("order");
                return process.state;
            }
            public function complete(task: string): string {
                const process = load_process(pid);
                process.complete(task);
                return process.ended ? "ended" : process.state;
            }
            public function dispute(): string {
                const process = load_process(pid);
                process.signal("dispute");
                return process.state;
            }
            public function mine(): string[] {
                return load_process(pid).tasksFor(msg.sender);
            }
            webhook shipped() {
                load_process(pid).complete("ship goods");
            }
        }
        """

    /// Calls `entry` as `sender`; a revert must change no stored byte.
    static func call(_ chain: ContractProcessTests.Chain, _ entry: String, _ arguments: [ContractValue] = [], as sender: Address) -> CallOutcome {
        VM.call(chain.program, entryPoint: entry, arguments: arguments,
                context: CallContext(contract: ContractProcessTests.contract, sender: sender), host: chain.host,
                limits: ExecutionLimits(gasLimit: 10_000_000))
    }

    static func expectRevert(_ chain: ContractProcessTests.Chain, _ entry: String, _ arguments: [ContractValue] = [], as sender: Address,
                             reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let before = chain.storage
        let outcome = call(chain, entry, arguments, as: sender)
        guard case .reverted(let text) = outcome.status else {
            Issue.record("\(entry) by \(sender) did not revert: \(outcome.status)", sourceLocation: sourceLocation)
            return
        }
        #expect(text.contains(reason), "\(text)", sourceLocation: sourceLocation)
        #expect(chain.storage == before, "a reverted call changed the contract's storage", sourceLocation: sourceLocation)
    }

    @Test func eachPartyCompletesOnlyItsOwnTasks() throws {
        let chain = try ContractProcessTests.Chain(contract: Self.contract, processes: ["escrow.bpm": Self.process])
        #expect(Self.call(chain, "open", [.address(Self.seller), .address(Self.arbiter)], as: Self.buyer).returnValue == .string("ship"))
        #expect(Self.call(chain, "mine", as: Self.seller).returnValue == .array([.string("ship goods")]))
        #expect(Self.call(chain, "mine", as: Self.buyer).returnValue == .array([]))

        Self.expectRevert(chain, "complete", [.string("ship goods")], as: Self.buyer,
                          reason: "task 'ship goods' is assigned to \(Self.seller), not to \(Self.buyer)")
        Self.expectRevert(chain, "complete", [.string("ship goods")], as: Self.arbiter, reason: "assigned to \(Self.seller)")
        #expect(Self.call(chain, "complete", [.string("ship goods")], as: Self.seller).returnValue == .string("receive"))

        Self.expectRevert(chain, "dispute", as: Self.seller,
                          reason: "waits in 'receive' for task 'confirm receipt', which is assigned to \(Self.buyer): \(Self.seller) may not signal it")
        Self.expectRevert(chain, "complete", [.string("confirm receipt")], as: Self.arbiter, reason: "assigned to \(Self.buyer)")
        #expect(Self.call(chain, "dispute", as: Self.buyer).returnValue == .string("arbitrate"))

        Self.expectRevert(chain, "complete", [.string("rule")], as: Self.buyer, reason: "task 'rule' is assigned to \(Self.arbiter), not to \(Self.buyer)")
        Self.expectRevert(chain, "complete", [.string("rule")], as: Self.seller, reason: "assigned to \(Self.arbiter)")
        #expect(Self.call(chain, "mine", as: Self.arbiter).returnValue == .array([.string("rule")]))
        #expect(Self.call(chain, "complete", [.string("rule")], as: Self.arbiter).returnValue == .string("ended"))
    }

    @Test func aWebhookActsAsTheHooksSender() throws {
        let chain = try ContractProcessTests.Chain(contract: Self.contract, processes: ["escrow.bpm": Self.process])
        _ = Self.call(chain, "open", [.address(Self.seller), .address(Self.arbiter)], as: Self.buyer)
        Self.expectRevert(chain, "webhook:shipped", as: Self.buyer, reason: "task 'ship goods' is assigned to \(Self.seller), not to \(Self.buyer)")
        #expect(Self.call(chain, "webhook:shipped", as: Self.seller).returnValue == .null)
        #expect(Self.call(chain, "mine", as: Self.buyer).returnValue == .array([.string("confirm receipt")]))
    }

    @Test func theStartTaskBelongsToWhoeverStartedTheProcess() throws {
        let chain = try ContractProcessTests.Chain(contract: Self.contract.replacingOccurrences(of: "process.complete(\"order\");", with: ""),
                                                   processes: ["escrow.bpm": Self.process])
        #expect(Self.call(chain, "open", [.address(Self.seller), .address(Self.arbiter)], as: Self.buyer).returnValue == .string("order"))
        #expect(Self.call(chain, "mine", as: Self.buyer).returnValue == .array([.string("order")]))
        Self.expectRevert(chain, "complete", [.string("order")], as: Self.seller, reason: "task 'order' is assigned to \(Self.buyer)")
        #expect(Self.call(chain, "complete", [.string("order")], as: Self.buyer).returnValue == .string("ship"))
    }
}
