/// Where the dispatch loop stands: enough to resume it.
struct LoopState {
    var function: Int
    /// Executable index of the next instruction.
    var pc: Int
    /// Offset of the register window in the stack.
    var base: Int
    /// Saved frames below the current one.
    var depth: Int
}

/// Why the dispatch loop returned.
enum LoopExit {
    /// The call returned or trapped.
    case finished(Result<Value, TrapReason>)
    /// The `callRef` just before `pc` names something other than a matching function reference
    /// (a closure, or a mistake): ``Execution/enterClosureCall(_:_:)`` performs it and the loop
    /// resumes. Keeping this work out of the loop keeps its registers for the hot paths.
    case closureCall(LoopState)
}

extension Execution {
    /// Performs the `callRef` the loop paused at: copies the closure's captures after the
    /// arguments, pushes a frame as `call` does and returns the state to resume at the callee's
    /// first instruction.
    mutating func enterClosureCall(_ state: LoopState, _ functions: UnsafeBufferPointer<FunctionInfo>)
        -> Result<LoopState, TrapReason>
    {
        let word = program.code[state.pc - 1]
        let a = Int(truncatingIfNeeded: (word >> 8) & 0xFFFF)
        let b = Int(truncatingIfNeeded: (word >> 24) & 0xFFFF)
        let c = Int(truncatingIfNeeded: (word >> 40) & 0xFFFF)
        let regs = stack + state.base
        let callee: Int
        switch enterClosure(regs[b], argumentCount: c, base: regs + a) {
        case .success(let index): callee = index
        case .failure(let trap): return .failure(trap)
        }
        guard state.depth < limits.maxCallDepth else { return .failure(.stackDepth) }
        frames[state.depth] = Frame(returnPC: state.pc, base: state.base, function: state.function)
        let info = functions[callee]
        let calleeRegisters = regs + a
        for register in info.parameterCount..<info.registerCount { calleeRegisters[register] = .null }
        return .success(LoopState(function: callee, pc: info.entry, base: state.base + a, depth: state.depth + 1))
    }
}
