/// Copy propagation within blocks: after `move a, b`, later reads of `a` read `b` instead, until
/// either is written. The moves that become dead are removed by ``DeadCodeElimination``.
/// Call windows are never renamed (their registers are positional).
enum CopyPropagation {
    static func run(_ function: inout IRFunction, captureCounts: [UInt16]) {
        for index in function.blocks.indices {
            var copies: [UInt16: UInt16] = [:]
            var block = function.blocks[index]
            var kept: [IRInstruction] = []
            kept.reserveCapacity(block.instructions.count)
            for var instruction in block.instructions {
                var effects = instruction.effects(captureCounts: captureCounts)
                if effects.renamableA, let source = copies[instruction.a] { instruction.a = source }
                if effects.renamableB, let source = copies[instruction.b] { instruction.b = source }
                if effects.renamableC, let source = copies[instruction.c] { instruction.c = source }
                if instruction.opcode == .move && instruction.a == instruction.b { continue }
                effects = instruction.effects(captureCounts: captureCounts)
                var killed = effects.defs
                if let first = effects.clobbersFrom {
                    copies = copies.filter { $0.key < first && $0.value < first }
                    killed.removeAll()
                }
                for register in killed {
                    copies[register] = nil
                    copies = copies.filter { $0.value != register }
                }
                if instruction.opcode == .move { copies[instruction.a] = instruction.b }
                kept.append(instruction)
            }
            block.instructions = kept
            block.terminator = renamed(block.terminator, copies)
            function.blocks[index] = block
        }
    }

    private static func renamed(_ terminator: IRTerminator, _ copies: [UInt16: UInt16]) -> IRTerminator {
        let map = { (register: UInt16) in copies[register] ?? register }
        switch terminator {
        case .branch(let condition, let then, let otherwise):
            return .branch(condition.renamed(map), then: then, otherwise: otherwise)
        case .ret(let register): return .ret(map(register))
        case .revert(let register): return .revert(map(register))
        default: return terminator
        }
    }
}

/// Removes instructions whose results are never read (only those that cannot trap or be observed),
/// and folds `op t, …; move x, t` into `op x, …` when `t` is not read afterwards.
enum DeadCodeElimination {
    static func run(_ function: inout IRFunction, captureCounts: [UInt16]) {
        for _ in 0..<4 {
            let liveness = Liveness(function, captureCounts: captureCounts)
            var changed = false
            for index in function.blocks.indices {
                var live = liveness.liveOut[index]
                for register in Liveness.terminatorUses(function.blocks[index].terminator) { live.insert(register) }
                var instructions = function.blocks[index].instructions
                var position = instructions.count - 1
                while position >= 0 {
                    let instruction = instructions[position]
                    let effects = instruction.effects(captureCounts: captureCounts)
                    if effects.isRemovable, effects.clobbersFrom == nil, !effects.defs.isEmpty, effects.defs.allSatisfy({ !live.contains($0) }) {
                        instructions.remove(at: position)
                        changed = true
                        position -= 1
                        continue
                    }
                    if instruction.opcode == .move, position > 0, !live.contains(instruction.b), instruction.a != instruction.b {
                        var previous = instructions[position - 1]
                        let previousEffects = previous.effects(captureCounts: captureCounts)
                        if previousEffects.clobbersFrom == nil, previousEffects.defs == [instruction.b], previous.opcode.format.a == .register,
                           previous.a == instruction.b, !isContainerWrite(previous.opcode) {
                            previous.a = instruction.a
                            instructions[position - 1] = previous
                            instructions.remove(at: position)
                            changed = true
                            position -= 1
                            continue
                        }
                    }
                    Liveness.step(instruction, &live, captureCounts: captureCounts)
                    position -= 1
                }
                function.blocks[index].instructions = instructions
            }
            if !changed { break }
        }
    }

    private static func isContainerWrite(_ opcode: CMTBytecode.Opcode) -> Bool {
        switch opcode {
        case .setIndex, .setField, .push, .sstore, .setGlobal, .require, .revert: true
        default: false
        }
    }
}

import CMTBytecode
