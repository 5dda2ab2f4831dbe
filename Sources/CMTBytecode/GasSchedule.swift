/// The gas schedule: every price the VM, its host operations, tables, files, the rules engine and
/// the process engine charge, in one versioned value. Gas is consensus (every validator must
/// charge the same), so code reads prices only from here, the chain records ``version`` in its
/// genesis and receipts, and docs/gas.md holds the same table (a test compares the two).
/// Changing any price means a new version.
public struct GasSchedule: Hashable, Sendable {
    /// The schedule's version (docs/gas.md lists what each one changed).
    public var version: Int

    // MARK: 1. Instructions, summed per basic block (`Opcode.baseGas`)

    /// Every instruction not in a group below.
    public var instructionBase: Int64
    /// `getIndex`, `setIndex`, `mapHas`, `mapDelete`, `push`, `pop`.
    public var instructionIndexed: Int64
    /// `div`, `mod`, `divK`, `modK`, `concat`, `toStr`, `intrinsic` (plus its work).
    public var instructionHeavy: Int64
    /// `call`, `callRef`, `closure`, `newArray`, `newMap`, `newObject`, `mapKeys`, `mapValues`.
    public var instructionAllocating: Int64
    /// `sload`, `sstore`, `host` (plus the operation's own cost).
    public var instructionStateOrHost: Int64
    /// Each map lookup, store, `has` or `delete` (on top of the instruction), plus the key's bytes
    /// as intrinsic work (hashing and comparing them).
    public var mapAccess: Int64

    // MARK: 2. Memory

    /// Allocated (or processed) bytes one gas pays for; a started unit is charged whole.
    public var bytesPerGas: Int64
    /// Bytes counted for an array, object or closure besides its slots.
    public var recordHeaderBytes: Int64
    /// Bytes counted per value slot of an array, object or closure.
    public var slotBytes: Int64
    /// Bytes counted for a new map.
    public var mapHeaderBytes: Int64
    /// Bytes counted per new map key.
    public var mapEntryBytes: Int64
    /// Bytes counted for a string, bytes or address besides its content.
    public var textHeaderBytes: Int64
    /// Bytes counted for a boxed decimal number.
    public var decimalBytes: Int64
    /// Bytes counted against the heap limit for each record a call makes the host keep (a storage
    /// write, an event, a file, a process instance or rule-session record), besides its content:
    /// the host's journal entry and key.
    public var heldRecordBytes: Int64

    // MARK: 3. Storage

    /// First read of a state field (or any storage record: rule sessions, process instances).
    public var storageRead: Int64
    /// Writing a storage record.
    public var storageWrite: Int64
    /// Per byte read or written, and per byte of printed or emitted data.
    public var perByte: Int64

    // MARK: 4. Host operations (on top of the `host` instruction)

    public var print: Int64
    public var emit: Int64
    /// Each indexed field (topic) of an event, besides its bytes.
    public var eventTopic: Int64
    /// `sender`, `value`, `selfAddress`, `blockHeight`, `blockTime`.
    public var context: Int64
    public var balance: Int64
    public var transfer: Int64
    public var callContract: Int64
    public var sha256: Int64
    /// Every process command (plus the engine's steps).
    public var processCommand: Int64
    /// Every rules command (plus the engine's work).
    public var rulesCommand: Int64
    public var fileWrite: Int64
    public var fileRead: Int64

    // MARK: 5. Intrinsics

    /// Bytes of intrinsic work (string and byte processing, hashing) one gas pays for.
    public var workBytesPerGas: Int64
    /// Bytes an array element counts as when an intrinsic visits it.
    public var elementBytes: Int64
    /// Each multiplication or squaring of `power`.
    public var powerMultiplication: Int64

    // MARK: 6. Tables

    public var tableRead: Int64
    public var tableWrite: Int64
    public var tableScan: Int64
    public var tableStep: Int64
    public var tableCounter: Int64

    // MARK: 7. Rules engine

    /// A fact inserted or updated.
    public var ruleInsert: Int64
    /// A fact retracted.
    public var ruleRetract: Int64
    /// Each alpha test a fact passes through.
    public var ruleAlphaTest: Int64
    /// Each join probe (a candidate fact or token a join looks at).
    public var ruleJoinProbe: Int64
    /// Each token (partial match) a join makes.
    public var ruleToken: Int64
    /// An activation made.
    public var ruleActivation: Int64
    /// A rule fired (on top of its consequence's VM gas).
    public var ruleFiring: Int64
    /// Each value an accumulate function aggregates.
    public var ruleAccumulateStep: Int64
    /// Each call of a rule's generated code on the VM (a constraint, `from` source, accumulate
    /// argument, salience or consequence), on top of that code's own gas.
    public var ruleCall: Int64
    /// Every command on a stored session (reading, canonicalising and writing its records).
    public var ruleStoredCommand: Int64
    /// Opening a session (`load_rules`).
    public var ruleOpen: Int64
    /// Bytes of engine memory one gas pays for (engine memory also counts against the call's heap limit).
    public var ruleMemoryBytesPerGas: Int64
    /// Engine memory counted for a fact (or a new version of it, on update), besides its fields.
    public var ruleFactBytes: Int64
    /// Engine memory counted per field of a fact (the field and its interned value).
    public var ruleFieldBytes: Int64
    /// Engine memory counted per token (partial match) made.
    public var ruleTokenBytes: Int64
    /// Engine memory counted per activation made.
    public var ruleActivationBytes: Int64
    /// Engine memory counted per firing recorded.
    public var ruleFiringBytes: Int64

    // MARK: 8. Process engine

    public var processStep: Int64
    public var processNodeEnter: Int64
    public var processTransition: Int64
    public var processToken: Int64
    public var processTask: Int64
    public var processTimer: Int64
    public var processAction: Int64
    public var processExpression: Int64
    public var processVariable: Int64
    /// Reading a process instance (plus 1 per byte read).
    public var processLoad: Int64
    /// Writing a process instance (plus 1 per byte written).
    public var processStore: Int64

    /// The schedule every execution uses.
    public static let current = GasSchedule.version3

    /// Version 3 (issue 10): every kind of work repriced to within 3x of plain VM code per gas
    /// (Benchmarks/gas), engine memory charged and counted against the heap limit, stored process
    /// instances charged per byte.
    public static let version3 = GasSchedule(
        version: 3,
        instructionBase: 1, instructionIndexed: 2, instructionHeavy: 3, instructionAllocating: 5, instructionStateOrHost: 10,
        mapAccess: 12,
        bytesPerGas: 8, recordHeaderBytes: 32, slotBytes: 16, mapHeaderBytes: 64, mapEntryBytes: 128, textHeaderBytes: 16,
        decimalBytes: 48, heldRecordBytes: 128,
        storageRead: 100, storageWrite: 200, perByte: 1,
        print: 10, emit: 250, eventTopic: 50, context: 2, balance: 50, transfer: 500, callContract: 700, sha256: 30, processCommand: 150,
        rulesCommand: 250, fileWrite: 500, fileRead: 100,
        workBytesPerGas: 1, elementBytes: 16, powerMultiplication: 4,
        tableRead: 200, tableWrite: 400, tableScan: 100, tableStep: 60, tableCounter: 300,
        ruleInsert: 100, ruleRetract: 100, ruleAlphaTest: 1, ruleJoinProbe: 2, ruleToken: 0, ruleActivation: 20, ruleFiring: 100,
        ruleAccumulateStep: 5, ruleCall: 500, ruleStoredCommand: 300, ruleOpen: 100, ruleMemoryBytesPerGas: 8, ruleFactBytes: 256, ruleFieldBytes: 32, ruleTokenBytes: 64,
        ruleActivationBytes: 64, ruleFiringBytes: 64,
        processStep: 300, processNodeEnter: 50, processTransition: 20, processToken: 40, processTask: 40, processTimer: 20,
        processAction: 30, processExpression: 20, processVariable: 10, processLoad: 100, processStore: 200
    )

    /// Every price by the name docs/gas.md gives it, in the table's order.
    public var entries: [(name: String, gas: Int64)] {
        [
            ("instruction.base", instructionBase), ("instruction.indexed", instructionIndexed),
            ("instruction.heavy", instructionHeavy), ("instruction.allocating", instructionAllocating),
            ("instruction.stateOrHost", instructionStateOrHost), ("instruction.mapAccess", mapAccess),
            ("memory.bytesPerGas", bytesPerGas), ("memory.recordHeaderBytes", recordHeaderBytes),
            ("memory.slotBytes", slotBytes), ("memory.mapHeaderBytes", mapHeaderBytes),
            ("memory.mapEntryBytes", mapEntryBytes), ("memory.textHeaderBytes", textHeaderBytes),
            ("memory.decimalBytes", decimalBytes), ("memory.heldRecordBytes", heldRecordBytes),
            ("storage.read", storageRead), ("storage.write", storageWrite), ("storage.perByte", perByte),
            ("host.print", print), ("host.emit", emit), ("host.eventTopic", eventTopic), ("host.context", context), ("host.balance", balance),
            ("host.transfer", transfer), ("host.callContract", callContract), ("host.sha256", sha256),
            ("host.process", processCommand), ("host.rules", rulesCommand),
            ("file.write", fileWrite), ("file.read", fileRead),
            ("intrinsic.workBytesPerGas", workBytesPerGas), ("intrinsic.elementBytes", elementBytes), ("intrinsic.powerMultiplication", powerMultiplication),
            ("table.read", tableRead), ("table.write", tableWrite), ("table.scan", tableScan), ("table.step", tableStep),
            ("table.counter", tableCounter),
            ("rules.insert", ruleInsert), ("rules.retract", ruleRetract), ("rules.alphaTest", ruleAlphaTest),
            ("rules.joinProbe", ruleJoinProbe), ("rules.token", ruleToken), ("rules.activation", ruleActivation),
            ("rules.firing", ruleFiring), ("rules.accumulateStep", ruleAccumulateStep),
            ("rules.call", ruleCall), ("rules.storedCommand", ruleStoredCommand), ("rules.open", ruleOpen), ("rules.memoryBytesPerGas", ruleMemoryBytesPerGas), ("rules.factBytes", ruleFactBytes),
            ("rules.fieldBytes", ruleFieldBytes), ("rules.tokenBytes", ruleTokenBytes), ("rules.activationBytes", ruleActivationBytes),
            ("rules.firingBytes", ruleFiringBytes),
            ("process.step", processStep), ("process.nodeEnter", processNodeEnter),
            ("process.transition", processTransition), ("process.token", processToken), ("process.task", processTask),
            ("process.timer", processTimer), ("process.action", processAction), ("process.expression", processExpression),
            ("process.variable", processVariable), ("process.load", processLoad), ("process.store", processStore),
        ]
    }

    /// Gas for allocating `bytes` bytes at ``bytesPerGas`` (a started unit is charged whole).
    @inline(__always) public func memoryGas(_ bytes: Int) -> Int64 {
        (Int64(bytes) + bytesPerGas - 1) / bytesPerGas
    }

    /// Gas for processing `bytes` bytes at ``workBytesPerGas`` (a started unit is charged whole).
    @inline(__always) public func workGas(_ bytes: Int) -> Int64 {
        (Int64(bytes) + workBytesPerGas - 1) / workBytesPerGas
    }
}
