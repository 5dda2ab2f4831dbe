public import CMTBytecode

/// Who is calling and with what: the message context of one call.
public struct CallContext: Hashable, Sendable {
    /// The running contract.
    public var contract: Address
    /// The account (or contract) that made the call.
    public var sender: Address
    /// CMT sent with the call.
    public var value: Decimal18
    public init(contract: Address, sender: Address, value: Decimal18 = .zero) {
        self.contract = contract
        self.sender = sender
        self.value = value
    }
}

/// The block the call runs in.
public struct BlockContext: Hashable, Sendable {
    public var height: Int64
    /// Block time in seconds (consensus time, never the wall clock).
    public var time: Int64
    public init(height: Int64, time: Int64) {
        self.height = height
        self.time = time
    }
}

/// What a call into another contract produced.
public enum HostCallResult: Hashable, Sendable {
    case returned(ContractValue, gasUsed: Int64)
    case reverted(String, gasUsed: Int64)
    case failed(String, gasUsed: Int64)
}

/// The VM's only way out (in the spirit of EVMC's host interface): persistent storage with
/// journaling, balances, events, block context, calls to other contracts and printed output.
///
/// Every mutation goes into a journal so that ``rollback(to:)`` undoes everything since a
/// ``snapshot()``; the VM takes a snapshot at the start of each call and rolls back when the call
/// reverts or traps. Implementations must be deterministic.
public protocol Host: AnyObject {
    /// The block being executed.
    var block: BlockContext { get }
    /// The stored bytes of `key` in `contract`'s storage, or nil.
    func storageGet(contract: Address, key: [UInt8]) -> [UInt8]?
    /// Stores (or with nil, deletes) `key` in `contract`'s storage.
    func storageSet(contract: Address, key: [UInt8], value: [UInt8]?)
    /// The first stored key of `contract` that starts with `prefix` and is not below `from` in
    /// byte order (nil `from`: the first with the prefix), with its value; nil when there is none.
    /// Tables walk their records in key order with it (`from` = the last key + [0]).
    func storageNext(contract: Address, from: [UInt8]?, prefix: [UInt8]) -> (key: [UInt8], value: [UInt8])?
    /// An account's CMT balance.
    func balance(of account: Address) -> Decimal18
    /// Moves CMT; returns a reason when it cannot (insufficient funds).
    func transfer(from: Address, to: Address, amount: Decimal18) -> String?
    /// Records an event: `fields` is the `ValueCodec` encoding of the map of all its fields, and
    /// `topics` the encodings of its indexed fields' values in declaration order, given apart so
    /// that the host can index and filter events by them (as Ethereum's log topics).
    func emit(contract: Address, name: String, topics: [[UInt8]], fields: [UInt8])
    /// Appends a line of output (`print`).
    func print(_ line: String)
    /// Runs `function` of the contract at `target` with `gas` at most, as `caller`, sending `value`
    /// CMT from `caller` to `target` first (the callee's `msg.value`). A host moves the value inside
    /// the call's own journal span: when the caller cannot pay, the call reverts with
    /// ``ContractCallValue/refusal(_:amount:)`` before the callee runs (no gas used), and when the
    /// callee reverts or fails, the transfer is undone with the callee's changes
    /// (``ContractCallValue/run(on:caller:target:value:body:)`` does both for a host).
    func call(caller: Address, target: Address, function: String, arguments: [ContractValue], value: Decimal18, gas: Int64)
        -> HostCallResult
    /// A journal position to roll back to.
    func snapshot() -> Int
    /// Undoes every change made since `snapshot`.
    func rollback(to snapshot: Int)
    /// Stores a file (journaled, so a reverted call stores nothing) and returns its content id.
    func filePut(_ data: [UInt8]) -> String
    /// The bytes stored under a content id.
    func fileGet(_ cid: String) -> [UInt8]?
    /// The process engine, if this host has one.
    var processService: (any ProcessService)? { get }
    /// The rules engine, if this host has one.
    var ruleService: (any RuleService)? { get }
    /// The first fault the host met (a storage read or write that failed), or nil. A fault is
    /// sticky: once set it stays until the block is abandoned. A read that faulted returns nil (or
    /// anything), which the VM never uses: it checks `fault` after every host operation and stops
    /// the call with ``TrapReason/hostFault(_:)``, and refuses to start a call on a faulted host.
    var fault: HostFault? { get }
    /// A request from outside to stop the running calls (``ExecutionInterrupt``), or nil: only an
    /// interactive tool sets one; a chain's host never does.
    var interrupt: ExecutionInterrupt? { get }
}

extension Host {
    /// A call that sends no value.
    public func call(caller: Address, target: Address, function: String, arguments: [ContractValue], gas: Int64) -> HostCallResult {
        call(caller: caller, target: target, function: function, arguments: arguments, value: .zero, gas: gas)
    }

    /// No process engine by default.
    public var processService: (any ProcessService)? { nil }
    /// No rules engine by default.
    public var ruleService: (any RuleService)? { nil }
    /// A host that cannot fail (memory only) never faults.
    public var fault: HostFault? { nil }
    /// No interrupt by default: calls run until they finish or their gas ends.
    public var interrupt: ExecutionInterrupt? { nil }
}
