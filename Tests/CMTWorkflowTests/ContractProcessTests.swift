import CMTBytecode
import CMTCompiler
import CMTProcessEngine
import CMTSource
import CMTVM
import CMTWorkflow
import Foundation
import Testing

/// Contracts driving processes through the real engine: `start_process`, `load_process`, the white
/// paper's loop, signals, persistence across calls, and reverts.
@Suite struct ContractProcessTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let contract = Address.named("purchase")
    static let buyer = Address.named("buyer")

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
            #expect(VM.deploy(program, arguments: [], context: CallContext(contract: ContractProcessTests.contract, sender: ContractProcessTests.buyer),
                              host: host, limits: ExecutionLimits(gasLimit: 10_000_000)).returnValue == .null)
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

    static let shipping = """
        <process-definition name="shipping">
          <start-state name="ordered">
            <transition to="route"/>
          </start-state>
          <decision name="route">
            <handler function="chooseCarrier"/>
            <transition name="express" to="express"/>
            <transition name="standard" to="standard"/>
          </decision>
          <state name="express">
            <event type="node-enter"><action function="countShipment"/></event>
            <transition to="delivered"/>
          </state>
          <state name="standard">
            <event type="node-enter"><action function="countShipment"/></event>
            <transition to="delivered"/>
          </state>
          <end-state name="delivered"/>
        </process-definition>
        """

    static let shipper = """
        contract Shipper {
            shipped: number = 0;
            urgent: boolean = true;
            lastProcess: number = 0;
            public function ship(express: boolean): string {
                urgent = express;
                process = start_process("shipping.bpm");
                process.next();
                return process.state + " after " + shipped;
            }
            public function chooseCarrier(pid: number): string {
                return urgent ? "express" : "standard";
            }
            public function countShipment(pid: number): void {
                shipped += 1;
                lastProcess = pid;
            }
            public function failing(): void {
                shipped = 100;
                process = start_process("shipping.bpm");
                process.signal("nowhere");
            }
            public function count(): number { return shipped; }
        }
        """

    @Test("actions and decision handlers call the contract's functions, which see and change its state")
    func contractActions() throws {
        let chain = try Chain(contract: Self.shipper, processes: ["shipping.bpm": Self.shipping])
        #expect(chain.call("ship", [.boolean(true)]).returnValue == .string("express after 1"))
        #expect(chain.call("ship", [.boolean(false)]).returnValue == .string("standard after 2"))
        #expect(chain.call("count").returnValue == .int(2))
        #expect(chain.call("failing").returnValue == nil)
        #expect(chain.call("count").returnValue == .int(2))
    }

    @Test("actions and decision handlers read the contract program's module constants")
    func actionsSeeModuleConstants() throws {
        let source = """
            const STEP = 5;
            const FAST = "express";
            contract Shipper {
                shipped: number = 0;
                public function ship(): string {
                    process = start_process("shipping.bpm");
                    process.next();
                    return process.state + " after " + shipped;
                }
                public function chooseCarrier(pid: number): string { return FAST; }
                public function countShipment(pid: number): void { shipped += STEP; }
            }
            """
        let chain = try Chain(contract: source, processes: ["shipping.bpm": Self.shipping])
        #expect(chain.call("ship").returnValue == .string("express after 5"))
        #expect(chain.call("ship").returnValue == .string("express after 10"))
    }

    @Test("timers fire at the first block whose time has passed their due date")
    func timers() throws {
        let reminder = """
            <process-definition name="reminder">
              <start-state name="placed"><transition to="waiting"/></start-state>
              <state name="waiting">
                <timer name="late" duedate="10 seconds" transition="remind"/>
                <transition name="paid" to="done"/>
                <transition name="remind" to="reminded"/>
              </state>
              <state name="reminded"><transition to="done"/></state>
              <end-state name="done"/>
            </process-definition>
            """
        let source = """
            contract Orders {
                pid: number = 0;
                public function place(): string {
                    process = start_process("reminder.bpm");
                    process.next();
                    pid = process.id;
                    return process.state;
                }
                public function state(): string { return load_process(pid).state; }
            }
            """
        let chain = try Chain(contract: source, processes: ["reminder.bpm": reminder])
        let service = try #require(chain.host.processService as? WorkflowProcessService)
        #expect(chain.call("place").returnValue == .string("waiting"))
        chain.host.block = BlockContext(height: 2, time: 9)
        #expect(service.fireDueTimers(contract: Self.contract, host: chain.host, gasLimit: 1_000_000).failures.isEmpty)
        #expect(chain.call("state").returnValue == .string("waiting"))
        chain.host.block = BlockContext(height: 3, time: 10)
        let fired = service.fireDueTimers(contract: Self.contract, host: chain.host, gasLimit: 1_000_000)
        #expect(fired.failures.isEmpty && fired.gasUsed > 0)
        #expect(chain.call("state").returnValue == .string("reminded"))
    }

    @Test("contracts pass variables to a process, read them by name and set them")
    func variables() throws {
        let budget = """
            <process-definition name="budget">
              <variable name="budget" type="number"/>
              <variable name="owner" type="string"/>
              <start-state name="new"><transition to="check"/></start-state>
              <decision name="check">
                <transition name="small" to="approved"/>
                <transition name="large" to="board">
                  <condition>#{budget &gt; 1000}</condition>
                </transition>
              </decision>
              <state name="approved"><transition to="done"/></state>
              <state name="board"><transition to="done"/></state>
              <end-state name="done"/>
            </process-definition>
            """
        let source = """
            contract Budgets {
                public function submit(amount: number): string {
                    let variables: Map<string, number> = { budget: amount };
                    process = start_process("budget.bpm", variables);
                    process.setVariable("owner", "ada");
                    process.next();
                    process.setVariable("reviewed", true);
                    return process.state + " " + (process.numberVariable("budget") ?? -1) + " " + (process.stringVariable("owner") ?? "?")
                        + " " + (process.booleanVariable("reviewed") ?? false) + " " + (process.numberVariable("owner") ?? -1);
                }
            }
            """
        let chain = try Chain(contract: source, processes: ["budget.bpm": budget])
        #expect(chain.call("submit", [.int(5000)]).returnValue == .string("board 5000 ada true -1"))
        #expect(chain.call("submit", [.int(10)]).returnValue == .string("approved 10 ada true -1"))
    }
}
