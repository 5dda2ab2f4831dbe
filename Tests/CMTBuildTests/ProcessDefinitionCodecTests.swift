import CMTBuild
@testable import CMTBundle
import CMTProcessEngine
import CMTSource
import Foundation
import Testing

/// The binary form of process definitions in a bundle: what is read back is what was written, with
/// no XML reader involved, and indexes that would lead the runtime astray are refused.
@Suite("process definition codec")
struct ProcessDefinitionCodecTests {
    static func definitions() throws -> [(name: String, process: CompiledProcess)] {
        var result: [(name: String, process: CompiledProcess)] = []
        for example in ["dispute-resolution", "identity-wallet", "loan-marketplace", "supply-chain"] {
            let sources = SourceManager()
            let root = BundleTests.packageRoot.appendingPathComponent("Examples/\(example)").path
            let compiled = ProgramCompiler.compile(paths: [root], sources: sources, stdlib: BundleTests.stdlib)
            let program = try #require(compiled.compiled, "\(example): \(DiagnosticRenderer(sources: sources).render(compiled.diagnostics))")
            for name in program.processes.keys.sorted() { result.append(("\(example)/\(name)", try #require(program.processes[name]))) }
        }
        return result
    }

    @Test("every example's process definitions decode to what was encoded, node for node")
    func examplesRoundTrip() throws {
        let all = try Self.definitions()
        #expect(all.count >= 4)
        for (name, process) in all {
            let bytes = ProcessCodec.encode(process)
            let decoded = try ProcessCodec.decode(bytes, what: name)
            #expect(ProcessCodec.encode(decoded) == bytes, "\(name)")
            let original = process.definition
            let read = decoded.definition
            #expect(read.name == original.name && read.startNode == original.startNode, "\(name)")
            #expect(read.nodes.map(\.fullName) == original.nodes.map(\.fullName), "\(name)")
            #expect(read.nodes.map(\.kind) == original.nodes.map(\.kind), "\(name)")
            #expect(read.nodes.map(\.leaving) == original.nodes.map(\.leaving), "\(name)")
            #expect(read.nodes.map { $0.timers.map(\.dueSeconds) } == original.nodes.map { $0.timers.map(\.dueSeconds) }, "\(name)")
            #expect(read.nodes.map { $0.tasks.map(\.name) } == original.nodes.map { $0.tasks.map(\.name) }, "\(name)")
            #expect(read.transitions.map { [$0.from, $0.to] } == original.transitions.map { [$0.from, $0.to] }, "\(name)")
            #expect(read.transitions.map(\.name) == original.transitions.map(\.name), "\(name)")
            #expect(read.transitions.map { $0.condition?.text } == original.transitions.map { $0.condition?.text }, "\(name)")
            #expect(read.variables.map(\.name) == original.variables.map(\.name), "\(name)")
            #expect(read.swimlanes.map(\.name) == original.swimlanes.map(\.name), "\(name)")
            #expect(decoded.variableTypes == process.variableTypes, "\(name)")
            #expect(Set(decoded.expressions.keys) == Set(process.expressions.keys), "\(name)")
        }
    }

    @Test("a definition whose transition leads to no node, or whose start node is missing, is refused")
    func indexesAreChecked() throws {
        let span = Span(file: FileID(0), start: 0, end: 1)
        let nodes = [NodeDefinition(kind: .startState, name: "start", fullName: "start", leaving: [0], span: span),
                     NodeDefinition(kind: .endState, name: "end", fullName: "end", span: span)]
        func bytes(transitionTo target: Int, start: Int) -> [UInt8] {
            let definition = ProcessDefinition(name: "p", nodes: nodes, transitions: [TransitionDefinition(from: 0, to: target, span: span)],
                                               events: [], variables: [], startNode: start, span: span)
            var writer = ByteWriter()
            ProcessDefinitionCodec.encode(definition, into: &writer)
            return writer.bytes
        }
        var good = ByteReader(bytes(transitionTo: 1, start: 0), what: "good")
        #expect(try ProcessDefinitionCodec.decode(&good).transitions.first?.to == 1)
        for (target, start) in [(7, 0), (1, 5), (-1, 0)] {
            var reader = ByteReader(bytes(transitionTo: target, start: start), what: "bad")
            #expect(throws: BundleError.self) { _ = try ProcessDefinitionCodec.decode(&reader) }
        }
    }
}
