import CMTBuild
import CMTBundle
import CMTBytecode
import CMTSource
import CMTVM
import Foundation
import Testing

/// A project's process-states bind their sub-processes by name when the project is built, and again
/// when its bundle is read; the swimlanes' actors run from the bundle alone (issue 15).
@Suite struct ProcessDeploymentTests {
    static let project: [String: String] = [
        "cmt.toml": """
            [package]
            name = "orders"
            version = "0.1.0"
            contract = "Orders"
            """,
        "src/orders.cmt": """
            contract Orders {
                pid: number = 0;
                public function open(seller: address): string {
                    const process = start_process("processes/order.bpm", { seller: seller });
                    pid = process.id;
                    process.signal();
                    return process.state;
                }
                public function complete(task: string): string {
                    const process = load_process(pid);
                    process.complete(task);
                    return process.ended ? "ended" : process.state;
                }
            }
            """,
        "processes/order.bpm": """
            <process-definition name="order">
              <variable name="seller" type="address"/>
              <start-state name="start"><transition to="pack"/></start-state>
              <process-state name="pack">
                <sub-process name="packing"/>
                <variable name="seller"/>
                <transition to="done"/>
              </process-state>
              <end-state name="done"/>
            </process-definition>
            """,
        "processes/packing.bpm": """
            <process-definition name="packing">
              <swimlane name="seller"><assignment actor-id="#{seller}"/></swimlane>
              <variable name="seller" type="address"/>
              <start-state name="start"><transition to="box"/></start-state>
              <task-node name="box"><task name="box it" swimlane="seller"/><transition to="boxed"/></task-node>
              <end-state name="boxed"/>
            </process-definition>
            """,
    ]

    @Test func aBundledSubProcessIsBoundByNameAndItsActorIsEnforced() throws {
        let bytes = try BundleTests.bundle(try TestProject.make(Self.project))
        let loaded = try BundleReader.read(bytes)
        let host = InMemoryHost()
        (host.processService, host.ruleService) = loaded.services()
        let contract = Address.named("orders")
        host.deploy(loaded.program, at: contract)
        func call(_ entry: String, _ arguments: [ContractValue], as sender: String) -> CallOutcome {
            VM.call(loaded.program, entryPoint: entry, arguments: arguments, context: CallContext(contract: contract, sender: Address.named(sender)),
                    host: host, limits: ExecutionLimits(gasLimit: 10_000_000))
        }
        _ = VM.deploy(loaded.program, arguments: [], context: CallContext(contract: contract, sender: Address.named("owner")), host: host,
                      limits: ExecutionLimits(gasLimit: 10_000_000))
        #expect(call("open", [.address(Address.named("seller"))], as: "buyer").returnValue == .string("pack"))
        // The sub-process's task is the seller's, and a contract completes it through the super-process.
        guard case .reverted(let reason) = call("complete", [.string("box it")], as: "buyer").status else {
            Issue.record("expected a revert")
            return
        }
        #expect(reason.contains("task 'box it' is assigned to \(Address.named("seller")), not to \(Address.named("buyer"))"))
        #expect(call("complete", [.string("box it")], as: "seller").returnValue == .string("ended"))
    }

    @Test func aMissingSubProcessIsAnErrorOfTheProject() throws {
        var files = Self.project
        files["processes/order.bpm"] = files["processes/order.bpm"]?.replacingOccurrences(of: "\"packing\"", with: "\"wrapping\"")
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [try TestProject.make(files)], sources: sources)
        #expect(result.compiled == nil)
        #expect(result.diagnostics.map(\.code).contains("E0619"))
    }
}
