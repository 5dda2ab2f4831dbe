public import CMTBytecode

/// How a call ended, with the gas it used.
public struct CallOutcome: Hashable, Sendable {
    /// Returned normally (state written), reverted on purpose, or trapped (state rolled back).
    public enum Status: Hashable, Sendable {
        case returned(ContractValue)
        case reverted(reason: String)
        case trapped(Trap)
    }

    public var status: Status
    /// Gas charged, including on revert and trap (a failed charge deducts nothing).
    public var gasUsed: Int64
    /// On a normal return, the arguments as they are at the end of the call: an object or array
    /// argument the function changed shows its new contents (the rules engine reads back the facts
    /// a consequence changed this way). Empty otherwise.
    public var finalArguments: [ContractValue] = []
    /// For a call given an ``ObjectGraph``: every object of the graph (and any object of the call
    /// they or the arguments refer to) as it is at the end; ``finalArguments`` then name objects by
    /// reference. Empty otherwise.
    public var finalGraph = ObjectGraph()
    /// On a revert, where the `revert` (or failed `require`) ran: innermost frame first, with
    /// source locations from the module's debug info. Empty otherwise.
    public var revertBacktrace: [TrapFrame] = []

    /// The host fault that stopped the call, if one did (docs/vm.md "Host faults").
    public var hostFault: HostFault? {
        if case .trapped(let trap) = status, case .hostFault(let fault) = trap.reason { return fault }
        return nil
    }

    /// The returned value, or nil when the call did not return normally.
    public var returnValue: ContractValue? {
        if case .returned(let value) = status { return value }
        return nil
    }
}

/// The entry to the interpreter: runs one call of a ``Program`` against a ``Host``.
///
/// Every call takes a host snapshot first; if the call reverts or traps (out of gas included),
/// every state change, transfer and event since the snapshot is rolled back.
public enum VM {
    /// Calls the entry point `entryPoint` with ABI-checked arguments. The constructor is not
    /// callable: it runs once, through ``deploy(_:arguments:context:host:limits:)``, so no command
    /// line, contract or transaction can run it again on deployed state.
    public static func call(
        _ program: Program, entryPoint: String, arguments: [ContractValue], context: CallContext, host: any Host,
        limits: ExecutionLimits
    ) -> CallOutcome {
        guard entryPoint != EntryPoint.constructorName else {
            let reason = TrapReason.hostFailure("the constructor runs only when the contract is deployed; it cannot be called")
            return CallOutcome(status: .trapped(Trap(reason: reason, backtrace: [])), gasUsed: 0)
        }
        return callEntry(program, entryPoint: entryPoint, arguments: arguments, context: context, host: host, limits: limits)
    }

    /// Runs the contract's constructor with ABI-checked arguments: the deployment of `program` at
    /// `context.contract`. A contract without a constructor deploys with nothing to run.
    public static func deploy(
        _ program: Program, arguments: [ContractValue], context: CallContext, host: any Host, limits: ExecutionLimits
    ) -> CallOutcome {
        guard program.module.module.entryPoint(named: EntryPoint.constructorName) != nil || !arguments.isEmpty else {
            return CallOutcome(status: .returned(.null), gasUsed: 0)
        }
        return callEntry(program, entryPoint: EntryPoint.constructorName, arguments: arguments, context: context, host: host, limits: limits)
    }

    private static func callEntry(
        _ program: Program, entryPoint: String, arguments: [ContractValue], context: CallContext, host: any Host,
        limits: ExecutionLimits
    ) -> CallOutcome {
        guard let entry = program.module.module.entryPoint(named: entryPoint) else {
            return CallOutcome(status: .trapped(Trap(reason: .hostFailure("no entry point '\(entryPoint)'"), backtrace: [])), gasUsed: 0)
        }
        guard arguments.count == entry.parameters.count,
            zip(arguments, entry.parameters).allSatisfy({ $0.conforms(to: $1.type, classes: program.module.module) })
        else {
            return CallOutcome(
                status: .trapped(Trap(reason: .typeMismatch("arguments do not match '\(entryPoint)'"), backtrace: [])),
                gasUsed: 0)
        }
        return call(program, function: entry.function, arguments: arguments, context: context, host: host, limits: limits)
    }

    /// Calls any function by index (scripts, tests); arguments are not type-checked. With `graph`,
    /// arguments may refer to its objects (``ContractValue/reference(_:)``), which the call shares.
    public static func call(
        _ program: Program, function: FunctionIndex, arguments: [ContractValue], graph: ObjectGraph? = nil, context: CallContext,
        host: any Host, limits: ExecutionLimits
    ) -> CallOutcome {
        let index = Int(function.index)
        guard index < program.functions.count, arguments.count == program.functions[index].parameterCount else {
            return CallOutcome(status: .trapped(Trap(reason: .typeMismatch("bad function or argument count"), backtrace: [])), gasUsed: 0)
        }
        if let fault = host.fault {
            // A faulted host runs nothing more: the block is being abandoned.
            return CallOutcome(status: .trapped(Trap(reason: .hostFault(fault), backtrace: [])), gasUsed: 0)
        }
        let snapshot = host.snapshot()
        var execution = Execution(program: program, host: host, context: context, limits: limits)
        defer { execution.release() }
        if let graph {
            execution.graph = graph
            execution.givenGraph = true
        }
        var outcome = execution.perform(function: index, arguments: arguments, identified: graph != nil)
        outcome.gasUsed = limits.gasLimit - execution.gasLeft - execution.gasReserve
        if let fault = host.fault, outcome.hostFault == nil {
            // Whatever the call did after the fault (its final state write included) is void.
            outcome = CallOutcome(status: .trapped(Trap(reason: .hostFault(fault), backtrace: [])), gasUsed: outcome.gasUsed)
        }
        if outcome.returnValue == nil { host.rollback(to: snapshot) }
        if execution.usedRules { host.ruleService?.executionEnded(execution.serial) }
        return outcome
    }
}

extension Execution {
    mutating func perform(function: Int, arguments: [ContractValue], identified: Bool = false) -> CallOutcome {
        guard program.functions[function].registerCount <= limits.stackSlots else {
            return failed(.stackDepth)
        }
        var imported: [Value] = []
        for (index, argument) in arguments.enumerated() {
            switch importValue(argument) {
            case .success(let value):
                stack[index] = value
                imported.append(value)
            case .failure(let trap): return failed(trap)
            }
        }
        argumentRecords = [:]
        for (position, value) in imported.enumerated() where value.tag == .object || value.tag == .array {
            argumentRecords[value.index] = position
        }
        switch run(function: function) {
        case .success(let value):
            if let trap = writeBackState() { return failed(trap) }
            switch export(value) {
            case .success(let result):
                var outcome = CallOutcome(status: .returned(result), gasUsed: 0)
                if identified {
                    var graph = ObjectGraph()
                    for value in imported {
                        guard case .success(let final) = exportIdentified(value, into: &graph) else { break }
                        outcome.finalArguments.append(final)
                    }
                    // The objects the call was given that the arguments no longer lead to.
                    guard case .success = finalGraph(into: &graph) else { return outcome }
                    outcome.finalGraph = graph
                    return outcome
                }
                for value in imported {
                    guard case .success(let final) = export(value) else { break }
                    outcome.finalArguments.append(final)
                }
                return outcome
            case .failure(let trap): return failed(trap)
            }
        case .failure(let reason):
            return failed(reason)
        }
    }

    func failed(_ reason: TrapReason) -> CallOutcome {
        let backtrace = backtraceFrames()
        if case .revert(let message) = reason {
            var outcome = CallOutcome(status: .reverted(reason: message), gasUsed: 0)
            outcome.revertBacktrace = backtrace
            return outcome
        }
        return CallOutcome(status: .trapped(Trap(reason: reason, backtrace: backtrace)), gasUsed: 0)
    }

    /// The frames ``trapFrames`` recorded, resolved to functions, instructions and source spans.
    private func backtraceFrames() -> [TrapFrame] {
        let debug = program.module.module.debugInfo
        return trapFrames.map { frame in
            let location = program.location(of: frame.pc)
            return TrapFrame(
                function: location.function, instruction: location.instruction,
                location: debug?.location(
                    function: UInt16(truncatingIfNeeded: location.function),
                    instruction: UInt16(truncatingIfNeeded: location.instruction)))
        }
    }
}
