public import CMTBytecode
/// The rules-engine commands code can give (`host r, rules, 3` with the operation number first).
/// The engine lives outside the VM (CMTRules) and is reached through ``RuleService``.
public enum RuleOperation: Int64, Sendable, CaseIterable {
    /// open(path): a new session of the rule set in `path`; gives its id.
    case open = 0
    /// insert(session, fact)
    case insert
    /// update(session, fact): the fact changed.
    case update
    /// retract(session, fact)
    case retract
    /// fire(session, limit or null): fires activations; gives how many fired.
    case fire
    /// send(session, fact): insert, then fire until nothing is left (the white paper's call).
    case send
    /// halt(): stops the firing in progress (in a consequence).
    case halt
    /// setFocus(session, group)
    case setFocus
    /// insertLogical(session, fact) (in a consequence)
    case insertLogical
    /// persist(session): keeps the session in the contract's storage (the compiler emits it when a
    /// session is assigned to a state field); gives the id to store. A stored session's id is
    /// given back unchanged; null stays null.
    case persist
    /// setGlobal(session, [name, value]): sets a DRL global.
    case setGlobal
    /// query(session, [type name, query name, arguments…]): the facts of that type each match of the query holds.
    case query
    /// facts(session, type name): the session's facts of that class, in insertion order.
    case facts
}

/// A fact handed to the rules engine: its value, and how to recognise the object again in the same
/// call (its heap record, and its position among the call's arguments when it is one of them, which
/// is how a consequence's `update(m)` names the fact bound to `m`).
public struct RuleFact: Sendable, Hashable {
    public var value: ContractValue
    public var record: Int
    public var argumentPosition: Int?
    /// The execution the record belongs to: records of different executions are unrelated.
    public var execution: Int
    /// The fact and every object it refers to, with identity (``ObjectGraph``); ``value`` is its
    /// entry under ``key``: nested objects are references into the graph.
    public var graph: ObjectGraph
    public var key: Int

    public init(value: ContractValue, record: Int, argumentPosition: Int?, execution: Int, graph: ObjectGraph = ObjectGraph(), key: Int? = nil) {
        self.value = value
        self.record = record
        self.argumentPosition = argumentPosition
        self.execution = execution
        self.graph = graph
        self.key = key ?? -(record + 1)
    }
}

/// What a rules command produced: a value or the reason it failed (the call then reverts), the gas
/// of the engine's work, and, for a command on a fact, the fact's contents afterwards (the rules may
/// have changed it; the VM writes them back into the caller's object).
public struct RuleServiceResult: Sendable, Hashable {
    public var value: ContractValue
    public var failure: String?
    public var gasUsed: Int64
    public var updatedFact: ContractValue?
    /// Other objects of the calling code that are facts, by heap record (``RuleFact/record``), with
    /// their contents afterwards: rules fired by this command may have changed them.
    public var updatedRecords: [Int: ContractValue]
    /// When ``value`` is an array of facts (`facts`, `query`): the service's id of each element's
    /// fact. The VM hands the records it made for them to ``RuleService/adopt(session:records:facts:execution:)``,
    /// so that later commands on those objects name the facts.
    public var resultFacts: [Int]
    /// Bytes of engine memory the command added (``GasSchedule`` rule memory sizes); the VM counts
    /// them against the call's heap limit, and more than ``RuleService/setMemoryBudget(_:)`` allowed
    /// traps `heapLimit`.
    public var memoryUsed: Int = 0
    /// The objects ``updatedFact``, ``updatedRecords`` and ``value`` refer to by non-negative keys
    /// (a session's objects the calling code has no record of yet). A reference with a negative key
    /// names the caller's record `-(key + 1)`.
    public var graph = ObjectGraph()

    public init(value: ContractValue = .null, failure: String? = nil, gasUsed: Int64, updatedFact: ContractValue? = nil,
                updatedRecords: [Int: ContractValue] = [:], resultFacts: [Int] = []) {
        self.value = value
        self.failure = failure
        self.gasUsed = gasUsed
        self.updatedFact = updatedFact
        self.updatedRecords = updatedRecords
        self.resultFacts = resultFacts
    }
}

/// The rules engine as the VM sees it. `session` is a session id, or null inside a consequence (the
/// session that is firing); `fact` is set for the commands that take one.
public protocol RuleService: AnyObject {
    /// `execution` identifies the calling execution (heap records in ``RuleFact`` and
    /// ``RuleServiceResult/updatedRecords`` are its records).
    func perform(
        _ operation: RuleOperation, session: ContractValue, fact: RuleFact?, argument: ContractValue, contract: Address,
        host: any Host, gasLimit: Int64, execution: Int
    ) -> RuleServiceResult
    /// The execution `execution`, which gave rules commands, has ended: what the engine kept for
    /// it alone (sessions it opened and did not store, its records) can go.
    func executionEnded(_ execution: Int)

    /// The records (heap record indexes of `execution`, -1 for none) the VM made for the elements
    /// of a result with ``RuleServiceResult/resultFacts``, with those fact ids.
    func adopt(session: ContractValue, records: [Int], facts: [Int], execution: Int)

    /// The records (by ``RuleServiceResult/graph`` key) the VM made for the objects of a result's
    /// graph in an execution that was not given them: later commands of `execution` name those
    /// objects by these records.
    func adoptObjects(session: ContractValue, records: [Int: Int], execution: Int)

    /// The bytes of memory the next command may add to the engine: what is left of the calling
    /// execution's heap limit (the VM sets it before each command).
    func setMemoryBudget(_ bytes: Int)
}

extension RuleService {
    /// Nothing kept per execution by default.
    public func executionEnded(_ execution: Int) {}

    /// Services whose results hold no facts need not say.
    public func adopt(session: ContractValue, records: [Int], facts: [Int], execution: Int) {}

    /// Services whose results hold no object graphs need not say.
    public func adoptObjects(session: ContractValue, records: [Int: Int], execution: Int) {}

    /// Services that hold no memory of their own ignore the budget.
    public func setMemoryBudget(_ bytes: Int) {}
}
