import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Testing

/// The contract side of processes: `start_process`, `load_process` and `Process` members compile to
/// `process` host operations that reach the host's ``ProcessService``. A scripted service stands in
/// for the engine here; CMTWorkflow's own tests cover the engine.
@Suite struct ProcessCommandTests {
    /// A linear process through `nodes`, one step per `next()`, kept in the contract's storage.
    final class ScriptedService: ProcessService {
        let nodes = ["request", "evaluate", "credit seller", "done"]
        var log: [String] = []

        func perform(_ operation: ProcessOperation, instance: ContractValue, argument: ContractValue, contract: Address,
                     sender: Address, host: any Host, gasLimit: Int64) -> ProcessServiceResult {
            log.append("\(operation)")
            func position(_ id: ContractValue) -> Int? {
                guard let bytes = host.storageGet(contract: contract, key: Array("process/\(id)".utf8)) else { return nil }
                return Int(String(decoding: bytes, as: UTF8.self))
            }
            func store(_ id: ContractValue, _ value: Int) {
                host.storageSet(contract: contract, key: Array("process/\(id)".utf8), value: Array(String(value).utf8))
            }
            switch operation {
            case .start:
                guard instance == .string("purchase.bpm") else { return ProcessServiceResult(failure: "unknown definition", gasUsed: 1) }
                store(.int(1), 0)
                return ProcessServiceResult(value: .int(1), gasUsed: 10)
            case .load:
                return position(instance) == nil ? ProcessServiceResult(failure: "no process \(instance)", gasUsed: 1)
                    : ProcessServiceResult(value: instance, gasUsed: 1)
            case .state:
                return ProcessServiceResult(value: .string(nodes[position(instance) ?? 0]), gasUsed: 1)
            case .ended:
                return ProcessServiceResult(value: .boolean(position(instance) == nodes.count - 1), gasUsed: 1)
            case .next:
                let now = (position(instance) ?? 0) + 1
                guard now < nodes.count else { return ProcessServiceResult(value: .boolean(false), gasUsed: 1) }
                store(instance, now)
                return ProcessServiceResult(value: .boolean(now < nodes.count - 1), gasUsed: 5)
            case .signal:
                return argument == .string("nowhere") ? ProcessServiceResult(failure: "no transition 'nowhere'", gasUsed: 1)
                    : ProcessServiceResult(gasUsed: 1)
            case .states, .tasks, .complete, .variable, .setVariable, .tasksFor, .begin:
                return ProcessServiceResult(value: .array([]), gasUsed: 1)
            }
        }
    }

    static let source = """
        contract Purchase {
            pid: number? = null;
            public function advance(): string {
                if (pid) {
                    process = load_process(pid);
                } else {
                    process = start_process("purchase.bpm");
                    pid = process.id;
                }
                let seen = "";
                while (process.next()) {
                    seen += process.state + ";";
                }
                return seen + (process.ended ? "ended" : "running");
            }
            public function wrongWay(): void {
                process = start_process("purchase.bpm");
                process.signal("nowhere");
            }
        }
        """

    func deploy() throws -> (DeployedContract, ScriptedService) {
        let contract = try DeployedContract(Self.source)
        let service = ScriptedService()
        contract.host.processService = service
        return (contract, service)
    }

    @Test("the operation numbers of the compiler and the VM agree")
    func operationNumbers() {
        #expect(ProcessOperationCode.allCases.map(\.rawValue) == ProcessOperation.allCases.map { Int($0.rawValue) })
        #expect(ProcessOperationCode.allCases.map { "\($0)" } == ProcessOperation.allCases.map { "\($0)" })
    }

    @Test("the white paper's loop drives a process stored with the contract")
    func whitePaperLoop() throws {
        let (contract, service) = try deploy()
        #expect(contract.call("advance").returnValue == .string("evaluate;credit seller;ended"))
        #expect(service.log.prefix(2) == ["start", "next"])
        #expect(contract.call("advance").returnValue == .string("ended"))
        #expect(service.log.contains("load"))
    }

    @Test("a failing process command reverts the call and undoes its state changes")
    func failingCommandReverts() throws {
        let (contract, _) = try deploy()
        #expect(contract.call("wrongWay").status == .reverted(reason: "no transition 'nowhere'"))
        #expect(contract.host.storageGet(contract: contractAddress, key: Array("process/1".utf8)) == nil)
    }

    @Test("without a process engine the call fails cleanly")
    func noEngine() throws {
        let contract = try DeployedContract(Self.source)
        guard case .trapped(let trap) = contract.call("advance").status else {
            Issue.record("expected a trap")
            return
        }
        #expect(trap.reason == .hostFailure("this host has no process engine"))
    }

    @Test("start_process paths are checked against the program's process definitions")
    func pathsChecked() {
        let sources = SourceManager()
        let file = sources.add(path: "p.cmt", text: """
            contract P {
                public function a(): number { return start_process("purchse.bpm").id; }
                public function b(name: string): number { return start_process(name).id; }
            }
            """)
        let output = Compiler.compile([file], sources: sources, options: Compiler.Options(processDefinitions: ["purchase.bpm"]))
        let codes = output.diagnostics.map(\.message.id.code)
        #expect(codes == ["E0505", "E0506"])
        #expect(output.diagnostics.first?.message.text == "no process definition 'purchse.bpm' in this program; it has 'purchase.bpm'")
    }
}
