/// A fixed-size set of registers.
struct RegisterSet: Equatable {
    private(set) var words: [UInt64]

    init(capacity: Int) { words = Array(repeating: 0, count: (capacity + 63) / 64) }

    func contains(_ register: UInt16) -> Bool {
        let index = Int(register) / 64
        return index < words.count && words[index] & (1 << UInt64(register % 64)) != 0
    }

    mutating func insert(_ register: UInt16) {
        let index = Int(register) / 64
        if index < words.count { words[index] |= 1 << UInt64(register % 64) }
    }

    mutating func remove(_ register: UInt16) {
        let index = Int(register) / 64
        if index < words.count { words[index] &= ~(1 << UInt64(register % 64)) }
    }

    /// Removes every register from `first` up.
    mutating func removeAll(from first: UInt16) {
        for register in Int(first)..<(words.count * 64) { remove(UInt16(register)) }
    }

    mutating func formUnion(_ other: RegisterSet) {
        for index in words.indices where index < other.words.count { words[index] |= other.words[index] }
    }
}

/// Backward liveness over a function's CFG: which registers are read later, at each block's exit.
struct Liveness {
    var liveOut: [RegisterSet]

    init(_ function: IRFunction, captureCounts: [UInt16]) {
        let capacity = Int(function.registerCount) + 1
        let count = function.blocks.count
        var liveIn = Array(repeating: RegisterSet(capacity: capacity), count: count)
        liveOut = Array(repeating: RegisterSet(capacity: capacity), count: count)
        var changed = true
        while changed {
            changed = false
            for index in stride(from: count - 1, through: 0, by: -1) {
                let block = function.blocks[index]
                var out = RegisterSet(capacity: capacity)
                for successor in block.terminator.successors { out.formUnion(liveIn[successor.index]) }
                var live = out
                Liveness.transfer(block, &live, captureCounts: captureCounts)
                if out != liveOut[index] || live != liveIn[index] {
                    liveOut[index] = out
                    liveIn[index] = live
                    changed = true
                }
            }
        }
    }

    /// Applies a block backwards: from live-out to live-in.
    static func transfer(_ block: IRBlock, _ live: inout RegisterSet, captureCounts: [UInt16]) {
        for register in terminatorUses(block.terminator) { live.insert(register) }
        for instruction in block.instructions.reversed() {
            step(instruction, &live, captureCounts: captureCounts)
        }
    }

    static func step(_ instruction: IRInstruction, _ live: inout RegisterSet, captureCounts: [UInt16]) {
        let effects = instruction.effects(captureCounts: captureCounts)
        if let first = effects.clobbersFrom { live.removeAll(from: first) }
        for def in effects.defs { live.remove(def) }
        for use in effects.uses { live.insert(use) }
    }

    static func terminatorUses(_ terminator: IRTerminator) -> [UInt16] {
        switch terminator {
        case .branch(let condition, _, _): condition.uses
        case .ret(let register), .revert(let register): [register]
        case .jump, .retNull, .open: []
        }
    }
}
