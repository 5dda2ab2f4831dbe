import CMTBytecode

// The dispatch loop: one function, one switch, with pc, the register window and the function
// entry in locals. Integer fast paths are inline; everything else calls an @inline(never) handler
// that returns a value or a trap (Handlers/). A taken branch charges the `gas` word at the head of
// its target block itself (every jump target is one), saving a dispatch per taken branch: loop
// -25%, sieve -17% (cmt-vm-bench; doing the same at calls measured no better). Handlers never throw
// and never crash on contract behaviour; the verifier guarantees every index the loop uses without
// checking (see Verifier.swift).

/// Operand fields of an instruction word (layout in CMTBytecode/Opcode.swift).
@inline(__always) private func fieldA(_ word: UInt64) -> Int { Int(truncatingIfNeeded: (word >> 8) & 0xFFFF) }
@inline(__always) private func fieldB(_ word: UInt64) -> Int { Int(truncatingIfNeeded: (word >> 24) & 0xFFFF) }
@inline(__always) private func fieldC(_ word: UInt64) -> Int { Int(truncatingIfNeeded: (word >> 40) & 0xFFFF) }
@inline(__always) private func signed(_ field: Int) -> Int64 { Int64(Int16(truncatingIfNeeded: field)) }

extension Execution {
    /// Runs `function` whose arguments are already in `stack[0..<parameterCount]`; returns its
    /// result or the first trap (with ``trapFrames`` recording where).
    mutating func run(function entryFunction: Int) -> Result<Value, TrapReason> {
        program.functions.withUnsafeBufferPointer { functions in
            let first = functions[entryFunction]
            guard first.registerCount <= limits.stackSlots else { return .failure(.stackDepth) }
            for register in first.parameterCount..<first.registerCount { stack[register] = .null }
            var state = LoopState(function: entryFunction, pc: first.entry, base: 0, depth: 0)
            while true {
                switch runLoop(state, functions) {
                case .finished(let result): return result
                case .closureCall(let paused):
                    switch enterClosureCall(paused, functions) {
                    case .success(let resumed): state = resumed
                    case .failure(let trap):
                        return recordTrap(trap, pc: paused.pc, function: paused.function, depth: paused.depth)
                    }
                }
            }
        }
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    private mutating func runLoop(_ state: LoopState, _ functions: UnsafeBufferPointer<FunctionInfo>) -> LoopExit {
        let code = program.code
        let k = constants.base
        let stackLimit = limits.stackSlots
        let maxDepth = limits.maxCallDepth
        var function = state.function
        // pc and fentry are pointers into the code, so the dispatch reads one register instead of a
        // code base plus an index (the base, spilled under register pressure, cost one load per
        // instruction: +2.3% instructions on the fib and loop benchmarks under callgrind).
        var fentry = code + functions[function].entry
        var pc = code + state.pc
        var regs = stack + state.base
        var depth = state.depth

        let trap: TrapReason
        var result = Value.null
        loop: while true {
            let word = pc.pointee
            pc += 1
            // The verifier admitted only valid opcodes, and the loader only adds `gas`.
            let opcode = unsafeBitCast(UInt8(truncatingIfNeeded: word), to: Opcode.self)
            switch opcode {
            case .gas:
                let cost = Int64(fieldA(word) | fieldB(word) << 16)
                if cost > gasLeft, let reason = refillGas(covering: cost) {
                    trap = reason
                    break loop
                }
                gasLeft &-= cost
            case .nop: break
            case .move: regs[fieldA(word)] = regs[fieldB(word)]
            case .loadK: regs[fieldA(word)] = k[fieldB(word)]
            case .loadI: regs[fieldA(word)] = .int(signed(fieldB(word)))
            case .loadNull: regs[fieldA(word)] = .null
            case .loadBool: regs[fieldA(word)] = .bool(fieldB(word) != 0)
            case .loadFunc: regs[fieldA(word)] = Value(tag: .function, bits: UInt64(fieldB(word)))

            case .addI:
                // The hottest opcode in loops: its own case, no operand-form test (loop: -15%).
                let x = regs[fieldB(word)]
                if x.tag == .int {
                    let (sum, overflow) = x.intValue.addingReportingOverflow(signed(fieldC(word)))
                    if !overflow {
                        regs[fieldA(word)] = .int(sum)
                        continue loop
                    }
                }
                switch arithmetic(.add, x, .int(signed(fieldC(word)))) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .add, .addK:
                let x = regs[fieldB(word)]
                let y = opcode == .add ? regs[fieldC(word)] : k[fieldC(word)]
                if x.tag == .int, y.tag == .int {
                    let (sum, overflow) = x.intValue.addingReportingOverflow(y.intValue)
                    if !overflow {
                        regs[fieldA(word)] = .int(sum)
                        continue loop
                    }
                }
                switch arithmetic(.add, x, y) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .sub, .subK:
                let x = regs[fieldB(word)]
                let y = opcode == .sub ? regs[fieldC(word)] : k[fieldC(word)]
                if x.tag == .int, y.tag == .int {
                    let (difference, overflow) = x.intValue.subtractingReportingOverflow(y.intValue)
                    if !overflow {
                        regs[fieldA(word)] = .int(difference)
                        continue loop
                    }
                }
                switch arithmetic(.sub, x, y) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .mul, .mulK, .mulI:
                let x = regs[fieldB(word)]
                let y = opcode == .mul ? regs[fieldC(word)] : opcode == .mulK ? k[fieldC(word)] : .int(signed(fieldC(word)))
                if x.tag == .int, y.tag == .int {
                    let (product, overflow) = x.intValue.multipliedReportingOverflow(by: y.intValue)
                    if !overflow {
                        regs[fieldA(word)] = .int(product)
                        continue loop
                    }
                }
                switch arithmetic(.mul, x, y) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .div, .divK:
                let x = regs[fieldB(word)]
                let y = opcode == .div ? regs[fieldC(word)] : k[fieldC(word)]
                if x.tag == .int, y.tag == .int, y.intValue > 0, x.intValue % y.intValue == 0 {
                    regs[fieldA(word)] = .int(x.intValue / y.intValue)
                    continue loop
                }
                switch arithmetic(.div, x, y) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .mod, .modK:
                let x = regs[fieldB(word)]
                let y = opcode == .mod ? regs[fieldC(word)] : k[fieldC(word)]
                if x.tag == .int, y.tag == .int, y.intValue > 0 {
                    regs[fieldA(word)] = .int(x.intValue % y.intValue)
                    continue loop
                }
                switch arithmetic(.mod, x, y) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .neg:
                switch negate(regs[fieldB(word)]) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .numOp:
                switch numberOperation(fieldC(word), regs[fieldB(word)]) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }

            case .eq, .ne:
                let equal = valuesEqual(regs[fieldB(word)], regs[fieldC(word)])
                regs[fieldA(word)] = .bool(equal == (opcode == .eq))
            case .lt, .le:
                let x = regs[fieldB(word)]
                let y = regs[fieldC(word)]
                if x.tag == .int, y.tag == .int {
                    regs[fieldA(word)] = .bool(opcode == .lt ? x.intValue < y.intValue : x.intValue <= y.intValue)
                    continue loop
                }
                switch compare(x, y) {
                case .success(let order): regs[fieldA(word)] = .bool(opcode == .lt ? order < 0 : order <= 0)
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .not:
                let x = regs[fieldB(word)]
                guard x.tag == .bool else {
                    trap = .typeMismatch("'not' of \(x.tag)")
                    break loop
                }
                regs[fieldA(word)] = .bool(x.bits == 0)
            case .isNull: regs[fieldA(word)] = .bool(regs[fieldB(word)].tag == .null)

            case .jump:
                pc = fentry + fieldC(word) + 1
                if !enterBlock(pc - 1) {
                    trap = gasTrap
                    break loop
                }
            case .jumpIf, .jumpIfNot:
                let x = regs[fieldA(word)]
                guard x.tag == .bool else {
                    trap = .typeMismatch("condition of kind \(x.tag)")
                    break loop
                }
                if (x.bits != 0) == (opcode == .jumpIf) {
                    pc = fentry + fieldC(word) + 1
                    if !enterBlock(pc - 1) {
                        trap = gasTrap
                        break loop
                    }
                }
            case .jumpLt:
                let x = regs[fieldA(word)]
                let y = regs[fieldB(word)]
                if x.tag == .int, y.tag == .int {
                    if x.intValue < y.intValue {
                        pc = fentry + fieldC(word) + 1
                        if !enterBlock(pc - 1) {
                            trap = gasTrap
                            break loop
                        }
                    }
                    continue loop
                }
                switch compare(x, y) {
                case .success(let order):
                    if order < 0 {
                        pc = fentry + fieldC(word) + 1
                        if !enterBlock(pc - 1) {
                            trap = gasTrap
                            break loop
                        }
                    }
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .jumpLe:
                let x = regs[fieldA(word)]
                let y = regs[fieldB(word)]
                let taken: Bool
                if x.tag == .int, y.tag == .int {
                    taken = x.intValue <= y.intValue
                } else {
                    switch compare(x, y) {
                    case .success(let order): taken = opcode == .jumpLt ? order < 0 : order <= 0
                    case .failure(let reason):
                        trap = reason
                        break loop
                    }
                }
                if taken {
                    pc = fentry + fieldC(word) + 1
                    if !enterBlock(pc - 1) {
                        trap = gasTrap
                        break loop
                    }
                }
            case .jumpEq, .jumpNe:
                let equal = valuesEqual(regs[fieldA(word)], regs[fieldB(word)])
                if equal == (opcode == .jumpEq) {
                    pc = fentry + fieldC(word) + 1
                    if !enterBlock(pc - 1) {
                        trap = gasTrap
                        break loop
                    }
                }
            case .jumpLtI, .jumpLeI, .jumpGtI, .jumpGeI:
                let x = regs[fieldA(word)]
                let immediate = signed(fieldB(word))
                let order: Int
                if x.tag == .int {
                    order = x.intValue < immediate ? -1 : (x.intValue == immediate ? 0 : 1)
                } else {
                    switch compare(x, .int(immediate)) {
                    case .success(let result): order = result
                    case .failure(let reason):
                        trap = reason
                        break loop
                    }
                }
                let taken: Bool
                switch opcode {
                case .jumpLtI: taken = order < 0
                case .jumpLeI: taken = order <= 0
                case .jumpGtI: taken = order > 0
                default: taken = order >= 0
                }
                if taken {
                    pc = fentry + fieldC(word) + 1
                    if !enterBlock(pc - 1) {
                        trap = gasTrap
                        break loop
                    }
                }
            case .jumpEqI, .jumpNeI:
                let x = regs[fieldA(word)]
                let equal = x.tag == .int && x.intValue == signed(fieldB(word))
                if equal == (opcode == .jumpEqI) {
                    pc = fentry + fieldC(word) + 1
                    if !enterBlock(pc - 1) {
                        trap = gasTrap
                        break loop
                    }
                }

            case .call, .callRef:
                let a = fieldA(word)
                let callee: Int
                if opcode == .call {
                    callee = fieldB(word)
                } else {
                    let reference = regs[fieldB(word)]
                    guard reference.tag == .function, functions[reference.index].parameterCount == fieldC(word) else {
                        // A closure (or a mismatch) is called outside this loop, which is then re-entered
                        // (`enterClosureCall`): handled in here, its work made the register allocator
                        // spill the code pointer, one more load per dispatch (+2.3% instructions on
                        // the fib and loop benchmarks under callgrind).
                        return .closureCall(LoopState(function: function, pc: pc - code, base: regs - stack, depth: depth))
                    }
                    // A function value never captures: loadFunc of a capturing function is rejected by
                    // the verifier, and function values cannot be imported.
                    callee = reference.index
                }
                let info = functions[callee]
                let newBase = regs + a
                guard depth < maxDepth, newBase - stack + info.registerCount <= stackLimit else {
                    trap = .stackDepth
                    break loop
                }
                frames[depth] = Frame(returnPC: pc - code, base: regs - stack, function: function)
                depth &+= 1
                var register = info.parameterCount
                while register < info.registerCount {
                    newBase[register] = .null
                    register &+= 1
                }
                regs = newBase
                function = callee
                fentry = code + info.entry
                pc = fentry
            case .ret, .retNull:
                let value = opcode == .ret ? regs[fieldA(word)] : .null
                if depth == 0 {
                    result = value
                    return .finished(.success(result))
                }
                depth &-= 1
                let frame = frames[depth]
                regs[0] = value
                regs = stack + frame.base
                function = frame.function
                fentry = code + functions[function].entry
                pc = code + frame.returnPC
            case .host:
                switch hostOperation(fieldB(word), regs + fieldA(word)) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }

            case .concat:
                switch concat(regs[fieldB(word)], regs[fieldC(word)]) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .toStr:
                switch toStr(regs[fieldB(word)]) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .len:
                let x = regs[fieldB(word)]
                if x.tag == .array {
                    regs[fieldA(word)] = .int(Int64(heap.records[x.index].count))
                    continue loop
                }
                switch length(x) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .newArray:
                switch newArray(capacity: fieldB(word)) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .push:
                if let reason = push(regs[fieldA(word)], regs[fieldB(word)]) {
                    trap = reason
                    break loop
                }
            case .pop:
                switch pop(regs[fieldB(word)]) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .getIndex:
                let container = regs[fieldB(word)]
                let key = regs[fieldC(word)]
                if container.tag == .array, key.tag == .int {
                    let record = heap.records[container.index]
                    if UInt64(bitPattern: key.intValue) < UInt64(record.count) {
                        regs[fieldA(word)] = record.elements[key.index]
                        continue loop
                    }
                }
                switch getIndexSlow(container, key) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .setIndex:
                let container = regs[fieldA(word)]
                let key = regs[fieldB(word)]
                if container.tag == .array, key.tag == .int {
                    let record = heap.records[container.index]
                    if UInt64(bitPattern: key.intValue) < UInt64(record.count) {
                        record.elements[key.index] = regs[fieldC(word)]
                        continue loop
                    }
                }
                if let reason = setIndexSlow(container, key, regs[fieldC(word)]) {
                    trap = reason
                    break loop
                }
            case .newMap:
                if let reason = allocate(MemoryCost.map) {
                    trap = reason
                    break loop
                }
                regs[fieldA(word)] = heap.newMap()
            case .mapHas, .mapDelete:
                let map = regs[fieldB(word)]
                let key = regs[fieldC(word)]
                guard map.tag == .map, Heap.isKeyKind(key.tag) else {
                    trap = .typeMismatch("map operation on \(map.tag) with key \(key.tag)")
                    break loop
                }
                if let reason = chargeMapAccess(key) {
                    trap = reason
                    break loop
                }
                if opcode == .mapHas {
                    regs[fieldA(word)] = .bool(heap.findEntry(map.index, key) != nil)
                } else {
                    regs[fieldA(word)] = .bool(heap.mapDelete(map.index, key))
                }
            case .mapKeys, .mapValues:
                switch mapKeysOrValues(regs[fieldB(word)], keys: opcode == .mapKeys) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .newObject:
                switch newObject(classIndex: fieldB(word)) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .getField:
                switch objectField(regs[fieldB(word)], fieldC(word)) {
                case .success(let slot): regs[fieldA(word)] = slot.pointee
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .setField:
                switch objectField(regs[fieldA(word)], fieldB(word)) {
                case .success(let slot): slot.pointee = regs[fieldC(word)]
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .unwrap:
                let x = regs[fieldB(word)]
                guard x.tag != .null else {
                    trap = .nullUnwrap
                    break loop
                }
                regs[fieldA(word)] = x

            case .sload:
                switch loadState(fieldB(word)) {
                case .success(let value): regs[fieldA(word)] = value
                case .failure(let reason):
                    trap = reason
                    break loop
                }
            case .sstore:
                if let reason = storeState(fieldB(word), regs[fieldA(word)]) {
                    trap = reason
                    break loop
                }
            case .require:
                let condition = regs[fieldA(word)]
                guard condition.tag == .bool else {
                    trap = .typeMismatch("require of \(condition.tag)")
                    break loop
                }
                if condition.bits == 0 {
                    trap = .revert(reasonText(regs[fieldB(word)]))
                    break loop
                }
            case .revert:
                trap = .revert(reasonText(regs[fieldA(word)]))
                break loop

            case .intrinsic, .closure, .getGlobal, .setGlobal:
                // One handler call for the four keeps the loop's register pressure where it was.
                if let reason = extendedInstruction(word, regs) {
                    trap = reason
                    break loop
                }
            }
        }
        return .finished(recordTrap(trap, pc: pc - code, function: function, depth: depth))
    }

    /// Records where `trap` happened (innermost frame first, for the backtrace) and returns it.
    @inline(never)
    mutating func recordTrap(_ trap: TrapReason, pc: Int, function: Int, depth: Int) -> Result<Value, TrapReason> {
        var where_: [(pc: Int, function: Int)] = [(pc &- 1, function)]
        var level = depth
        while level > 0 {
            level -= 1
            where_.append((frames[level].returnPC &- 1, frames[level].function))
        }
        trapFrames = where_
        return .failure(trap)
    }

    /// Charges the `gas` word at a block head a branch jumps to; false (nothing charged) when the
    /// gas left does not cover it. The caller has already set pc past the word.
    @inline(__always) mutating func enterBlock(_ head: UnsafeMutablePointer<UInt64>) -> Bool {
        let cost = Int64(truncatingIfNeeded: (head.pointee >> 8) & 0xFFFF_FFFF)
        if cost > gasLeft, refillGas(covering: cost) != nil { return false }
        gasLeft &-= cost
        return true
    }

    func reasonText(_ value: Value) -> String {
        switch textOf(value) {
        case .success(let bytes): String(decoding: bytes, as: UTF8.self)
        case .failure: "\(value.tag)"
        }
    }
}
