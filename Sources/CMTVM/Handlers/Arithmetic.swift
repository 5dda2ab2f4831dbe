import CMTBytecode

/// The binary number operations with an `Int64` fast path in the dispatch loop and this exact
/// Decimal18 slow path.
enum ArithmeticOperation {
    case add, sub, mul, div, mod
}

extension Execution {
    /// The number a value holds, or nil for non-numbers.
    @inline(__always) func decimal(_ value: Value) -> Decimal18? {
        switch value.tag {
        case .int: Decimal18(value.intValue)
        case .dec: Decimal18(scaled: heap.decimals[value.index])
        default: nil
        }
    }

    /// A register value for `number`: `int` when it is an Int64 integer, else a boxed decimal
    /// (charged as a 16-byte allocation).
    mutating func makeNumber(_ number: Decimal18) -> Result<Value, TrapReason> {
        if let integer = number.int64Value { return .success(.int(integer)) }
        if let trap = allocate(MemoryCost.decimal) { return .failure(trap) }
        return .success(heap.newDecimal(number.scaled))
    }

    /// The slow path of every binary number instruction: both operands as decimals.
    @inline(never)
    mutating func arithmetic(_ operation: ArithmeticOperation, _ lhs: Value, _ rhs: Value) -> Result<Value, TrapReason> {
        guard let x = decimal(lhs), let y = decimal(rhs) else {
            return .failure(.typeMismatch("arithmetic on \(lhs.tag) and \(rhs.tag)"))
        }
        let result: Decimal18?
        switch operation {
        case .add: result = x.adding(y)
        case .sub: result = x.subtracting(y)
        case .mul: result = x.multiplying(y)
        case .div:
            if y.isZero { return .failure(.divisionByZero) }
            result = x.dividing(by: y)
        case .mod:
            if y.isZero { return .failure(.divisionByZero) }
            result = x.remainder(dividingBy: y)
        }
        guard let result else { return .failure(.overflow) }
        return makeNumber(result)
    }

    @inline(never)
    mutating func negate(_ value: Value) -> Result<Value, TrapReason> {
        guard let x = decimal(value) else { return .failure(.typeMismatch("negation of \(value.tag)")) }
        return makeNumber(x.negated)
    }

    @inline(never)
    mutating func numberOperation(_ selector: Int, _ value: Value) -> Result<Value, TrapReason> {
        guard let x = decimal(value) else { return .failure(.typeMismatch("number function on \(value.tag)")) }
        let result: Decimal18?
        switch NumberOperation(rawValue: UInt16(truncatingIfNeeded: selector)) {
        case .floor: result = x.floor
        case .ceil: result = x.ceil
        case .round: result = x.rounded
        case .abs: result = x.abs
        case .trunc: result = x.truncated
        case nil: return .failure(.typeMismatch("unknown number function"))
        }
        guard let result else { return .failure(.overflow) }
        return makeNumber(result)
    }

    /// Orders two numbers or two strings (bytewise, which is code point order); -1, 0 or 1.
    @inline(never)
    func compare(_ lhs: Value, _ rhs: Value) -> Result<Int, TrapReason> {
        if let x = decimal(lhs), let y = decimal(rhs) { return .success(x < y ? -1 : (x == y ? 0 : 1)) }
        if lhs.tag == rhs.tag, lhs.tag == .string || lhs.tag == .address || lhs.tag == .bytes {
            let left = heap.textBytes(lhs)
            let right = heap.textBytes(rhs)
            if left.elementsEqual(right) { return .success(0) }
            return .success(left.lexicographicallyPrecedes(right) ? -1 : 1)
        }
        return .failure(.typeMismatch("cannot order \(lhs.tag) and \(rhs.tag)"))
    }

    /// `==` on any two values (numbers, text and booleans by value, heap objects by identity).
    @inline(__always) func valuesEqual(_ lhs: Value, _ rhs: Value) -> Bool {
        if lhs.tag == rhs.tag, lhs.bits == rhs.bits { return true }
        return heap.equal(lhs, rhs)
    }
}
