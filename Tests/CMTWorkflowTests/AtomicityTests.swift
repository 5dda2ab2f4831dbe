import CMTProcessEngine
import CMTVM
import CMTWorkflow
import Testing

/// Every command is all-or-nothing: a failure leaves the stored bytes unchanged.
@Suite struct AtomicityTests {
    let xml = """
        <process-definition>
          <variable name="n" type="number"/>
          <start-state name="s"><transition to="a"/></start-state>
          <state name="a"><transition name="go" to="work"/></state>
          <node name="work"><action function="explode"/><transition to="b"/></node>
          <state name="b"><transition to="d"/></state>
          <decision name="d"><transition name="x" to="e"><condition>#{n / 0 == 1}</condition></transition><transition to="e"/></decision>
          <end-state name="e"/>
        </process-definition>
        """

    @Test func failedSignalChangesNothing() throws {
        let process = try #require(Support.compile(xml))
        let log = ActionLog()
        log.failOn = "explode"
        let runtime = ProcessRuntime(process: process, handler: log)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        let before = instance.serialized(process: process)
        #expect(throws: ProcessError.self) { try runtime.signal(&instance, transition: "missing") }
        #expect(instance.serialized(process: process) == before)
        #expect(throws: ProcessError.self) { try runtime.signal(&instance) }  // the action throws midway
        #expect(instance.serialized(process: process) == before)
        #expect(throws: ProcessError.self) { try runtime.setVariable(&instance, name: "n", value: .string("x")) }
        #expect(instance.serialized(process: process) == before)
    }

    @Test func runningOutOfGasRevertsTheCommand() throws {
        let process = try #require(Support.compile(xml))
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1)
        let before = instance
        do {
            try runtime.signal(&instance, context: StepContext(gasLimit: 150))
            Issue.record("expected out of gas")
        } catch {
            #expect(error.code == .outOfGas)
        }
        #expect(instance == before)
    }

    @Test func failingExpressionRevertsTheCommand() throws {
        let process = try #require(Support.compile(xml))
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1, variables: [("n", .int(3))])
        try runtime.signal(&instance)
        try runtime.signal(&instance)
        let before = instance
        #expect(throws: ProcessError.self) { try runtime.signal(&instance) }  // division by zero in the condition
        #expect(instance == before)
    }

    @Test func signalAfterEndAndOnLockedTokensFail() throws {
        let process = try #require(Support.compile(try Support.purchaseXML()))
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        try runtime.signal(&instance)
        let before = instance
        #expect(throws: ProcessError.self) { try runtime.signal(&instance, token: "/") }
        #expect(throws: ProcessError.self) { try runtime.signal(&instance, token: "/nope") }
        #expect(instance == before)
        try runtime.cancel(&instance)
        #expect(instance.ended)
        do {
            try runtime.signal(&instance)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("process instance has ended"))
        }
    }
}
