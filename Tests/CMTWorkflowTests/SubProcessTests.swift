import CMTProcessEngine
import CMTSource
import CMTVM
import CMTWorkflow
import Testing

/// Process-states as jBPM's `ProcessState` runs them (issue 15, defects 1–3).
@Suite struct SubProcessTests {
    static let approval = """
        <process-definition name="approval">
          <start-state name="s"><transition to="review"/></start-state>
          <state name="review"><transition to="end"/></state>
          <end-state name="end"/>
        </process-definition>
        """
    static let instant = """
        <process-definition name="instant">
          <start-state name="s"><transition to="end"/></start-state>
          <end-state name="end"/>
        </process-definition>
        """
    static func main(_ subProcess: String, mappings: String = "") -> String {
        """
        <process-definition name="main">
          <start-state name="s"><transition to="call"/></start-state>
          <process-state name="call">
            \(subProcess)
            \(mappings)
            <transition to="after"/>
          </process-state>
          <state name="after"/>
        </process-definition>
        """
    }

    @Test func processStateSignalsItsNewSubProcess() throws {
        let sub = try #require(Support.compile(Self.approval))
        let main = try #require(Support.compile(Self.main(#"<sub-process name="approval"/>"#), subProcesses: ["approval": sub]))
        let runtime = ProcessRuntime(process: main)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        let link = try #require(instance.subProcesses.first)
        #expect(ProcessRuntime(process: sub).state(link.instance) == "review")
    }

    @Test func aSubProcessThatEndsAtOnceCopiesItsVariablesBackAndTheTokenMovesOn() throws {
        let sub = try #require(Support.compile(Self.instant))
        let main = try #require(Support.compile(Self.main(#"<sub-process name="instant"/>"#,
                                                          mappings: #"<variable name="total" mapped-name="amount"/>"#),
                                                subProcesses: ["instant": sub]))
        let runtime = ProcessRuntime(process: main)
        var (instance, _) = try runtime.start(id: 1, variables: [("total", .int(5))])
        try runtime.signal(&instance)
        #expect(runtime.state(instance) == "after")
        #expect(instance.variable("total") == .int(5))
    }

    @Test func anEndedSubProcessStaysReachable() throws {
        let sub = try #require(Support.compile(Self.approval))
        let main = try #require(Support.compile(Self.main(#"<sub-process name="approval"/>"#), subProcesses: ["approval": sub]))
        let runtime = ProcessRuntime(process: main)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        try runtime.signal(&instance, subProcess: "/")
        #expect(runtime.state(instance) == "after")
        let link = try #require(instance.subProcesses.first)
        #expect(link.instance.ended)
        #expect(link.instance.tokens[0].ended)
        #expect(ProcessRuntime(process: sub).node(of: link.instance, token: "/") == "end")
        // It survives storing, and a command on it says it has ended.
        instance = try ProcessInstance(serialized: instance.serialized(process: main), process: main)
        #expect(instance.subProcesses.first?.instance.ended == true)
        #expect(throws: ProcessError(.ended, "process instance has ended")) { try runtime.signal(&instance, subProcess: "/") }
    }

    @Test func aProcessStateWithoutSubProcessElementIsBoundAtDeploymentByItsName() throws {
        let sub = try #require(Support.compile(Self.approval))
        let (parsed, _) = Support.parse(Self.main(""))
        let definition = try #require(parsed.definition)
        #expect(ProcessCompiler.compile(definition).diagnostics.map(\.code) == ["E0619"])
        let main = try #require(ProcessCompiler.compile(definition, bindings: ["call": sub]).process)
        let runtime = ProcessRuntime(process: main)
        var (instance, _) = try runtime.start(id: 1)
        try runtime.signal(&instance)
        #expect(instance.subProcesses.first.map { ProcessRuntime(process: sub).state($0.instance) } == "review")
    }

    @Test func aDeploymentBindsSubProcessesByDefinitionOrFileName() throws {
        let sources = SourceManager()
        func definition(_ path: String, _ text: String) throws -> (name: String, definition: ProcessDefinition) {
            (path, try #require(ProcessParser.parse(sources.add(path: path, text: text)).definition))
        }
        let deployed = ProcessDeployment.compile([
            try definition("flows/main.bpm", Self.main(#"<sub-process name="approval"/>"#)),
            try definition("flows/approval-v2.bpm", Self.approval),
            try definition("flows/other.bpm", Self.main(#"<sub-process name="approval-v2"/>"#).replacingOccurrences(of: "\"main\"", with: "\"other\"")),
        ])
        #expect(deployed.diagnostics.isEmpty)
        for name in ["flows/main.bpm", "flows/other.bpm"] {
            let main = try #require(deployed.processes[name])
            let runtime = ProcessRuntime(process: main)
            var (instance, _) = try runtime.start(id: 1)
            try runtime.signal(&instance)
            #expect(instance.subProcesses.count == 1)
        }
        let cycle = ProcessDeployment.compile([
            try definition("a.bpm", Self.main(#"<sub-process name="b"/>"#).replacingOccurrences(of: "\"main\"", with: "\"a\"")),
            try definition("b.bpm", Self.main(#"<sub-process name="a"/>"#).replacingOccurrences(of: "\"main\"", with: "\"b\"")),
        ])
        #expect(cycle.diagnostics.map(\.code) == ["E0626", "E0626"])
    }

    @Test func lateBindingLooksTheSubProcessUpWhenEntered() throws {
        let approval = try #require(Support.compile(Self.approval))
        let instant = try #require(Support.compile(Self.instant))
        let main = try #require(Support.compile(Self.main(##"<sub-process name="#{kind}" binding="late"/>"##), variables: ["kind": "string"]))
        let runtime = ProcessRuntime(process: main, library: ["approval": approval, "instant": instant])
        var (first, _) = try runtime.start(id: 1, variables: [("kind", .string("instant"))])
        try runtime.signal(&first)
        #expect(runtime.state(first) == "after")
        var (second, _) = try runtime.start(id: 2, variables: [("kind", .string("approval"))])
        try runtime.signal(&second)
        #expect(runtime.state(second) == "call")
        second = try ProcessInstance(serialized: second.serialized(process: main, library: runtime.library), process: main, library: runtime.library)
        try runtime.signal(&second, subProcess: "/")
        #expect(runtime.state(second) == "after")
        var (third, _) = try runtime.start(id: 3, variables: [("kind", .string("missing"))])
        #expect(throws: ProcessError(.subProcess, "process-state 'call': no process definition named 'missing' is deployed")) {
            try runtime.signal(&third)
        }
    }

    /// Records, at subprocess-created, where the new sub-process is and what variables it has.
    final class CreationProbe: ProcessActionHandler {
        var seen: [String] = []
        func perform(_ action: ActionDefinition, event: ProcessEvent, instance: ProcessInstance) throws -> Int64 {
            guard event.type == "subprocess-created", let link = instance.subProcesses.last else {
                seen.append("\(event.type) \(event.source)")
                return 0
            }
            seen.append("subprocess-created variables=\(link.instance.variables.map(\.name)) token at \(link.instance.tokens[0].node)")
            return 0
        }
        func decide(_ handler: ActionDefinition, node: String, instance: ProcessInstance) throws -> (transition: String, gasUsed: Int64) { ("", 0) }
    }

    @Test func subprocessCreatedFiresBeforeTheVariablesAreCopiedInAndTheSubProcessIsSignalled() throws {
        let sub = try #require(Support.compile(Self.approval))
        let main = try #require(Support.compile(Self.main(#"<sub-process name="approval"/><event type="subprocess-created"><action class="probe"/></event>"#,
                                                          mappings: #"<variable name="total" mapped-name="amount"/>"#),
                                                subProcesses: ["approval": sub]))
        let probe = CreationProbe()
        let runtime = ProcessRuntime(process: main, handler: probe)
        var (instance, _) = try runtime.start(id: 1, variables: [("total", .int(5))])
        let step = try runtime.signal(&instance)
        #expect(probe.seen == ["subprocess-created variables=[] token at 0"])
        #expect(step.events.map { "\($0.type) \($0.source) \($0.token)" } == [
            "before-signal node:s /", "node-leave node:s /", "transition transition:s->call /", "node-enter node:call /",
            "process-start process-definition /", "subprocess-created node:call /",
            "before-signal node:s /", "node-leave node:s /", "transition transition:s->review /", "node-enter node:review /",
            "after-signal node:s /", "after-signal node:s /",
        ])
        #expect(instance.subProcesses.first?.instance.variable("amount") == .int(5))
    }
}
