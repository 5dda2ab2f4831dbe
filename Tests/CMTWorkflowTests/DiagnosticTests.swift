import CMTSource
import CMTWorkflow
import Testing

/// Every deploy-time check has a code (E06xx) and points into the .bpm file.
@Suite struct DiagnosticTests {
    func wrap(_ body: String, root: String = "<process-definition>") -> String {
        root + "\n  <start-state name=\"s\"><transition to=\"a\"/></start-state>\n" + body + "\n</process-definition>\n"
    }

    @Test func malformedXMLIsOneDiagnostic() {
        #expect(Support.codes("<process-definition><state name='a'></process-definition>") == ["E0600"])
        #expect(Support.codes("") == ["E0600"])
    }

    @Test func unknownElementAndAttribute() {
        #expect(Support.codes(wrap("  <state name=\"a\" color=\"red\"/>\n  <widget/>")) == ["E0602", "E0601"])
    }

    @Test func missingAttribute() {
        #expect(Support.codes(wrap("  <state/>\n  <state name=\"a\"/>")) == ["E0603"])
        #expect(Support.codes(wrap("  <state name=\"a\"><transition/></state>")) == ["E0603"])
    }

    @Test func duplicateNames() {
        #expect(Support.codes(wrap("  <state name=\"a\"/>\n  <state name=\"a\"/>")) == ["E0604"])
        #expect(Support.codes(wrap("  <state name=\"a\"><transition name=\"t\" to=\"a\"/><transition name=\"t\" to=\"a\"/></state>"))
                == ["E0604"])
        #expect(Support.codes(wrap("  <task-node name=\"a\"><task name=\"x\"/><task name=\"x\"/></task-node>")) == ["E0604"])
    }

    @Test func transitionToMissingNode() {
        #expect(Support.codes(wrap("  <state name=\"a\"><transition to=\"nowhere\"/></state>")) == ["E0605"])
    }

    @Test func unreachableNode() {
        #expect(Support.codes(wrap("  <state name=\"a\"/>\n  <state name=\"island\"/>")) == ["E0606"])
    }

    @Test func conditionOutsideDecision() {
        #expect(Support.codes(wrap("  <state name=\"a\"><transition to=\"a\"><condition>#{true}</condition></transition></state>"))
                == ["E0607"])
    }

    @Test func joinWithoutFork() {
        #expect(Support.codes(wrap("  <state name=\"a\"><transition to=\"j\"/></state>\n  <join name=\"j\"/>")) == ["E0608"])
    }

    @Test func improperlyNestedForkAndJoin() {
        let body = """
              <fork name="a"><transition name="l" to="f2"/><transition name="r" to="x"/></fork>
              <fork name="f2"><transition name="l" to="y"/><transition name="r" to="z"/></fork>
              <state name="x"><transition to="j"/></state>
              <state name="y"><transition to="j"/></state>
              <state name="z"><transition to="j2"/></state>
              <join name="j"><transition to="end"/></join>
              <join name="j2"><transition to="end"/></join>
              <end-state name="end"/>
            """
        #expect(Support.codes(wrap(body)).contains("E0609"))
    }

    @Test func badTimerDuration() {
        #expect(Support.codes(wrap("  <state name=\"a\"><timer duedate=\"soon\"/></state>")) == ["E0610"])
        #expect(Support.codes(wrap("  <state name=\"a\"><timer duedate=\"1 day\" repeat=\"0 days\"/></state>")) == ["E0610"])
    }

    @Test func expressionErrors() {
        let decision = "  <decision name=\"a\"><transition name=\"x\" to=\"b\"><condition>#{budget &gt; \"x\"}</condition></transition><transition to=\"b\"/></decision>\n  <state name=\"b\"/>"
        #expect(Support.codes(wrap(decision), variables: ["budget": "number"]) == ["E0611"])
        #expect(Support.codes(wrap(decision)) == ["E0611"])  // unknown variable
    }

    @Test func missingStartState() {
        #expect(Support.codes("<process-definition><state name=\"a\"/></process-definition>") == ["E0612"])
    }

    @Test func multipleStartStates() {
        #expect(Support.codes(wrap("  <start-state name=\"t\"/>\n  <state name=\"a\"/>")) == ["E0613"])
    }

    @Test func unknownVariableType() {
        #expect(Support.codes(wrap("  <variable name=\"v\" type=\"float\"/>\n  <state name=\"a\"/>")) == ["E0614"])
    }

    @Test func impureExpression() {
        let decision = "  <decision name=\"a\" expression=\"#{print('x') == null ? 'b' : 'b'}\"><transition name=\"b\" to=\"b\"/></decision>\n  <state name=\"b\"/>"
        #expect(Support.codes(wrap(decision)).first.map { ["E0611", "E0615"].contains($0) } == true)
    }

    @Test func invalidAttributeValue() {
        #expect(Support.codes(wrap("  <task-node name=\"a\" signal=\"sometimes\"/>")) == ["E0616"])
        #expect(Support.codes(wrap("  <state name=\"a\"><event type=\"party\"/></state>")) == ["E0616"])
    }

    @Test func rootMustBeProcessDefinition() {
        #expect(Support.codes("<process><state name=\"a\"/></process>") == ["E0617"])
    }

    @Test func decisionWithoutTransitions() {
        #expect(Support.codes(wrap("  <decision name=\"a\"/>")) == ["E0618"])
    }

    @Test func processStateWithoutSubProcess() {
        #expect(Support.codes(wrap("  <process-state name=\"a\"/>")) == ["E0619"])
        #expect(Support.codes(wrap("  <process-state name=\"a\"><sub-process name=\"unknown\"/></process-state>")) == ["E0619"])
    }

    @Test func unknownTimerTransition() {
        #expect(Support.codes(wrap("  <state name=\"a\"><timer duedate=\"1 day\" transition=\"later\"/></state>")) == ["E0620"])
    }

    @Test func unknownSwimlane() {
        #expect(Support.codes(wrap("  <task-node name=\"a\"><task name=\"x\" swimlane=\"nobody\"/></task-node>")) == ["E0623"])
    }

    @Test func conflictingAssignment() {
        let both = "<swimlane name=\"l\"/>\n  <task-node name=\"a\"><task swimlane=\"l\"><assignment actor-id=\"cmt1x\"/></task></task-node>"
        #expect(Support.codes(wrap(both)) == ["E0624"])
        #expect(Support.codes(wrap("  <task-node name=\"a\"><task><assignment actor-id=\"cmt1x\" expression=\"y\"/></task></task-node>"))
                == ["E0624"])
        #expect(Support.codes(wrap("  <task-node name=\"a\"><task><assignment/></task></task-node>")) == ["E0603"])
        // jBPM's pooled actors and assignment handler classes have no meaning on a chain.
        #expect(Support.codes(wrap("  <task-node name=\"a\"><task><assignment pooled-actors=\"x,y\"/></task></task-node>"))
                == ["E0603", "E0602"])
    }

    @Test func startStateTasks() {
        let xml = "<process-definition>\n  <start-state name=\"s\"><task/><task name=\"b\"/><transition to=\"a\"/></start-state>\n"
            + "  <state name=\"a\"/>\n</process-definition>"
        #expect(Support.codes(xml) == ["E0625"])
    }

    @Test func actorExpressionsAreCompiled() {
        let xml = "<swimlane name=\"l\"><assignment actor-id=\"#{seller + 1}\"/></swimlane>\n"
            + "  <task-node name=\"a\"><task swimlane=\"l\"/></task-node>"
        #expect(Support.codes(wrap(xml), variables: ["seller": "address"]) == ["E0611"])
        let good = "<swimlane name=\"l\"><assignment actor-id=\"#{seller}\"/></swimlane>\n  <task-node name=\"a\"><task swimlane=\"l\"/></task-node>"
        #expect(Support.codes(wrap(good), variables: ["seller": "address"]) == [])
    }

    @Test func acceptedAndIgnoredElements() {
        let xml = """
            <process-definition name="p" xmlns="urn:jbpm.org:jpdl-3.2">
              <description>ignored</description>
              <swimlane name="clerk"><assignment actor-id="bob"/></swimlane>
              <start-state name="s"><description>x</description><transition to="a"/></start-state>
              <state name="a"/>
            </process-definition>
            """
        #expect(Support.codes(xml) == [])
    }

    // MARK: - Rendered goldens

    @Test func renderedTransitionToMissingNode() {
        let xml = "<process-definition>\n  <start-state name=\"s\">\n    <transition to=\"nowhere\"/>\n  </start-state>\n</process-definition>\n"
        #expect(Support.rendered(xml) == """
            test.bpm:3:21: error[E0605]: transition to 'nowhere', but there is no node with that name
              |
            3 |     <transition to="nowhere"/>
              |                     ^^^^^^^


            """)
    }

    @Test func renderedUnknownAttribute() {
        let xml = "<process-definition>\n  <start-state name=\"s\" colour=\"red\"/>\n</process-definition>\n"
        #expect(Support.rendered(xml) == """
            test.bpm:2:25: error[E0602]: unknown attribute 'colour' on 'start-state'
              |
            2 |   <start-state name="s" colour="red"/>
              |                         ^^^^^^


            """)
    }

    @Test func renderedExpressionErrorPointsIntoTheCondition() {
        let xml = """
            <process-definition>
              <start-state name="s"><transition to="d"/></start-state>
              <decision name="d">
                <transition name="x" to="e"><condition>#{budget &gt; nope}</condition></transition>
                <transition to="e"/>
              </decision>
              <state name="e"/>
            </process-definition>

            """
        let text = Support.rendered(xml, variables: ["budget": "number"])
        #expect(text == """
            test.bpm:4:58: error[E0611]: in expression: cannot find 'nope' in scope [E0200]
              |
            4 |     <transition name="x" to="e"><condition>#{budget &gt; nope}</condition></transition>
              |                                                          ^^^^


            """)
    }
}
