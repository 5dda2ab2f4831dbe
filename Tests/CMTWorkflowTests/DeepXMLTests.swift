import CMTSource
@testable import CMTWorkflow
import Testing

/// Deeply nested process XML gets one diagnostic instead of overflowing the stack (issue 10).
@Suite struct DeepXMLTests {
    func nested(_ depth: Int, element: String = "super-state") -> String {
        var text = "<process-definition name=\"p\">\n  <start-state name=\"s\"/>\n"
        for level in 0..<depth { text += "<\(element) name=\"n\(level)\">" }
        for _ in 0..<depth { text += "</\(element)>" }
        return text + "\n</process-definition>\n"
    }

    @Test func fiftyThousandLevelsAreOneNestingDiagnostic() {
        let diagnostics = Support.diagnostics(nested(50_000))
        #expect(diagnostics.map(\.code) == ["E0627"])
        #expect(diagnostics.first?.text.contains("nested more than 256") == true)
    }

    @Test func unknownElementsNestedDeeplyAreBoundedToo() {
        #expect(Support.codes(nested(50_000, element: "x")) == ["E0627"])
    }

    @Test func nestingAtTheLimitIsRead() {
        // The root and 255 super-states: 256 levels, all allowed; the only errors are the graph's.
        #expect(!Support.codes(nested(255)).contains("E0627"))
        #expect(Support.codes(nested(256)).contains("E0627"))
    }

    @Test func aDeepTreeWithinTheLimitIsFreedWithoutRecursion() {
        // Freeing is iterative: a tree a million levels deep built directly is released on a test thread.
        let span = Span.point(FileID(0), 0)
        var root: XMLElement? = XMLElement(name: "x", attributes: [], children: [], text: "", nameSpan: span, textSpan: nil)
        var innermost = root
        for _ in 0..<1_000_000 {
            let child = XMLElement(name: "x", attributes: [], children: [], text: "", nameSpan: span, textSpan: nil)
            innermost?.children.append(child)
            innermost = child
        }
        innermost = nil
        root = nil
        #expect(root == nil)
    }
}
