import CMTBytecode

/// What an instruction reads and writes, for the passes. `captureCounts` gives the number of
/// captured values of each function (the window `closure` reads).
struct InstructionEffects {
    /// Registers read.
    var uses: [UInt16] = []
    /// Registers written with a meaningful value.
    var defs: [UInt16] = []
    /// The first register of a window the instruction may overwrite entirely (calls), if any.
    var clobbersFrom: UInt16?
    /// Whether removing the instruction when its result is unused changes nothing observable
    /// (no trap, no allocation visible to others, no effect outside the frame).
    var isRemovable = false
    /// Register operand fields that copy propagation may rename.
    var renamableA = false, renamableB = false, renamableC = false
}

extension IRInstruction {
    func effects(captureCounts: [UInt16]) -> InstructionEffects {
        var effects = InstructionEffects()
        let format = opcode.format
        switch opcode {
        case .call, .host, .intrinsic:
            effects.uses = c == 0 ? [] : Array(a..<(a + c))
            effects.defs = [a]
            effects.clobbersFrom = a
        case .callRef:
            effects.uses = (c == 0 ? [] : Array(a..<(a + c))) + [b]
            effects.defs = [a]
            effects.clobbersFrom = a
            effects.renamableB = true
        case .closure:
            let count = Int(b) < captureCounts.count ? captureCounts[Int(b)] : 0
            effects.uses = count == 0 ? [] : Array(c..<(c + count))
            effects.defs = [a]
        case .setIndex, .setField, .push:
            // A holds the container; nothing is defined.
            effects.uses = [a]
            effects.renamableA = true
            if format.b == .register {
                effects.uses.append(b)
                effects.renamableB = true
            }
            if format.c == .register {
                effects.uses.append(c)
                effects.renamableC = true
            }
        case .sstore, .setGlobal, .require, .revert:
            effects.uses = [a]
            effects.renamableA = true
            if format.b == .register {
                effects.uses.append(b)
                effects.renamableB = true
            }
        default:
            if format.a == .register { effects.defs = [a] }
            if format.b == .register {
                effects.uses.append(b)
                effects.renamableB = true
            }
            if format.c == .register {
                effects.uses.append(c)
                effects.renamableC = true
            }
        }
        switch opcode {
        case .move, .loadK, .loadI, .loadNull, .loadBool, .loadFunc, .eq, .ne, .isNull, .getGlobal, .not, .nop:
            effects.isRemovable = true
        default:
            break
        }
        return effects
    }
}
