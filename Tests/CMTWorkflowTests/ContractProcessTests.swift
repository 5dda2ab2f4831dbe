import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import CMTWorkflow
import Foundation
import Testing

/// Contracts driving processes through the real engine: `start_process`, `load_process`, the white
/// paper's loop, signals, persistence across calls, and reverts.
@Suite struct ContractProcessTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let contract = Address("cmt1purchase")
    static let buyer = Address("cmt1buyer")

    final class Chain {
        let host = InMemoryHost()
        let program: Program

        init(contract source: String, processes: [String: String]) throws {
            let sources = SourceManager()
            var definitions: [String: CompiledProcess] = [:]
            for (name, text) in processes {
                let parsed = ProcessParser.parse(sources.add(path: name, text: text))
                let definition = try #require(parsed.definition)
                let compiled = ProcessCompiler.compile(definition)
                guard let process = compiled.process else { throw ProcessError(.malformed, "\(compiled.diagnostics)") }
                definitions[name] = process
            }
            let file = sources.add(path: "contract.cmt", text: source)
            let output = Compiler.compile([file], sources: sources, options: Compiler.Options(processDefinitions: definitions.keys.sorted()))
            let module = try #require(output.module, "\(output.diagnostics.map(\.message.text))")
            program = Program(try Verifier.verify(module))
            host.processService = WorkflowProcessService(definitions: definitions)
            host.deploy(program, at: ContractProcessTests.contract)
            #expect(call("constructor").returnValue == .null)
        }

        func call(_ entry: String, _ arguments: [ContractValue] = []) -> CallOutcome {
            VM.call(program, entryPoint: entry, arguments: arguments, context: CallContext(contract: ContractProcessTests.contract, sender: ContractProcessTests.buyer),
                    host: host, limits: ExecutionLimits(gasLimit: 10_000_000))
        }

        var storage: [[UInt8]] { host.storageEntries(of: ContractProcessTests.contract).map(\.value) }
    }

    static func purchase() throws -> Chain {
        let source = try String(contentsOf: root.appendingPathComponent("Examples/purchase/purchase.cmt"), encoding: .utf8)
        let bpm = try String(contentsOf: root.appendingPathComponent("Examples/purchase/purchase.bpm"), encoding: .utf8)
        return try Chain(contract: source, processes: ["purchase.bpm": bpm])
    }

    @Test("the white paper's purchase process, as printed, runs from the white paper's loop")
    func whitePaperLoop() throws {
        let chain = try Self.purchase()
        #expect(chain.call("advance", [.int(25)]).returnValue == .boolean(true))
        let steps = chain.host.events.compactMap { event -> String? in
            guard case .map(let fields)? = ValueCodec.decode(event.fields), case .string(let state)? = fields.first?.value else { return nil }
            return state
        }
        #expect(steps == ["evaluate", "decrement inventory", "credit seller", "deduct from buyer"])
        // The instance is stored: a later call loads it, finds it ended, and does nothing more.
        #expect(chain.call("advance", [.int(25)]).returnValue == .boolean(true))
        #expect(chain.host.events.count == 4)
    }

    @Test("disapproving goes straight to done")
    func disapprovePath() throws {
        let chain = try Self.purchase()
        #expect(chain.call("decline").returnValue == .boolean(true))
    }

    static let stepper = """
        contract Stepper {
            pid: number? = null;
            public function begin(): string {
                process = start_process("purchase.bpm");
                pid = process.id;
                return process.state;
            }
            public function step(): string {
                process = load_process(pid!);
                process.next();
                return process.ended ? "ended" : process.state + " of " + process.states.join(",");
            }
            public function choose(transition: string): string {
                process = load_process(pid!);
                process.signal(transition);
                return process.state;
            }
            public function stepThenFail(): void {
                process = load_process(pid!);
                process.next();
                process.signal("no such transition");
            }
        }
        """

    @Test("an instance started in one call is driven by later calls")
    func persistenceAcrossCalls() throws {
        let bpm = try String(contentsOf: Self.root.appendingPathComponent("Examples/purchase/purchase.bpm"), encoding: .utf8)
        let chain = try Chain(contract: Self.stepper, processes: ["purchase.bpm": bpm])
        #expect(chain.call("begin").returnValue == .string("request a purchase"))
        #expect(chain.call("step").returnValue == .string("evaluate of evaluate"))
        #expect(chain.call("choose", [.string("approve")]).returnValue == .string("decrement inventory"))
        #expect(chain.call("step").returnValue == .string("credit seller of credit seller,deduct from buyer"))
        #expect(chain.call("step").returnValue == .string("deduct from buyer of deduct from buyer"))
        #expect(chain.call("step").returnValue == .string("ended"))
    }

    @Test("a failing process command reverts the whole call, its earlier steps included")
    func failingCommandReverts() throws {
        let bpm = try String(contentsOf: Self.root.appendingPathComponent("Examples/purchase/purchase.bpm"), encoding: .utf8)
        let chain = try Chain(contract: Self.stepper, processes: ["purchase.bpm": bpm])
        _ = chain.call("begin")
        let before = chain.storage
        guard case .reverted(let reason) = chain.call("stepThenFail").status else {
            Issue.record("expected a revert")
            return
        }
        #expect(reason.contains("no such transition"))
        #expect(chain.storage == before)
        #expect(chain.call("step").returnValue == .string("evaluate of evaluate"))
    }
}
