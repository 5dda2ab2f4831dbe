import CMTProcessEngine
import CMTVM
import CMTWorkflow
import Testing

/// Tasks as jBPM reads them (issue 15, defect 4): an unnamed task is named after its node, and a
/// `<timer>` may sit inside a `<task>`.
@Suite struct TaskDefinitionTests {
    @Test func anUnnamedTaskIsNamedAfterItsNode() throws {
        let process = try #require(Support.compile("""
            <process-definition>
              <start-state name="order placed"><task/><transition to="pack"/></start-state>
              <task-node name="pack"><task/><transition to="done"/></task-node>
              <state name="done"/>
            </process-definition>
            """))
        #expect(process.definition.startTask?.name == "order placed")
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        #expect(runtime.tasks(instance) == ["pack"])
        try runtime.completeTask(&instance, name: "pack")
        #expect(runtime.state(instance) == "done")
    }

    static let timed = """
        <process-definition>
          <start-state name="s"><transition to="approve"/></start-state>
          <task-node name="approve">
            <task name="sign">
              <timer duedate="2 days" transition="escalate"><action function="remind"/></timer>
            </task>
            <transition name="signed" to="done"/>
            <transition name="escalate" to="escalated"/>
          </task-node>
          <state name="done"/><state name="escalated"/>
        </process-definition>
        """

    @Test func aTimerInsideATaskStartsWithTheTaskAndSignalsItsToken() throws {
        let process = try #require(Support.compile(Self.timed))
        let log = ActionLog()
        let runtime = ProcessRuntime(process: process, handler: log)
        var (instance, _) = try runtime.start(id: 1, context: StepContext(time: 100))
        try runtime.signal(&instance, context: StepContext(time: 100))
        let due: Int64 = 100 + 2 * 86_400
        #expect(runtime.nextDueTime(instance) == due)
        let fired = try runtime.fireDueTimers(&instance, context: StepContext(time: 100 + 2 * 86_400))
        #expect(log.performed == ["timer:remind@/"])
        #expect(fired.events.first.map { "\($0.type) \($0.source)" } == "timer task:sign")
        #expect(runtime.state(instance) == "escalated")
        #expect(runtime.tasks(instance) == ["sign"])  // the task stays open: the node has no end-tasks
    }

    @Test func endingTheTaskCancelsItsTimer() throws {
        let process = try #require(Support.compile(Self.timed))
        let runtime = ProcessRuntime(process: process, handler: ActionLog())
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        try runtime.completeTask(&instance, name: "sign", transition: "signed")
        #expect(instance.timers.isEmpty)
        #expect(runtime.state(instance) == "done")
    }
}

/// jBPM's task flags and end-tasks: blocking tasks keep the token, non-signalling ones never move
/// it, end-tasks ends the open tasks (task-end fires) when the token leaves.
@Suite struct TaskFlagTests {
    @Test func aBlockingTaskKeepsItsTokenInTheTaskNode() throws {
        let process = try #require(Support.compile("""
            <process-definition>
              <start-state name="s"><transition to="t"/></start-state>
              <task-node name="t" signal="never"><task name="check" blocking="true"/><transition to="done"/></task-node>
              <state name="done"/>
            </process-definition>
            """))
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        #expect(throws: ProcessError(.blocked, "task-node 't' still has the blocking task 'check'")) { try runtime.signal(&instance) }
        try runtime.completeTask(&instance, name: "check")
        try runtime.signal(&instance)
        #expect(runtime.state(instance) == "done")
    }

    @Test func aNonSignallingTaskNeverMovesTheTokenAndEndTasksEndsTheRest() throws {
        let process = try #require(Support.compile("""
            <process-definition>
              <start-state name="s"><transition to="t"/></start-state>
              <task-node name="t" end-tasks="true">
                <task name="note" signalling="false"/>
                <task name="approve"/>
                <transition to="done"/>
              </task-node>
              <state name="done"/>
            </process-definition>
            """))
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        // "note" does not signal: the last signalling task is "approve"; its end leaves and ends "note".
        let step = try runtime.completeTask(&instance, name: "approve")
        #expect(runtime.state(instance) == "done")
        #expect(instance.tasks.isEmpty)
        #expect(step.events.map { "\($0.type) \($0.source)" }.filter { $0.hasPrefix("task-end") } == ["task-end task:approve", "task-end task:note"])
    }
}
