public import CMTBytecode
public import CMTVM

/// A rule session driven directly (the REPL, benchmarks, tests) rather than from a contract: facts
/// are objects of the module's classes given as values; consequences and predicates still run as
/// the module's code on the VM, against `host` as the contract at `contract`. Running out of gas
/// or a failing consequence throws.
public final class RuleSessionDriver {
    let state: SessionState
    public let ruleSet: CompiledRuleSet

    /// Makes `host`'s rules engine this session's, so that consequences reach it.
    public init(ruleSet: CompiledRuleSet, program: Program, host: InMemoryHost, contract: Address, gasLimit: Int64 = 1 << 50) {
        let service = RulesEngineService(ruleSets: [:], program: program)
        self.ruleSet = ruleSet
        state = SessionState(set: ruleSet, service: service)
        service.keepAlive.append(state)
        state.contract = contract
        state.host = host
        state.gasLeft = gasLimit
        self.service = service
        host.ruleService = service
        state.session.refreshRootGroups()
    }

    private let service: RulesEngineService

    /// Inserts an object (`.object(classIndex:fields:)` of a module class).
    @discardableResult
    public func insert(_ object: ContractValue) throws -> FactHandle {
        guard case .object(let classIndex, let fields) = object else { throw RuleError.unknownType(-1) }
        let expected = state.session.nextHandle
        state.objects[expected] = object
        state.failure = nil
        let handle: FactHandle
        do {
            handle = try state.session.insert(type: Int(classIndex), fields: fields)
        } catch {
            state.objects[expected] = nil
            throw error
        }
        // An equal logical fact became stated instead (truth maintenance): no new fact.
        if handle != expected { state.objects[expected] = nil }
        state.objects[handle] = object
        // Code run while matching failed: the fact is in, the failure is reported.
        try throwFailure()
        return handle
    }

    /// Replaces a fact's object and matches it again.
    public func update(_ handle: FactHandle, _ object: ContractValue) throws {
        guard case .object(_, let fields) = object else { throw RuleError.unknownType(-1) }
        let previous = state.objects[handle]
        state.objects[handle] = object
        do {
            state.failure = nil
            try state.session.update(handle, fields: fields)
            try throwFailure()
        } catch {
            state.objects[handle] = previous
            throw error
        }
    }

    public func retract(_ handle: FactHandle) throws {
        try state.session.retract(handle)
        state.objects[handle] = nil
    }

    /// Fires until nothing is left, `halt()`, or `limit`; gives how many fired.
    @discardableResult
    public func fire(limit: Int? = nil) throws -> Int {
        state.failure = nil
        service.firing.append(state)
        defer { service.firing.removeLast() }
        let fired = try state.session.fire(limit: limit)
        try throwFailure()
        return fired
    }

    /// Code run while matching failed in a way that fails the command (see ``SessionState``).
    private func throwFailure() throws {
        if let failure = state.failure { throw RuleCommandError(description: failure) }
    }

    /// Every fact with its object as the code sees it, in insertion order.
    public var facts: [(handle: FactHandle, object: ContractValue)] {
        state.session.handles().compactMap { handle in state.objects[handle].map { (handle, $0) } }
    }

    public var history: [Firing] { state.session.history }
    public var agenda: [(rule: String, facts: [FactHandle?])] { state.session.pendingActivations }
    public func whyNot(rule: String) -> String? { state.session.whyNot(rule: rule) }
    public var gasUsed: Int64 { state.session.gasUsed + state.vmGas }

    /// Gives the session a new gas budget (the gas used so far stays counted).
    public func setGasLimit(_ limit: Int64) { state.gasLeft = limit }

    /// Focuses an agenda group.
    public func setFocus(_ group: String) { state.session.setFocus(group) }
}
