import Synchronization
import CMTBytecode

/// Per-call resource limits.
public struct ExecutionLimits: Hashable, Sendable {
    public var gasLimit: Int64
    /// Nested VM calls (frames) allowed.
    public var maxCallDepth: Int
    /// Register slots of the whole call stack.
    public var stackSlots: Int
    /// Bytes the call's heap may hold.
    public var heapBytes: Int

    public init(gasLimit: Int64, maxCallDepth: Int = 1_024, stackSlots: Int = 1 << 18, heapBytes: Int = 64 << 20) {
        self.gasLimit = gasLimit
        self.maxCallDepth = maxCallDepth
        self.stackSlots = stackSlots
        self.heapBytes = heapBytes
    }
}

/// Hands out execution serials (never reused while the process runs; never observable by code).
enum ExecutionSerial {
    static let counter = Atomic<Int>(0)
    static func next() -> Int { counter.add(1, ordering: .relaxed).newValue }
}

/// A saved caller: where to resume and whose registers to restore.
struct Frame {
    var returnPC: Int
    var base: Int
    var function: Int
}

/// All the state of one call: the heap, the register stack, the frames, gas and the state-field
/// cache. Created by ``VM``, released when the call ends.
struct Execution {
    let program: Program
    let host: any Host
    let context: CallContext
    var heap: Heap
    var gasLeft: Int64
    /// Gas of the call not yet handed to `gasLeft`: nonzero only on a host with an
    /// ``ExecutionInterrupt``, whose gas is handed out a slice at a time (``refillGas(covering:)``).
    var gasReserve: Int64 = 0
    /// The host's interrupt, read between two slices of gas only.
    let interrupt: ExecutionInterrupt?
    /// Set when the interrupt stopped the call: the gas checks that failed report
    /// ``TrapReason/interrupted`` instead of running out of gas.
    var interrupted = false
    let limits: ExecutionLimits
    var constants: Slab<Value>
    let stack: UnsafeMutablePointer<Value>
    let frames: UnsafeMutablePointer<Frame>
    /// The module's globals (G[x]); null at the start of every call.
    let globals: UnsafeMutablePointer<Value>
    /// Values of state fields read or written in this call (nil: not loaded yet).
    var stateValues: [Value?]
    /// The stored bytes each loaded state field had, to skip unchanged writes.
    var stateOriginal: [[UInt8]?]
    /// The heap records of the call's object and array arguments, by record index: their position
    /// among the arguments (so a host service can tell which argument an object is).
    var argumentRecords: [Int: Int] = [:]
    /// The objects the call was given with identity (``ObjectGraph``): references in its arguments
    /// name them; each is made once (``graphRecords``), and its record keeps its key (``recordKeys``).
    var graph = ObjectGraph()
    var graphRecords: [Int: Value] = [:]
    var recordKeys: [Int: Int] = [:]
    /// Whether the call was given a graph (a rules session's code): its references' keys are the session's.
    var givenGraph = false
    /// Objects of the graph made and not yet filled (``importReference(_:)``).
    var pendingGraphFills: [Int] = []
    var fillingGraph = false
    /// A number no other execution in this process has: heap record indices are only comparable
    /// between two host calls that carry the same one.
    let serial = ExecutionSerial.next()
    /// Whether this execution gave a rules command (the engine is told when it ends).
    var usedRules = false
    /// Executable pc and function of each active frame when a trap is built.
    var trapFrames: [(pc: Int, function: Int)] = []

    init(program: Program, host: any Host, context: CallContext, limits: ExecutionLimits) {
        self.program = program
        self.host = host
        self.context = context
        self.limits = limits
        self.gasLeft = limits.gasLimit
        self.interrupt = host.interrupt
        self.heap = Heap(byteLimit: limits.heapBytes)
        self.stack = UnsafeMutablePointer<Value>.allocate(capacity: max(limits.stackSlots, 1))
        self.frames = UnsafeMutablePointer<Frame>.allocate(capacity: max(limits.maxCallDepth, 1) + 1)
        let globalCount = program.module.module.globals.count
        self.globals = UnsafeMutablePointer<Value>.allocate(capacity: max(globalCount, 1))
        self.globals.initialize(repeating: .null, count: max(globalCount, 1))
        let stateCount = program.module.module.stateFields.count
        self.stateValues = Array(repeating: nil, count: stateCount)
        self.stateOriginal = Array(repeating: nil, count: stateCount)
        self.constants = Slab<Value>(capacity: program.module.module.constants.count)
        for constant in program.module.module.constants {
            let value: Value
            switch constant {
            case .number(let number):
                value = number.int64Value.map(Value.int) ?? heap.newDecimal(number.scaled)
            case .string(let text): value = heap.newText(.string, Array(text.utf8))
            case .bytes(let data): value = heap.newText(.bytes, data)
            case .address(let address): value = heap.newText(.address, Array(address.text.utf8))
            }
            constants.append(value)
        }
        holdGasReserve()
    }

    func release() {
        heap.release()
        constants.deallocate()
        stack.deallocate()
        frames.deallocate()
        globals.deallocate()
    }

    /// Charges `amount` gas; all or nothing.
    @inline(__always) mutating func charge(_ amount: Int64) -> TrapReason? {
        if amount > gasLeft, let trap = refillGas(covering: amount) { return trap }
        gasLeft -= amount
        return nil
    }

    /// Called when `gasLeft` does not cover `amount`: hands out more of the reserve (at least what
    /// `amount` needs, a slice at a time) unless the interrupt is raised. Gives the trap when it
    /// cannot: out of gas when the reserve is short too, ``TrapReason/interrupted`` when asked to
    /// stop. Without an interrupt the reserve is always empty and this is just the out-of-gas path.
    @inline(never) mutating func refillGas(covering amount: Int64) -> TrapReason? {
        guard let interrupt, gasReserve > 0 else { return .outOfGas }
        if interrupt.isRequested {
            interrupted = true
            return .interrupted
        }
        let moved = min(gasReserve, max(amount - gasLeft, ExecutionInterrupt.sliceGas))
        gasReserve -= moved
        gasLeft += moved
        return amount > gasLeft ? .outOfGas : nil
    }

    /// The trap of a failed gas check in the dispatch loop.
    var gasTrap: TrapReason { interrupted ? .interrupted : .outOfGas }

    /// Moves the whole reserve back into `gasLeft`, before a host operation that hands the gas left
    /// to other code (a rules or process command, a call of another contract).
    mutating func releaseGasReserve() {
        gasLeft += gasReserve
        gasReserve = 0
    }

    /// Keeps all but a slice of `gasLeft` in reserve (with an interrupt only; after
    /// ``releaseGasReserve()``, once the host operation is done).
    mutating func holdGasReserve() {
        guard interrupt != nil, gasLeft > ExecutionInterrupt.sliceGas else { return }
        gasReserve += gasLeft - ExecutionInterrupt.sliceGas
        gasLeft = ExecutionInterrupt.sliceGas
    }

    /// Charges `base` plus ``GasSchedule/perByte`` for each of `bytes` bytes the host will hold for
    /// this call (a storage write, an event, a file), and counts them against the heap limit: what
    /// a call makes the host keep (its journal, its events) is memory the call uses, whoever holds it.
    mutating func chargeHeld(_ base: Int64, bytes: Int) -> TrapReason? {
        if let trap = charge(base + Int64(bytes) * GasSchedule.current.perByte) { return trap }
        return heap.account(bytes + Int(GasSchedule.current.heldRecordBytes)) ? nil : .heapLimit
    }

    /// Accounts and charges an allocation of `bytes` (``GasSchedule/memoryGas(_:)``).
    mutating func allocate(_ bytes: Int) -> TrapReason? {
        if let trap = charge(GasSchedule.current.memoryGas(bytes)) { return trap }
        return heap.account(bytes) ? nil : .heapLimit
    }
}
