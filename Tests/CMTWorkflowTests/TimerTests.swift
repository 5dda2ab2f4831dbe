import CMTProcessEngine
import CMTVM
import CMTWorkflow
import Testing

/// Timers on block time: created on node-enter, due `duedate` later, cancelled on leave.
@Suite struct TimerTests {
    let xml = """
        <process-definition>
          <start-state name="s"><transition to="wait"/></start-state>
          <state name="wait">
            <timer name="escalate" duedate="2 minutes" transition="late"/>
            <timer name="remind" duedate="30 seconds" repeat="1 minute"><action function="remind"/></timer>
            <transition name="done" to="finished"/>
            <transition name="late" to="escalated"/>
          </state>
          <state name="finished"/><state name="escalated"/>
        </process-definition>
        """

    @Test func timerFiresAtTheFirstBlockPastItsDueDate() throws {
        let process = try #require(Support.compile(xml))
        let log = ActionLog()
        let runtime = ProcessRuntime(process: process, handler: log)
        var (instance, _) = try runtime.start(id: 1, context: StepContext(time: 1_000))
        try runtime.signal(&instance, context: StepContext(time: 1_000))
        #expect(runtime.nextDueTime(instance) == 1_030)
        try runtime.fireDueTimers(&instance, context: StepContext(time: 1_029))
        #expect(log.performed.isEmpty)
        try runtime.fireDueTimers(&instance, context: StepContext(time: 1_030))
        #expect(log.performed == ["timer:remind@/"])
        // repeat: next due one minute after the first due time
        #expect(runtime.nextDueTime(instance) == 1_090)
        try runtime.fireDueTimers(&instance, context: StepContext(time: 1_100))
        #expect(log.performed.count == 2)
        #expect(runtime.state(instance) == "wait")
        try runtime.fireDueTimers(&instance, context: StepContext(time: 1_120))
        #expect(runtime.state(instance) == "escalated")
        #expect(instance.timers.isEmpty)  // leaving the node cancelled the repeating timer
    }

    @Test func leavingTheNodeCancelsItsTimers() throws {
        let process = try #require(Support.compile(xml))
        let log = ActionLog()
        let runtime = ProcessRuntime(process: process, handler: log)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        #expect(instance.timers.count == 2)
        try runtime.signal(&instance, transition: "done")
        #expect(instance.timers.isEmpty)
        try runtime.fireDueTimers(&instance, context: StepContext(time: 1_000_000))
        #expect(runtime.state(instance) == "finished")
        #expect(log.performed.isEmpty)
    }

    @Test func timersSurviveSerialization() throws {
        let process = try #require(Support.compile(xml))
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance, context: StepContext(time: 50))
        var restored = try ProcessInstance(serialized: instance.serialized(process: process), process: process)
        #expect(restored == instance)
        try runtime.fireDueTimers(&restored, context: StepContext(time: 170))
        #expect(runtime.state(restored) == "escalated")
    }
}
