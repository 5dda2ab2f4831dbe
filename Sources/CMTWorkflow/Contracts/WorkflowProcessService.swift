public import CMTVM
import CMTBytecode

/// The process engine as contracts reach it (`start_process`, `load_process`, `process.next()`…):
/// a ``ProcessService`` over compiled definitions. Instances live in the calling contract's storage,
/// written through the host, so a call that reverts undoes its process commands with the rest.
/// Storage keys start with a NUL byte, which no state field name can contain:
/// `\0process/next` (the id counter) and `\0process/<id>` (the definition's path and the instance).
public final class WorkflowProcessService: ProcessService {
    /// Compiled definitions by the path contracts name them with (`"purchase.bpm"`).
    public let definitions: [String: CompiledProcess]

    public init(definitions: [String: CompiledProcess]) {
        self.definitions = definitions
    }

    static let counterKey = Array("\u{0}process/next".utf8)
    static func instanceKey(_ id: Int64) -> [UInt8] { Array("\u{0}process/\(id)".utf8) }

    public func perform(
        _ operation: ProcessOperation, instance: ContractValue, argument: ContractValue, contract: Address, host: any Host,
        gasLimit: Int64
    ) -> ProcessServiceResult {
        let context = StepContext(time: host.block.time, height: host.block.height, gasLimit: gasLimit)
        if operation == .start { return start(instance, argument, contract: contract, host: host, context: context) }
        guard case .number(let number) = instance, let id = number.int64Value else {
            return ProcessServiceResult(failure: "a process id must be a whole number", gasUsed: 0)
        }
        guard let (path, process, loaded) = load(id, contract: contract, host: host) else {
            return ProcessServiceResult(failure: "there is no process instance \(id)", gasUsed: ProcessGasForContracts.lookup)
        }
        var current = loaded
        let runtime = ProcessRuntime(process: process)
        do {
            switch operation {
            case .start, .load:
                return ProcessServiceResult(value: instance, gasUsed: ProcessGasForContracts.lookup)
            case .state:
                return ProcessServiceResult(value: .string(runtime.state(current)), gasUsed: ProcessGasForContracts.lookup)
            case .states:
                return ProcessServiceResult(value: .array(runtime.states(current).map { .string($0) }), gasUsed: ProcessGasForContracts.lookup)
            case .tasks:
                return ProcessServiceResult(value: .array(runtime.tasks(current).map { .string($0) }), gasUsed: ProcessGasForContracts.lookup)
            case .ended:
                return ProcessServiceResult(value: .boolean(current.ended), gasUsed: ProcessGasForContracts.lookup)
            case .next:
                let (running, step) = try runtime.next(&current, context: context)
                store(id, path, process, current, contract: contract, host: host)
                return ProcessServiceResult(value: .boolean(running), gasUsed: ProcessGasForContracts.lookup + step.gasUsed)
            case .signal:
                let transition: String?
                switch argument {
                case .null: transition = nil
                case .string(let name): transition = name
                default: return ProcessServiceResult(failure: "a transition is named by a string", gasUsed: 0)
                }
                let token = current.currentToken.map { current.tokens[$0].path } ?? "/"
                let step = try runtime.signal(&current, token: token, transition: transition, context: context)
                store(id, path, process, current, contract: contract, host: host)
                return ProcessServiceResult(gasUsed: ProcessGasForContracts.lookup + step.gasUsed)
            case .complete:
                guard case .string(let task) = argument else {
                    return ProcessServiceResult(failure: "a task is named by a string", gasUsed: 0)
                }
                let step = try runtime.completeTask(&current, name: task, context: context)
                store(id, path, process, current, contract: contract, host: host)
                return ProcessServiceResult(gasUsed: ProcessGasForContracts.lookup + step.gasUsed)
            }
        } catch {
            return ProcessServiceResult(failure: error.description, gasUsed: ProcessGasForContracts.lookup)
        }
    }

    private func start(_ path: ContractValue, _ variables: ContractValue, contract: Address, host: any Host, context: StepContext)
        -> ProcessServiceResult
    {
        guard case .string(let name) = path, let process = definitions[name] else {
            return ProcessServiceResult(failure: "there is no process definition '\(path)'", gasUsed: ProcessGasForContracts.lookup)
        }
        var pairs: [(String, ContractValue)] = []
        switch variables {
        case .null: break
        case .map(let entries):
            for entry in entries {
                guard case .string(let key) = entry.key else {
                    return ProcessServiceResult(failure: "process variables are named by strings", gasUsed: 0)
                }
                pairs.append((key, entry.value))
            }
        default:
            return ProcessServiceResult(failure: "process variables are given as a map", gasUsed: 0)
        }
        var id: Int64 = 1
        if let bytes = host.storageGet(contract: contract, key: Self.counterKey), case .number(let last)? = ValueCodec.decode(bytes),
           let value = last.int64Value {
            id = value + 1
        }
        do {
            let (instance, step) = try ProcessRuntime(process: process).start(id: id, variables: pairs, context: context)
            host.storageSet(contract: contract, key: Self.counterKey, value: ValueCodec.encode(.number(Decimal18(id))))
            store(id, name, process, instance, contract: contract, host: host)
            return ProcessServiceResult(value: .number(Decimal18(id)), gasUsed: ProcessGasForContracts.store + step.gasUsed)
        } catch {
            return ProcessServiceResult(failure: error.description, gasUsed: ProcessGasForContracts.lookup)
        }
    }

    private func load(_ id: Int64, contract: Address, host: any Host) -> (String, CompiledProcess, ProcessInstance)? {
        guard let bytes = host.storageGet(contract: contract, key: Self.instanceKey(id)),
              case .array(let parts)? = ValueCodec.decode(bytes), parts.count == 2,
              case .string(let path) = parts[0], case .bytes(let encoded) = parts[1],
              let process = definitions[path],
              let instance = try? ProcessInstance(serialized: encoded, process: process) else { return nil }
        return (path, process, instance)
    }

    private func store(_ id: Int64, _ path: String, _ process: CompiledProcess, _ instance: ProcessInstance, contract: Address,
                       host: any Host) {
        let record = ContractValue.array([.string(path), .bytes(instance.serialized(process: process))])
        host.storageSet(contract: contract, key: Self.instanceKey(id), value: ValueCodec.encode(record))
    }
}

/// Gas of the contract-facing process commands, on top of the engine's own step costs.
public enum ProcessGasForContracts {
    /// Reading an instance from storage (or the counter).
    public static let lookup: Int64 = 100
    /// Creating and storing a new instance.
    public static let store: Int64 = 200
}
