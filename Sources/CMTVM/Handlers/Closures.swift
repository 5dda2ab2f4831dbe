extension Execution {
    /// `closure`: a new closure of function `function` holding copies of its captured values,
    /// charged like an array of that many elements.
    @inline(never)
    mutating func newClosure(function: Int, captures: UnsafeMutablePointer<Value>) -> Result<Value, TrapReason> {
        let count = program.functions[function].captureCount
        if let trap = allocate(MemoryCost.record(max(count, 1))) { return .failure(trap) }
        return .success(heap.newClosure(function: function, captures: captures, count: count))
    }

    /// The slow half of `callRef`, run outside the hot loop: `reference` must be a closure whose
    /// function takes `argumentCount` arguments plus its captures. Checks that the callee's frame at
    /// `base` fits the register stack, copies the captures into its registers `argumentCount...`,
    /// and returns the function index. A function reference reaching here has the wrong count.
    @inline(never)
    mutating func enterClosure(_ reference: Value, argumentCount: Int, base: UnsafeMutablePointer<Value>)
        -> Result<Int, TrapReason>
    {
        guard reference.tag == .closure else {
            return .failure(.typeMismatch("callRef of \(reference.tag) with \(argumentCount) arguments"))
        }
        let record = heap.records[reference.index]
        let function = Int(record.classIndex)
        let info = program.functions[function]
        let captures = Int(record.count)
        guard info.parameterCount == argumentCount + captures else {
            return .failure(
                .typeMismatch("callRef of a closure of '\(functionName(function))' with \(argumentCount) arguments"))
        }
        guard base - stack + info.registerCount <= limits.stackSlots else { return .failure(.stackDepth) }
        (base + argumentCount).update(from: record.elements, count: captures)
        return .success(function)
    }

    /// The name of function `index` as the module declares it.
    func functionName(_ index: Int) -> String {
        let functions = program.module.module.functions
        return index < functions.count ? functions[index].name : "f\(index)"
    }
}
