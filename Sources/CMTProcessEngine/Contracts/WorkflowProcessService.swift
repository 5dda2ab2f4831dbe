public import CMTVM
import CMTBytecode

/// The process engine as contracts reach it (`start_process`, `load_process`, `process.next()`…):
/// a ``ProcessService`` over compiled definitions. Instances live in the calling contract's storage,
/// written through the host, so a call that reverts undoes its process commands with the rest.
/// Storage keys are reserved keys (``StorageKeys``: a NUL byte, which no state field name can
/// contain, and the key layout version 1): `\0\1process/next` (the id counter) and
/// `\0\1process/<id>` (the definition's path and the instance).
public final class WorkflowProcessService: ProcessService {
    /// Compiled definitions by the path contracts name them with (`"purchase.bpm"`).
    public let definitions: [String: CompiledProcess]
    /// What late-bound process-states look up: every definition by its path and by its
    /// `process-definition` name (a path wins).
    public let library: [String: CompiledProcess]
    /// How a decision `<handler rules="…"/>` reaches the rules: the program's `Decision` class.
    public let decisionFact: DecisionFactLayout?

    public init(definitions: [String: CompiledProcess], decisionFact: DecisionFactLayout? = nil) {
        self.definitions = definitions
        var library = definitions
        for key in definitions.keys.sorted() {
            if let process = definitions[key], !process.definition.name.isEmpty, library[process.definition.name] == nil {
                library[process.definition.name] = process
            }
        }
        self.library = library
        self.decisionFact = decisionFact
    }

    static let counterKey = StorageKeys.named("process/next")
    static func instanceKey(_ id: Int64) -> [UInt8] { StorageKeys.named("process/\(id)") }

    public func perform(
        _ operation: ProcessOperation, instance: ContractValue, argument: ContractValue, contract: Address, sender: Address, host: any Host,
        gasLimit: Int64
    ) -> ProcessServiceResult {
        let context = StepContext(time: host.block.time, height: host.block.height, gasLimit: gasLimit)
        let actor = ContractValue.address(sender)
        if operation == .start { return start(instance, argument, contract: contract, actor: actor, host: host, context: context) }
        guard case .number(let number) = instance, let id = number.int64Value else {
            return ProcessServiceResult(failure: "a process id must be a whole number", gasUsed: 0)
        }
        guard let (path, process, loaded, readBytes) = load(id, contract: contract, host: host) else {
            return ProcessServiceResult(failure: "there is no process instance \(id)", gasUsed: ProcessGasForContracts.lookup)
        }
        // Reading the instance costs per byte read, and writing it back per byte written.
        let readGas = ProcessGasForContracts.lookup + Int64(readBytes) * GasSchedule.current.perByte
        var current = loaded
        let actions = ContractActionHandler(contract: contract, host: host, gasLimit: gasLimit, decisionFact: decisionFact)
        let runtime = ProcessRuntime(process: process, handler: actions, library: library)
        do {
            switch operation {
            case .start, .load:
                return ProcessServiceResult(value: instance, gasUsed: readGas)
            case .state:
                return ProcessServiceResult(value: .string(runtime.state(current)), gasUsed: readGas)
            case .states:
                return ProcessServiceResult(value: .array(runtime.states(current).map { .string($0) }), gasUsed: readGas)
            case .tasks:
                return ProcessServiceResult(value: .array(runtime.tasksWithSubProcesses(current).map { .string($0) }),
                                            gasUsed: readGas)
            case .tasksFor:
                guard case .address = argument else { return ProcessServiceResult(failure: "tasksFor takes an address", gasUsed: 0) }
                return ProcessServiceResult(value: .array(runtime.tasksWithSubProcesses(current, for: argument).map { .string($0) }),
                                            gasUsed: readGas)
            case .ended:
                return ProcessServiceResult(value: .boolean(current.ended), gasUsed: readGas)
            case .next:
                let (running, step) = try runtime.next(&current, actor: actor, context: context)
                let storeGas = store(id, path, process, current, contract: contract, host: host)
                return ProcessServiceResult(value: .boolean(running), gasUsed: readGas + step.gasUsed + storeGas,
                                            memoryUsed: Self.heldBytes(storeGas))
            case .signal:
                let transition: String?
                switch argument {
                case .null: transition = nil
                case .string(let name): transition = name
                default: return ProcessServiceResult(failure: "a transition is named by a string", gasUsed: 0)
                }
                let token = current.currentToken.map { current.tokens[$0].path } ?? "/"
                let step = try runtime.signal(&current, token: token, transition: transition, actor: actor, context: context)
                let storeGas = store(id, path, process, current, contract: contract, host: host)
                return ProcessServiceResult(gasUsed: readGas + step.gasUsed + storeGas, memoryUsed: Self.heldBytes(storeGas))
            case .variable:
                guard case .array(let pair) = argument, pair.count == 2, case .string(let name) = pair[0], case .string(let kind) = pair[1] else {
                    return ProcessServiceResult(failure: "a variable is read by name", gasUsed: 0)
                }
                let value = current.variable(name) ?? .null
                let matches: Bool
                switch (kind, value) {
                case ("number", .number), ("string", .string), ("boolean", .boolean): matches = true
                default: matches = false
                }
                return ProcessServiceResult(value: matches ? value : .null, gasUsed: readGas)
            case .setVariable:
                guard case .array(let pair) = argument, pair.count == 2, case .string(let name) = pair[0] else {
                    return ProcessServiceResult(failure: "a variable is set by name", gasUsed: 0)
                }
                switch pair[1] {
                case .number, .string, .boolean, .address, .null: break
                default: return ProcessServiceResult(failure: "process variables hold numbers, strings, booleans and addresses", gasUsed: 0)
                }
                let step = try runtime.setVariable(&current, name: name, value: pair[1], context: context)
                let storeGas = store(id, path, process, current, contract: contract, host: host)
                return ProcessServiceResult(gasUsed: readGas + step.gasUsed + storeGas, memoryUsed: Self.heldBytes(storeGas))
            case .begin:
                guard case .string(let task) = argument else {
                    return ProcessServiceResult(failure: "a task is named by a string", gasUsed: 0)
                }
                let step = try runtime.beginTask(&current, name: task, actor: actor,
                                                 subProcess: runtime.subProcessHolding(task: task, in: current), context: context)
                let storeGas = store(id, path, process, current, contract: contract, host: host)
                return ProcessServiceResult(gasUsed: readGas + step.gasUsed + storeGas, memoryUsed: Self.heldBytes(storeGas))
            case .complete:
                guard case .string(let task) = argument else {
                    return ProcessServiceResult(failure: "a task is named by a string", gasUsed: 0)
                }
                let step = try runtime.completeTask(&current, name: task, subProcess: runtime.subProcessHolding(task: task, in: current),
                                                    actor: actor, context: context)
                let storeGas = store(id, path, process, current, contract: contract, host: host)
                return ProcessServiceResult(gasUsed: readGas + step.gasUsed + storeGas, memoryUsed: Self.heldBytes(storeGas))
            }
        } catch {
            return ProcessServiceResult(failure: error.description, gasUsed: readGas)
        }
    }

    /// Fires the due timers of every process instance of `contract` at the host's block time, in
    /// instance order (`cmtc test` when it advances time; a chain fires instance by instance from
    /// its timer index, ``fireDueTimers(instance:contract:host:gasLimit:)``). Each instance's
    /// firing is all-or-nothing; returns the gas used and the failures, by instance id.
    public func fireDueTimers(contract: Address, host: any Host, gasLimit: Int64) -> (gasUsed: Int64, failures: [(Int64, String)]) {
        guard let bytes = host.storageGet(contract: contract, key: Self.counterKey), case .number(let last)? = ValueCodec.decode(bytes),
              let count = last.int64Value, count > 0 else { return (0, []) }
        var gasUsed: Int64 = 0
        var failures: [(Int64, String)] = []
        for id in 1...count {
            let fired = fireDueTimers(instance: id, contract: contract, host: host, gasLimit: gasLimit - gasUsed)
            gasUsed += fired.gasUsed
            if let failure = fired.failure { failures.append((id, failure)) }
        }
        return (gasUsed, failures)
    }

    /// Fires the due timers of process instance `id` of `contract` at the host's block time and
    /// stores the instance; nothing when it has no timer due (or no such instance). Returns the
    /// gas used and, when the firing failed, why (the caller undoes its writes).
    public func fireDueTimers(instance id: Int64, contract: Address, host: any Host, gasLimit: Int64) -> (gasUsed: Int64, failure: String?) {
        guard let (path, process, loaded, readBytes) = load(id, contract: contract, host: host) else { return (0, nil) }
        let runtime = ProcessRuntime(process: process, handler: ContractActionHandler(contract: contract, host: host, gasLimit: gasLimit,
                                                                                      decisionFact: decisionFact), library: library)
        guard let due = runtime.nextDueTime(loaded), due <= host.block.time else { return (0, nil) }
        var instance = loaded
        do {
            let step = try runtime.fireDueTimers(&instance, context: StepContext(time: host.block.time, height: host.block.height,
                                                                                  gasLimit: gasLimit))
            var gasUsed = step.gasUsed + ProcessGasForContracts.lookup + Int64(readBytes) * GasSchedule.current.perByte
            gasUsed += store(id, path, process, instance, contract: contract, host: host)
            return (gasUsed, nil)
        } catch {
            return (0, error.description)
        }
    }

    /// The id of the process instance stored under contract storage key `key`, or nil when `key`
    /// is not an instance's key.
    public static func instanceID(ofKey key: [UInt8]) -> Int64? {
        let prefix = StorageKeys.named("process/")
        guard key.count > prefix.count, key.starts(with: prefix) else { return nil }
        let digits = key[prefix.count...]
        guard digits.count <= 19, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), digits.first != 0x30 else { return nil }
        return Int64(String(decoding: digits, as: UTF8.self))
    }

    /// The earliest due time of a pending timer of the instance stored as `bytes` (what
    /// `storageSet` writes under ``instanceID(ofKey:)``'s key), or nil when it has none or the
    /// bytes are not an instance of this service's definitions.
    public func nextDueTime(storedInstance bytes: [UInt8]) -> Int64? {
        guard case .array(let parts)? = ValueCodec.decode(bytes), parts.count == 2,
              case .string(let path) = parts[0], case .bytes(let encoded) = parts[1],
              let process = definitions[path],
              let instance = try? ProcessInstance(serialized: encoded, process: process, library: library) else { return nil }
        return instance.nextDueTime
    }

    /// `start_process`: a new instance; when its start-state has a task, the start task is
    /// created for the caller (the initiator, who becomes its swimlane's actor).
    private func start(_ path: ContractValue, _ variables: ContractValue, contract: Address, actor: ContractValue, host: any Host,
                       context: StepContext) -> ProcessServiceResult
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
            let actions = ContractActionHandler(contract: contract, host: host, gasLimit: context.gasLimit, decisionFact: decisionFact)
            let runtime = ProcessRuntime(process: process, handler: actions, library: library)
            let (started, step) = try runtime.start(id: id, variables: pairs, context: context)
            var instance = started
            var gasUsed = step.gasUsed
            if process.definition.startTask != nil, !instance.ended {
                var rest = context
                rest.gasLimit = context.gasLimit - gasUsed
                gasUsed += try runtime.startTask(&instance, actor: actor, context: rest).gasUsed
            }
            let counter = ValueCodec.encode(.number(Decimal18(id)))
            host.storageSet(contract: contract, key: Self.counterKey, value: counter)
            let storeGas = store(id, name, process, instance, contract: contract, host: host)
            return ProcessServiceResult(value: .number(Decimal18(id)),
                                        gasUsed: Int64(counter.count) * GasSchedule.current.perByte + storeGas + gasUsed,
                                        memoryUsed: Self.heldBytes(storeGas) + counter.count + Int(GasSchedule.current.heldRecordBytes))
        } catch {
            return ProcessServiceResult(failure: error.description, gasUsed: ProcessGasForContracts.lookup)
        }
    }

    /// The instance `id`, its definition and path, and the bytes read; nil when there is none.
    private func load(_ id: Int64, contract: Address, host: any Host) -> (String, CompiledProcess, ProcessInstance, Int)? {
        guard let bytes = host.storageGet(contract: contract, key: Self.instanceKey(id)),
              case .array(let parts)? = ValueCodec.decode(bytes), parts.count == 2,
              case .string(let path) = parts[0], case .bytes(let encoded) = parts[1],
              let process = definitions[path],
              let instance = try? ProcessInstance(serialized: encoded, process: process, library: library) else { return nil }
        return (path, process, instance, bytes.count)
    }

    /// The bytes a write of `storeGas` gas stored, plus the host's record overhead (the host keeps
    /// them for the call).
    static func heldBytes(_ storeGas: Int64) -> Int {
        Int((storeGas - ProcessGasForContracts.store) / max(GasSchedule.current.perByte, 1) + GasSchedule.current.heldRecordBytes)
    }

    /// Writes the instance; gives the gas of the write (``ProcessGasForContracts/store`` plus 1 per byte).
    @discardableResult
    private func store(_ id: Int64, _ path: String, _ process: CompiledProcess, _ instance: ProcessInstance, contract: Address,
                       host: any Host) -> Int64 {
        let record = ContractValue.array([.string(path), .bytes(instance.serialized(process: process, library: library))])
        let encoded = ValueCodec.encode(record)
        host.storageSet(contract: contract, key: Self.instanceKey(id), value: encoded)
        return ProcessGasForContracts.store + Int64(encoded.count) * GasSchedule.current.perByte
    }
}

/// Gas of the contract-facing process commands, on top of the engine's own step costs.
public enum ProcessGasForContracts {
    /// Reading an instance from storage (or the counter), plus 1 per byte read.
    public static var lookup: Int64 { GasSchedule.current.processLoad }
    /// Storing an instance, plus 1 per byte written.
    public static var store: Int64 { GasSchedule.current.processStore }
}

/// Runs a process's actions in the contract that owns it: an `<action function="name"/>` calls the
/// contract's public function `name(processId: number)`, with the contract itself as the sender; a
/// decision `<handler function="name"/>` calls `name(processId: number): string` and takes the
/// transition it returns. A failing call fails the process command (and so reverts the contract
/// call). jBPM `class=` actions have no meaning in a contract and do nothing; a `rules=` handler
/// asks the rule set with a `Decision` fact (``RuleDecision``).
final class ContractActionHandler: ProcessActionHandler {
    let contract: Address
    let host: any Host
    var gasLeft: Int64
    let decisionFact: DecisionFactLayout?

    init(contract: Address, host: any Host, gasLimit: Int64, decisionFact: DecisionFactLayout?) {
        self.contract = contract
        self.host = host
        self.gasLeft = gasLimit
        self.decisionFact = decisionFact
    }

    func perform(_ action: ActionDefinition, event: ProcessEvent, instance: ProcessInstance) throws -> Int64 {
        guard let function = action.function else { return 0 }
        return try call(function, instance).gasUsed
    }

    func decide(_ handler: ActionDefinition, node: String, instance: ProcessInstance) throws -> (transition: String, gasUsed: Int64) {
        if let rules = handler.rules {
            let answer = try RuleDecision.decide(rules: rules, node: node, instance: instance, layout: decisionFact, contract: contract,
                                                 host: host, gasLimit: gasLeft)
            gasLeft -= answer.gasUsed
            return answer
        }
        guard let function = handler.function else {
            throw ProcessError(.action, "decision '\(node)' has a handler with no function to call")
        }
        let (value, gas) = try call(function, instance)
        guard case .string(let transition) = value else {
            throw ProcessError(.action, "handler '\(function)' of decision '\(node)' must return a transition name (a string)")
        }
        return (transition, gas)
    }

    private func call(_ function: String, _ instance: ProcessInstance) throws -> (value: ContractValue, gasUsed: Int64) {
        let result = host.call(caller: contract, target: contract, function: function, arguments: [.number(Decimal18(instance.id))],
                               gas: max(gasLeft, 0))
        switch result {
        case .returned(let value, let used):
            gasLeft -= used
            return (value, used)
        case .reverted(let reason, _):
            throw ProcessError(.action, "action '\(function)' reverted: \(reason)")
        case .failed(let reason, _):
            throw ProcessError(.action, "action '\(function)' failed: \(reason)")
        }
    }
}
