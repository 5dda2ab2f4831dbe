import CMTBytecode

/// Prices of host work, read from ``GasSchedule/current`` (docs/gas.md, sections 3 and 4).
enum HostGas {
    static var perByte: Int64 { GasSchedule.current.perByte }
    static var storageRead: Int64 { GasSchedule.current.storageRead }
    static var storageWrite: Int64 { GasSchedule.current.storageWrite }
    static var print: Int64 { GasSchedule.current.print }
    static var emit: Int64 { GasSchedule.current.emit }
    /// Each indexed field of an event (a topic the host indexes), besides its bytes.
    static var topic: Int64 { GasSchedule.current.eventTopic }
    /// Indexed fields an event may have (as Solidity's non-anonymous events).
    static let maxTopics = 3
    static var context: Int64 { GasSchedule.current.context }
    static var balance: Int64 { GasSchedule.current.balance }
    static var transfer: Int64 { GasSchedule.current.transfer }
    static var call: Int64 { GasSchedule.current.callContract }
    static var sha256: Int64 { GasSchedule.current.sha256 }
    static var process: Int64 { GasSchedule.current.processCommand }
    static var rules: Int64 { GasSchedule.current.rulesCommand }
    static var fileWrite: Int64 { GasSchedule.current.fileWrite }
    static var fileRead: Int64 { GasSchedule.current.fileRead }
}

extension Execution {
    /// Runs `host` operation `operation` on the arguments in `arguments[0..<count]`; a fault the
    /// host met meanwhile (in this call or a nested one) stops the call, whatever the result.
    @inline(never)
    mutating func hostOperation(_ operation: Int, _ arguments: UnsafeMutablePointer<Value>) -> Result<Value, TrapReason> {
        let result = performHostOperation(operation, arguments)
        if let fault = host.fault { return .failure(.hostFault(fault)) }
        return result
    }

    private mutating func performHostOperation(_ operation: Int, _ arguments: UnsafeMutablePointer<Value>) -> Result<Value, TrapReason> {
        guard let operation = HostOperation(rawValue: UInt16(truncatingIfNeeded: operation)) else {
            return .failure(.hostFailure("unknown host operation"))
        }
        switch operation {
        case .print:
            let bytes: [UInt8]
            switch textOf(arguments[0]) {
            case .success(let text): bytes = text
            case .failure:
                // Arrays, maps and objects print as their contents.
                switch export(arguments[0]) {
                case .success(let value): bytes = Array(printedText(value).utf8)
                case .failure(let trap): return .failure(trap)
                }
            }
            if let trap = charge(HostGas.print + Int64(bytes.count) * HostGas.perByte) { return .failure(trap) }
            host.print(String(decoding: bytes, as: UTF8.self))
            return .success(.null)
        case .emit:
            guard arguments[0].tag == .string else { return .failure(.typeMismatch("event name must be a string")) }
            let name = heap.string(arguments[0])
            let fields: ContractValue
            switch export(arguments[1]) {
            case .success(let value): fields = value
            case .failure(let trap): return .failure(trap)
            }
            var topics: [[UInt8]] = []
            switch arguments[2].tag == .null ? .success(.array([])) : export(arguments[2]) {
            case .success(.array(let values)):
                guard values.count <= HostGas.maxTopics else {
                    return .failure(.invalidArgument("an event has at most \(HostGas.maxTopics) indexed fields"))
                }
                topics = values.map(ValueCodec.encode)
            case .success: return .failure(.typeMismatch("event topics must be an array"))
            case .failure(let trap): return .failure(trap)
            }
            let encoded = ValueCodec.encode(fields)
            let topicBytes = topics.reduce(0) { $0 + $1.count }
            if let trap = chargeHeld(HostGas.emit + Int64(topics.count) * HostGas.topic, bytes: encoded.count + name.utf8.count + topicBytes) {
                return .failure(trap)
            }
            host.emit(contract: context.contract, name: name, topics: topics, fields: encoded)
            return .success(.null)
        case .sender, .selfAddress:
            if let trap = charge(HostGas.context) { return .failure(trap) }
            return importValue(.address(operation == .sender ? context.sender : context.contract))
        case .value:
            if let trap = charge(HostGas.context) { return .failure(trap) }
            return makeNumber(context.value)
        case .blockHeight, .blockTime:
            if let trap = charge(HostGas.context) { return .failure(trap) }
            return .success(.int(operation == .blockHeight ? host.block.height : host.block.time))
        case .balance:
            guard arguments[0].tag == .address else { return .failure(.typeMismatch("balance of \(arguments[0].tag)")) }
            if let trap = charge(HostGas.balance) { return .failure(trap) }
            switch address(arguments[0]) {
            case .success(let account): return makeNumber(host.balance(of: account))
            case .failure(let trap): return .failure(trap)
            }
        case .transfer:
            guard arguments[0].tag == .address, let amount = decimal(arguments[1]) else {
                return .failure(.typeMismatch("transfer(address, number)"))
            }
            if let trap = charge(HostGas.transfer) { return .failure(trap) }
            let recipient: Address
            switch address(arguments[0]) {
            case .success(let account): recipient = account
            case .failure(let trap): return .failure(trap)
            }
            if let failure = host.transfer(from: context.contract, to: recipient, amount: amount) {
                return .failure(.revert("transfer failed: \(failure)"))
            }
            return .success(.null)
        case .callContract:
            return callContract(arguments)
        case .tryCallContract:
            return callContract(arguments, catching: true)
        case .callContractValue:
            return callContract(arguments, sendsValue: true)
        case .tryCallContractValue:
            return callContract(arguments, catching: true, sendsValue: true)
        case .process:
            return processCommand(arguments)
        case .rules:
            return rulesCommand(arguments)
        case .table:
            return tableCommand(arguments)
        case .filePut:
            guard arguments[0].tag == .bytes else { return .failure(.typeMismatch("files.put of \(arguments[0].tag)")) }
            let data = heap.textArray(arguments[0])
            // Hashing and keeping the bytes: per started 8 bytes, like storage writes per byte.
            if let trap = chargeHeld(HostGas.fileWrite, bytes: data.count) { return .failure(trap) }
            return importValue(.string(host.filePut(data)))
        case .fileGet, .fileHas:
            guard arguments[0].tag == .string else { return .failure(.typeMismatch("files.get of \(arguments[0].tag)")) }
            let data = host.fileGet(heap.string(arguments[0]))
            if operation == .fileHas {
                if let trap = charge(HostGas.fileRead) { return .failure(trap) }
                return .success(.bool(data != nil))
            }
            if let trap = charge(HostGas.fileRead + Int64(data?.count ?? 0) * HostGas.perByte) { return .failure(trap) }
            return importValue(data.map { .bytes($0) } ?? .null)
        case .sha256:
            guard arguments[0].tag == .string || arguments[0].tag == .bytes else {
                return .failure(.typeMismatch("sha256 of \(arguments[0].tag)"))
            }
            let input = heap.textArray(arguments[0])
            if let trap = charge(HostGas.sha256 + GasSchedule.current.workGas(input.count)) { return .failure(trap) }
            if let trap = allocate(MemoryCost.text(32)) { return .failure(trap) }
            return .success(heap.newText(.bytes, ContentHash.sha256(input)))
        }
    }

    /// A process-engine command: the operation number, the instance (an id, or the definition's
    /// path for `start`) and one argument. A failing command reverts the call with its reason.
    private mutating func processCommand(_ arguments: UnsafeMutablePointer<Value>) -> Result<Value, TrapReason> {
        guard arguments[0].tag == .int, let operation = ProcessOperation(rawValue: arguments[0].intValue) else {
            return .failure(.typeMismatch("unknown process operation"))
        }
        guard let service = host.processService else {
            return .failure(.hostFailure("this host has no process engine"))
        }
        let instance: ContractValue
        let argument: ContractValue
        switch (export(arguments[1]), export(arguments[2])) {
        case (.success(let first), .success(let second)):
            instance = first
            argument = second
        case (.failure(let trap), _), (_, .failure(let trap)):
            return .failure(trap)
        }
        if let trap = charge(HostGas.process) { return .failure(trap) }
        // Commands that move a process may run process actions, which are calls of this contract's
        // own functions: its state goes to storage first and is read afresh afterwards.
        let mayRunActions = [.start, .next, .signal, .complete, .begin].contains(operation)
        if mayRunActions, let trap = writeBackState() { return .failure(trap) }
        releaseGasReserve()
        defer { holdGasReserve() }
        let result = service.perform(operation, instance: instance, argument: argument, contract: context.contract, sender: context.sender,
                                     host: host, gasLimit: gasLeft)
        if mayRunActions { forgetLoadedState() }
        if result.gasUsed > gasLeft {
            gasLeft = 0
            return .failure(.outOfGas)
        }
        gasLeft -= max(result.gasUsed, 0)
        if result.memoryUsed > 0, !heap.account(result.memoryUsed) { return .failure(.heapLimit) }
        if let failure = result.failure { return .failure(.revert(failure)) }
        return importValue(result.value)
    }

    /// How `print` shows a value that is not text: `[1, 2]`, `{a: 1}`, `Point {x: 1, y: 2}`, strings
    /// inside containers quoted.
    func printedText(_ value: ContractValue, nested: Bool = false) -> String {
        switch value {
        case .string(let text): return nested ? "\"" + text + "\"" : text
        case .array(let elements): return "[" + elements.map { printedText($0, nested: true) }.joined(separator: ", ") + "]"
        case .map(let entries):
            return "{" + entries.map { printedText($0.key, nested: true) + ": " + printedText($0.value, nested: true) }.joined(separator: ", ") + "}"
        case .object(let classIndex, let fields):
            let classes = program.module.module.classes
            guard Int(classIndex) < classes.count else { return value.description }
            let info = classes[Int(classIndex)]
            return info.name + " {" + zip(info.fields, fields).map { "\($0): " + printedText($1, nested: true) }.joined(separator: ", ") + "}"
        default: return value.description
        }
    }

    /// A rules-engine command: the operation number, the session (null in a consequence) and one
    /// argument (a fact for insert, update, retract and send). The fact's contents afterwards are
    /// written back into the object, so the caller sees what the rules changed.
    private mutating func rulesCommand(_ arguments: UnsafeMutablePointer<Value>) -> Result<Value, TrapReason> {
        guard arguments[0].tag == .int, let operation = RuleOperation(rawValue: arguments[0].intValue) else {
            return .failure(.typeMismatch("unknown rules operation"))
        }
        guard let service = host.ruleService else {
            return .failure(.hostFailure("this host has no rules engine"))
        }
        let session: ContractValue
        switch export(arguments[1]) {
        case .success(let value): session = value
        case .failure(let trap): return .failure(trap)
        }
        var fact: RuleFact?
        var argument = ContractValue.null
        let object = arguments[2]
        switch operation {
        case .insert, .update, .retract, .send, .insertLogical:
            guard object.tag == .object else { return .failure(.typeMismatch("a fact must be an object, not \(object.tag)")) }
            // With identity: the objects it refers to are objects too (shared with other facts).
            var graph = ObjectGraph()
            switch exportIdentified(object, into: &graph) {
            case .success(.reference(let key)):
                fact = RuleFact(value: graph.objects[key] ?? .null, record: object.index, argumentPosition: argumentRecords[object.index],
                                execution: serial, graph: graph, key: key)
            case .success: return .failure(.typeMismatch("a fact must be an object"))
            case .failure(let trap): return .failure(trap)
            }
        default:
            switch export(object) {
            case .success(let value): argument = value
            case .failure(let trap): return .failure(trap)
            }
        }
        if let trap = charge(HostGas.rules) { return .failure(trap) }
        usedRules = true
        service.setMemoryBudget(max(heap.byteLimit - heap.bytesUsed, 0))
        releaseGasReserve()
        defer { holdGasReserve() }
        let result = service.perform(operation, session: session, fact: fact, argument: argument, contract: context.contract, host: host,
                                     gasLimit: gasLeft, execution: serial)
        // A command that failed having used every unit of gas left ran out of gas (its rule code
        // was given exactly what was left).
        if result.gasUsed > gasLeft || (result.failure != nil && result.gasUsed == gasLeft) {
            gasLeft = 0
            return .failure(.outOfGas)
        }
        gasLeft -= max(result.gasUsed, 0)
        // The engine's memory counts against this call's heap limit, whichever engine holds it.
        if result.memoryUsed > 0, !heap.account(result.memoryUsed) { return .failure(.heapLimit) }
        if let failure = result.failure { return .failure(.revert(failure)) }
        var updates = result.updatedRecords
        if let fact = result.updatedFact, object.tag == .object { updates[object.index] = fact }
        // The session's objects the results refer to: in a call given a graph (a consequence) they
        // join it under the same keys; otherwise they are made for this command and the engine is
        // told which records hold them.
        let topLevel = !givenGraph
        let madeBefore = graphRecords
        if !result.graph.isEmpty {
            if topLevel { graph = result.graph } else { graph.objects.merge(result.graph.objects) { current, _ in current } }
        }
        defer {
            if topLevel && !result.graph.isEmpty {
                var made: [Int: Int] = [:]
                for (key, value) in graphRecords where madeBefore[key] == nil { made[key] = value.index }
                if !made.isEmpty { service.adoptObjects(session: session, records: made, execution: serial) }
                graph = ObjectGraph()
                graphRecords = [:]
                recordKeys = [:]
            }
        }
        for recordIndex in updates.keys.sorted() {
            guard case .object(let classIndex, let fields)? = updates[recordIndex], recordIndex >= 0, recordIndex < heap.records.count else { continue }
            let record = heap.records[recordIndex]
            // Only an object of the same class: a record index names an object of this call.
            guard record.classIndex == Int32(classIndex), Int(record.count) == fields.count else { continue }
            for (slot, field) in fields.enumerated() {
                switch importValue(field) {
                case .success(let value): heap.records[recordIndex].elements[slot] = value
                case .failure(let trap): return .failure(trap)
                }
            }
        }
        let imported = importValue(result.value)
        // Facts handed out (a query's results): their new records name the facts from now on.
        if !result.resultFacts.isEmpty, case .success(let array) = imported, array.tag == .array, array.index < heap.records.count {
            let record = heap.records[array.index]
            let count = min(Int(record.count), result.resultFacts.count)
            let records = (0..<count).map { record.elements[$0].tag == .object ? record.elements[$0].index : -1 }
            service.adopt(session: session, records: records, facts: Array(result.resultFacts.prefix(count)), execution: serial)
        }
        return imported
    }

    /// A call of another contract. With `catching` (a call inside `try`), a callee that reverts or
    /// fails gives `[null, reason]` instead of reverting this call, and one that returns gives
    /// `[result, null]`; the callee's own changes are undone by its own call either way, and the gas
    /// it used is charged. A host fault is never caught: the VM stops on it after this operation.
    ///
    /// With `sendsValue`, `arguments[3]` is the CMT this contract sends with the call (the callee's
    /// `msg.value`): a negative amount is an invalid argument; a positive one costs a transfer's
    /// gas on top of the call's, and the host moves it (and undoes it when the callee fails; a
    /// caller that cannot pay gets a revert, catchable like the callee's own).
    private mutating func callContract(_ arguments: UnsafeMutablePointer<Value>, catching: Bool = false, sendsValue: Bool = false)
        -> Result<Value, TrapReason>
    {
        guard arguments[0].tag == .address, arguments[1].tag == .string, arguments[2].tag == .array else {
            return .failure(.typeMismatch("call(address, string, array)"))
        }
        var value = Decimal18.zero
        if sendsValue {
            guard let amount = decimal(arguments[3]) else { return .failure(.typeMismatch("the value sent with a call must be a number")) }
            guard amount >= .zero else { return .failure(.invalidArgument("the value sent with a call must not be negative, not \(amount)")) }
            value = amount
        }
        let callArguments: [ContractValue]
        switch export(arguments[2]) {
        case .success(.array(let values)): callArguments = values
        case .success: return .failure(.typeMismatch("call arguments must be an array"))
        case .failure(let trap): return .failure(trap)
        }
        if let trap = charge(HostGas.call + (value == .zero ? 0 : HostGas.transfer)) { return .failure(trap) }
        let target: Address
        switch address(arguments[0]) {
        case .success(let account): target = account
        case .failure(let trap): return .failure(trap)
        }
        // The callee gets at most 63/64 of the gas left, so the caller always keeps some to handle
        // the callee's failure (EIP-150's rule).
        releaseGasReserve()
        defer { holdGasReserve() }
        let result = host.call(
            caller: context.contract, target: target, function: heap.string(arguments[1]),
            arguments: callArguments, value: value, gas: gasLeft - gasLeft / 64)
        if catching {
            switch result {
            case .returned(let value, let used):
                gasLeft -= min(used, gasLeft)
                return importValue(.array([value, .null]))
            case .reverted(let reason, let used), .failed(let reason, let used):
                gasLeft -= min(used, gasLeft)
                return importValue(.array([.null, .string(reason)]))
            }
        }
        switch result {
        case .returned(let value, let used):
            gasLeft -= min(used, gasLeft)
            return importValue(value)
        case .reverted(let reason, let used):
            gasLeft -= min(used, gasLeft)
            return .failure(.revert(reason))
        case .failed(let reason, let used):
            gasLeft -= min(used, gasLeft)
            return .failure(.hostFailure(reason))
        }
    }
}
