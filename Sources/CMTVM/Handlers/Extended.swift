import CMTBytecode

extension Execution {
    /// `intrinsic`, `closure`, `getGlobal` and `setGlobal`, decoded from the instruction word
    /// outside the dispatch loop (see the comment at their case in Interpreter.swift).
    @inline(never)
    mutating func extendedInstruction(_ word: UInt64, _ regs: UnsafeMutablePointer<Value>) -> TrapReason? {
        let a = Int(truncatingIfNeeded: (word >> 8) & 0xFFFF)
        let b = Int(truncatingIfNeeded: (word >> 24) & 0xFFFF)
        let c = Int(truncatingIfNeeded: (word >> 40) & 0xFFFF)
        let result: Result<Value, TrapReason>
        switch unsafeBitCast(UInt8(truncatingIfNeeded: word), to: Opcode.self) {
        case .getGlobal:
            regs[a] = globals[b]
            return nil
        case .setGlobal:
            globals[b] = regs[a]
            return nil
        case .intrinsic: result = intrinsic(b, regs + a)
        case .closure: result = newClosure(function: b, captures: regs + c)
        default: return .typeMismatch("not an extended instruction")
        }
        switch result {
        case .success(let value):
            regs[a] = value
            return nil
        case .failure(let trap): return trap
        }
    }
}
