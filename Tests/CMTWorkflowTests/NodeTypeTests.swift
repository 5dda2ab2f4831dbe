import CMTProcessEngine
import CMTVM
import CMTWorkflow
import Testing

/// One test (at least) per node type.
@Suite struct NodeTypeTests {
    @Test func stateWaitsAndEndStateEndsTheProcess() throws {
        let process = try #require(Support.compile("""
            <process-definition name="p">
              <start-state name="s"><transition to="wait"/></start-state>
              <state name="wait"><transition to="end"/></state>
              <end-state name="end"/>
            </process-definition>
            """))
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        #expect(runtime.state(instance) == "wait")
        #expect(!instance.ended)
        try runtime.signal(&instance)
        #expect(instance.ended)
    }

    @Test func endCompleteProcessEndsEveryToken() throws {
        let process = try #require(Support.compile("""
            <process-definition>
              <start-state name="s"><transition to="f"/></start-state>
              <fork name="f"><transition name="a" to="a"/><transition name="b" to="b"/></fork>
              <state name="a"><transition to="stop"/></state>
              <state name="b"><transition to="j"/></state>
              <join name="j"><transition to="stop"/></join>
              <end-state name="stop" end-complete-process="true"/>
            </process-definition>
            """))
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        try runtime.signal(&instance, token: "/a")
        #expect(instance.ended)
        #expect(instance.tokens.allSatisfy { $0.ended })
    }

    @Test func nodeRunsItsActionThenLeaves() throws {
        let process = try #require(Support.compile("""
            <process-definition>
              <start-state name="s"><transition to="work"/></start-state>
              <node name="work"><action function="doWork"/><transition to="after"/></node>
              <state name="after"/>
            </process-definition>
            """))
        let log = ActionLog()
        let runtime = ProcessRuntime(process: process, handler: log)
        var (instance, _) = try runtime.start(id: 1)
        let result = try runtime.signal(&instance)
        #expect(runtime.state(instance) == "after")
        #expect(log.performed == ["node-execute:doWork@/"])
        #expect(result.gasUsed == ProcessGas.command + 2 * ProcessGas.nodeEnter + 2 * ProcessGas.transition + ProcessGas.action + 7)
    }

    @Test func decisionExpressionAndConditions() throws {
        let xml = """
            <process-definition>
              <variable name="amount" type="number"/>
              <variable name="vip" type="boolean?"/>
              <start-state name="s"><transition to="d"/></start-state>
              <decision name="d">
                <transition name="small" to="small"/>
                <transition name="big" to="big"><condition>#{amount &gt;= 100 &amp;&amp; vip != true}</condition></transition>
                <transition name="vip" to="vipState"><condition expression="vip == true"/></transition>
              </decision>
              <state name="small"/><state name="big"/><state name="vipState"/>
            </process-definition>
            """
        let process = try #require(Support.compile(xml))
        let runtime = ProcessRuntime(process: process)
        func run(_ variables: [(String, ContractValue)]) throws -> String {
            var (instance, _) = try runtime.start(id: 1, variables: variables)
            try runtime.signal(&instance)
            return runtime.state(instance)
        }
        #expect(try run([("amount", .int(150))]) == "big")
        #expect(try run([("amount", .int(50))]) == "small")
        #expect(try run([("amount", .int(150)), ("vip", .boolean(true))]) == "vipState")
        // A required variable that is not set is a clear runtime error.
        var (instance, _) = try runtime.start(id: 1)
        let before = instance
        #expect(throws: ProcessError.self) { try runtime.signal(&instance) }
        #expect(instance == before)
    }

    @Test func decisionHandlerAsksTheCaller() throws {
        let process = try #require(Support.compile("""
            <process-definition>
              <start-state name="s"><transition to="d"/></start-state>
              <decision name="d"><handler rules="credit.drl"/>
                <transition name="yes" to="ok"/><transition name="no" to="ko"/></decision>
              <state name="ok"/><state name="ko"/>
            </process-definition>
            """))
        let log = ActionLog()
        log.decision = "no"
        var (instance, _) = try ProcessRuntime(process: process, handler: log).start(id: 1)
        try ProcessRuntime(process: process, handler: log).signal(&instance)
        #expect(ProcessRuntime(process: process).state(instance) == "ko")
        #expect(log.performed == ["decide:credit.drl"])
    }

    @Test func forkCreatesChildrenInDocumentOrderAndJoinWaitsForAll() throws {
        let process = try #require(Support.compile("""
            <process-definition>
              <start-state name="s"><transition to="f"/></start-state>
              <fork name="f"><transition name="z" to="z"/><transition name="a" to="a"/><transition to="m"/></fork>
              <state name="z"><transition to="j"/></state>
              <state name="a"><transition to="j"/></state>
              <state name="m"><transition to="j"/></state>
              <join name="j"><transition to="done"/></join>
              <state name="done"/>
            </process-definition>
            """))
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        #expect(instance.tokens.map(\.path) == ["/", "/z", "/a", "/3"])
        #expect(runtime.states(instance) == ["z", "a", "m"])
        try runtime.signal(&instance, token: "/3")
        try runtime.signal(&instance, token: "/z")
        #expect(runtime.node(of: instance, token: "/") == "f")
        try runtime.signal(&instance, token: "/a")
        #expect(runtime.state(instance) == "done")
    }

    @Test func taskNodeSignalModes() throws {
        func xml(_ mode: String) -> String {
            """
            <process-definition>
              <start-state name="s"><transition to="t"/></start-state>
              <task-node name="t" signal="\(mode)"><task name="one"/><task name="two"/>
                <transition name="go" to="after"/><transition name="other" to="elsewhere"/></task-node>
              <state name="after"/><state name="elsewhere"/>
            </process-definition>
            """
        }
        for (mode, afterFirst, afterSecond) in [("last", "t", "after"), ("first", "after", "after"), ("never", "t", "t"),
                                                ("unsynchronized", "after", "after")] {
            let process = try #require(Support.compile(xml(mode)))
            let runtime = ProcessRuntime(process: process)
            var (instance, _) = try runtime.start(id: 1)
            try runtime.signal(&instance)
            #expect(runtime.tasks(instance) == ["one", "two"], "\(mode)")
            try runtime.completeTask(&instance, name: "one")
            #expect(runtime.state(instance) == afterFirst, "\(mode)")
            try runtime.completeTask(&instance, name: "two")
            #expect(runtime.state(instance) == afterSecond, "\(mode)")
        }
        // complete with a transition name and variables
        let process = try #require(Support.compile(xml("last")))
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        try runtime.completeTask(&instance, name: "one")
        try runtime.completeTask(&instance, name: "two", transition: "other", variables: [("note", .string("ok"))])
        #expect(runtime.state(instance) == "elsewhere")
        #expect(instance.variable("note") == .string("ok"))
        #expect(throws: ProcessError.self) { try runtime.completeTask(&instance, name: "one") }
    }

    @Test func superStateEntersFirstChildAndLendsItsTransitions() throws {
        let process = try #require(Support.compile("""
            <process-definition>
              <start-state name="s"><transition to="outer"/></start-state>
              <super-state name="outer">
                <state name="first"><transition to="inner/deep"/></state>
                <super-state name="inner"><state name="deep"><transition to="../../out"/></state></super-state>
                <transition name="abort" to="out"/>
              </super-state>
              <state name="out"/>
            </process-definition>
            """))
        let runtime = ProcessRuntime(process: process)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        #expect(runtime.state(instance) == "outer/first")
        var copy = instance
        try runtime.signal(&copy, transition: "abort")
        #expect(runtime.state(copy) == "out")
        try runtime.signal(&instance)
        #expect(runtime.state(instance) == "outer/inner/deep")
        try runtime.signal(&instance)
        #expect(runtime.state(instance) == "out")
    }

    @Test func processStateRunsASubProcessWithVariableMapping() throws {
        let sub = try #require(Support.compile("""
            <process-definition name="approval">
              <variable name="amount" type="number"/>
              <start-state name="s"><transition to="review"/></start-state>
              <state name="review"><transition to="end"/></state>
              <end-state name="end"/>
            </process-definition>
            """))
        let main = try #require(Support.compile("""
            <process-definition name="main">
              <variable name="total" type="number"/>
              <start-state name="s"><transition to="approve"/></start-state>
              <process-state name="approve">
                <sub-process name="approval"/>
                <variable name="total" access="read,write" mapped-name="amount"/>
                <transition to="done"/>
              </process-state>
              <state name="done"/>
            </process-definition>
            """, subProcesses: ["approval": sub]))
        let runtime = ProcessRuntime(process: main)
        var (instance, _) = try runtime.start(id: 1, variables: [("total", .int(10))])
        try runtime.signal(&instance)
        #expect(runtime.state(instance) == "approve")
        #expect(throws: ProcessError.self) { try runtime.signal(&instance) }  // waits for its sub-process
        // jBPM signals the new sub-process: it is already past its start-state.
        #expect(instance.subProcesses.first.map { ProcessRuntime(process: sub).state($0.instance) } == "review")
        #expect(instance.subProcesses.first?.instance.variable("amount") == .int(10))
        try runtime.setVariable(&instance, name: "amount", value: .int(99), subProcess: "/")
        let bytes = instance.serialized(process: main)
        instance = try ProcessInstance(serialized: bytes, process: main)
        try runtime.signal(&instance, subProcess: "/")  // review → end: the sub-process ends
        #expect(runtime.state(instance) == "done")
        #expect(instance.variable("total") == .int(99))
        #expect(instance.subProcesses.first?.instance.ended == true)  // the ended sub-process stays reachable
    }

    @Test func eventsFireInJBPMOrderAndPropagate() throws {
        let process = try #require(Support.compile("""
            <process-definition>
              <event type="node-enter"><action function="enterAny"/></event>
              <start-state name="s"><transition to="a"><action function="onTransition"/></transition></start-state>
              <state name="a">
                <event type="node-leave"><action function="leaveA"/></event>
                <transition to="e"/>
              </state>
              <end-state name="e"/>
              <event type="process-end"><action function="finished"/></event>
            </process-definition>
            """))
        let log = ActionLog()
        let runtime = ProcessRuntime(process: process, handler: log)
        var (instance, started) = try runtime.start(id: 1)
        #expect(started.events.map(\.type) == ["process-start"])
        let first = try runtime.signal(&instance)
        #expect(first.events.map { "\($0.type) \($0.source)" } == [
            "before-signal node:s", "node-leave node:s", "transition transition:s->a", "node-enter node:a", "after-signal node:s",
        ])
        try runtime.signal(&instance)
        #expect(log.performed == ["transition:onTransition@/", "node-enter:enterAny@/", "node-leave:leaveA@/",
                                  "node-enter:enterAny@/", "process-end:finished@/"])
    }
}
