import CMTProcessEngine
import CMTSource
import CMTWorkflow
import Foundation
import Testing

/// Every element of a process file, and every node and transition read from it, has an exact span.
@Suite("Process spans")
struct ProcessSpanTests {
    /// Checks the element outline of `xml`: each element's span runs from `<name` to the `>` that
    /// closes it, lies inside its parent's, and attribute spans hold exactly their name and raw value.
    static func expectExactSpans(_ xml: String, path: String) -> (ProcessParser.Output, SourceFile) {
        let sources = SourceManager()
        let file = sources.add(path: path, text: xml)
        let output = ProcessParser.parse(file)
        for element in output.elements {
            let text = file.text(of: element.span)
            #expect(text.hasPrefix("<" + element.name), "\(path): element '\(element.name)' span starts with '\(text.prefix(20))'")
            #expect(text.hasSuffix("/>") || text.hasSuffix("</\(element.name)>"), "\(path): element '\(element.name)' span ends with '\(text.suffix(20))'")
            #expect(file.text(of: element.nameSpan) == element.name)
            if let parent = element.parent {
                let outer = output.elements[parent].span
                #expect(outer.start < element.span.start && element.span.end < outer.end, "\(path): '\(element.name)' is outside its parent")
            }
            for attribute in element.attributes {
                #expect(file.text(of: attribute.nameSpan) == attribute.name)
                #expect(element.span.start < attribute.valueSpan.start && attribute.valueSpan.end < element.span.end)
                let quote = file.bytes[attribute.valueSpan.start - 1]
                #expect(quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"))
                #expect(file.bytes[attribute.valueSpan.end] == quote)
            }
            for (a, b) in zip(element.children, element.children.dropFirst()) {
                #expect(output.elements[a].span.end <= output.elements[b].span.start)
            }
        }
        return (output, file)
    }

    static let sample = """
    <?xml version="1.0"?>
    <process-definition name="order">
      <start-state name="start">
        <transition to="check"/>
      </start-state>
      <decision name="check">
        <transition name="big" to="approve"><condition expression="amount &gt; 100"/></transition>
        <transition name="small" to="done">
          <condition>amount &lt;= 100</condition>
        </transition>
      </decision>
      <task-node name="approve">
        <task name="review"><assignment actor-id="manager"/></task>
        <event type="node-enter"><action function="notify"/></event>
        <transition to="done"/>
      </task-node>
      <state name="nested"><state-inner/></state>
      <end-state name="done"/>
    </process-definition>
    """

    @Test("elements, attributes, nodes and transitions of a process file have exact spans")
    func sampleSpans() throws {
        let (output, file) = Self.expectExactSpans(Self.sample, path: "order.bpm")
        #expect(output.elements.count == 17)
        #expect(output.elements.first?.name == "process-definition")
        let condition = try #require(output.elements.first { $0.name == "condition" && $0.textSpan != nil })
        #expect(condition.textSpan.map { file.text(of: $0) } == "amount &lt;= 100")
        let transitions = output.elements.filter { $0.name == "transition" }
        #expect(transitions.map { file.text(of: $0.span) }.first == "<transition to=\"check\"/>")
        #expect(file.text(of: transitions[1].span).hasSuffix("100\"/></transition>"))
        #expect(file.text(of: transitions[2].span).hasSuffix("</condition>\n    </transition>"))
        // The checked definition's nodes and transitions point inside their elements.
        let (clean, cleanFile) = Self.expectExactSpans(Self.sample.replacingOccurrences(of: "<state name=\"nested\"><state-inner/></state>\n", with: ""),
                                                       path: "clean.bpm")
        let definition = try #require(clean.definition, "\(clean.diagnostics.map(\.text))")
        for node in definition.nodes {
            #expect(cleanFile.text(of: node.span) == (node.kind == .startState && node.name == "start-state" ? "start-state" : node.name))
            #expect(clean.elements.contains { $0.span.start <= node.span.start && node.span.end <= $0.span.end && $0.name == node.kind.rawValue })
        }
        for transition in definition.transitions {
            #expect(clean.elements.contains { $0.name == "transition" && $0.span.start <= transition.span.start && transition.span.end <= $0.span.end })
        }
    }

    @Test("every process file of the examples and conformance scenarios has exact element spans")
    func corpusSpans() throws {
        var count = 0
        for folder in ["Examples", "Tests/CMTWorkflowTests/Conformance"] {
            let base = Support.packageRoot.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where url.pathExtension == "bpm" || url.pathExtension == "xml" {
                let (output, _) = Self.expectExactSpans(try String(contentsOf: url, encoding: .utf8), path: url.path)
                #expect(!output.elements.isEmpty, "\(url.path)")
                count += 1
            }
        }
        #expect(count > 20)
    }
}
