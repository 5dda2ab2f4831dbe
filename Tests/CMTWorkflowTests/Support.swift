import CMTProcessEngine
import CMTSource
import CMTVM
import CMTWorkflow
import Foundation
import Testing

/// Helpers shared by the process tests.
enum Support {
    /// The package root, from this file's path.
    static var packageRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    /// `../shared/conformance/jpdl` beside the package root.
    static var conformanceDirectory: String {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/jpdl").path
    }

    /// The project's own scenarios, beside this file.
    static var ownConformanceDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Conformance").path
    }

    static func parse(_ xml: String, path: String = "test.bpm") -> (ProcessParser.Output, SourceManager) {
        let sources = SourceManager()
        let file = sources.add(path: path, text: xml)
        return (ProcessParser.parse(file), sources)
    }

    /// Every diagnostic of parsing and compiling `xml`.
    static func diagnostics(_ xml: String, variables: [String: String] = [:]) -> [Diagnostic] {
        let (parsed, _) = parse(xml)
        guard let definition = parsed.definition else { return parsed.diagnostics }
        return ProcessCompiler.compile(definition, variables: variables).diagnostics
    }

    static func codes(_ xml: String, variables: [String: String] = [:]) -> [String] { diagnostics(xml, variables: variables).map(\.code) }

    /// The rendered diagnostics text (plain, no colour).
    static func rendered(_ xml: String, variables: [String: String] = [:]) -> String {
        let (parsed, sources) = parse(xml)
        var all = parsed.diagnostics
        if let definition = parsed.definition { all += ProcessCompiler.compile(definition, variables: variables).diagnostics }
        return DiagnosticRenderer(sources: sources).render(all)
    }

    /// Compiles `xml`; records an issue and returns nil when it does not compile.
    static func compile(_ xml: String, variables: [String: String] = [:], subProcesses: [String: CompiledProcess] = [:],
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) -> CompiledProcess? {
        let (parsed, sources) = parse(xml)
        guard let definition = parsed.definition else {
            Issue.record("does not parse:\n\(DiagnosticRenderer(sources: sources).render(parsed.diagnostics))", sourceLocation: sourceLocation)
            return nil
        }
        let compiled = ProcessCompiler.compile(definition, variables: variables, subProcesses: subProcesses)
        if compiled.process == nil {
            Issue.record("does not compile:\n\(DiagnosticRenderer(sources: sources).render(compiled.diagnostics))", sourceLocation: sourceLocation)
        }
        return compiled.process
    }

    static func purchaseXML() throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("Examples/purchase/purchase.bpm"), encoding: .utf8)
    }
}

/// Records every action it is asked to perform; can be told to fail.
final class ActionLog: ProcessActionHandler {
    var performed: [String] = []
    var failOn: String?
    var decision = "yes"

    func perform(_ action: ActionDefinition, event: ProcessEvent, instance: ProcessInstance) throws -> Int64 {
        let name = action.function ?? action.className ?? "?"
        if name == failOn { throw ProcessError(.action, "action \(name) refused") }
        performed.append("\(event.type):\(name)@\(event.token)")
        return 7
    }

    func decide(_ handler: ActionDefinition, node: String, instance: ProcessInstance) throws -> (transition: String, gasUsed: Int64) {
        performed.append("decide:\(handler.rules ?? handler.function ?? "?")")
        return (decision, 5)
    }
}
