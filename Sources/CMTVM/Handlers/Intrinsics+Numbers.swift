import CMTBytecode

extension Execution {
    /// The number intrinsics: toFixed, min, max, power and the bit operations.
    mutating func numberIntrinsic(_ operation: IntrinsicOperation, _ arguments: UnsafeMutablePointer<Value>)
        -> Result<Value, TrapReason>
    {
        switch operation {
        case .numberToFixed: return toFixed(arguments[0], arguments[1])
        case .min, .max:
            guard let x = decimal(arguments[0]), let y = decimal(arguments[1]) else {
                return .failure(.typeMismatch("\(operation) of \(arguments[0].tag) and \(arguments[1].tag)"))
            }
            let takeSecond = operation == .min ? y < x : x < y
            return .success(takeSecond ? arguments[1] : arguments[0])
        case .power: return power(arguments[0], arguments[1])
        default: return bitOperation(operation, arguments)
        }
    }

    /// `x.toFixed(digits)`: exactly `digits` (0...18) fraction digits, halves rounded away from
    /// zero; no exponent and never "-0".
    private mutating func toFixed(_ value: Value, _ digitsValue: Value) -> Result<Value, TrapReason> {
        guard let x = decimal(value) else { return .failure(.typeMismatch("toFixed of \(value.tag)")) }
        let digits: Int
        switch wholeNumber(digitsValue, "toFixed digits") {
        case .success(let count) where count >= 0 && count <= 18: digits = Int(count)
        case .success: return .failure(.invalidArgument("toFixed digits must be between 0 and 18"))
        case .failure(let trap): return .failure(trap)
        }
        var unit: UInt128 = 1
        for _ in 0..<(18 - digits) { unit *= 10 }
        let (quotient, remainder) = x.scaled.magnitude.quotientAndRemainder(dividingBy: unit)
        let rounded = remainder * 2 >= unit && unit > 1 ? quotient + 1 : quotient
        var fractionUnit: UInt128 = 1
        for _ in 0..<digits { fractionUnit *= 10 }
        var text = rounded != 0 && x.scaled < 0 ? "-" : ""
        text += String(rounded / fractionUnit)
        if digits > 0 {
            let fraction = String(rounded % fractionUnit)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return newString(Array(text.utf8))
    }

    /// `base ** exponent` by square-and-multiply, each product rounded as `mul` rounds. A negative
    /// exponent gives 1 / base^|exponent| (rounded as `div`; 0 when base^|exponent| is too large
    /// to represent); 0 to a negative power divides by zero. Charges 1 gas per multiplication and
    /// squaring, up front.
    private mutating func power(_ baseValue: Value, _ exponentValue: Value) -> Result<Value, TrapReason> {
        guard let base = decimal(baseValue) else { return .failure(.typeMismatch("power of \(baseValue.tag)")) }
        let exponent: Int128
        switch wholeNumber(exponentValue, "exponent") {
        case .success(let value): exponent = value
        case .failure(let trap): return .failure(trap)
        }
        if exponent < 0, base.isZero { return .failure(.divisionByZero) }
        var remaining = exponent.magnitude
        if remaining > 0 {
            // One squaring per bit after the first, one multiplication per set bit.
            let bits = remaining.bitWidth - remaining.leadingZeroBitCount
            if let trap = charge(Int64(bits - 1 + remaining.nonzeroBitCount) * GasSchedule.current.powerMultiplication) { return .failure(trap) }
        }
        var result = Decimal18.one
        var square = base
        var overflowed = false
        while remaining > 0 {
            if remaining & 1 == 1 {
                guard let product = result.multiplying(square) else {
                    overflowed = true
                    break
                }
                result = product
            }
            remaining >>= 1
            if remaining > 0 {
                guard let product = square.multiplying(square) else {
                    overflowed = true
                    break
                }
                square = product
            }
        }
        if exponent >= 0 {
            return overflowed ? .failure(.overflow) : makeNumber(result)
        }
        // |base^e| exceeds the range (> 1.7e20), so 1 / base^e truncates to 0 at 18 digits.
        if overflowed { return .success(.int(0)) }
        if result.isZero { return .failure(.divisionByZero) }
        guard let quotient = Decimal18.one.dividing(by: result) else { return .failure(.overflow) }
        return makeNumber(quotient)
    }

    /// Bitwise operations on whole numbers, as two's complement integers; results outside the
    /// number range trap `overflow`.
    private mutating func bitOperation(_ operation: IntrinsicOperation, _ arguments: UnsafeMutablePointer<Value>)
        -> Result<Value, TrapReason>
    {
        let x: Int128
        switch wholeNumber(arguments[0], "\(operation) operand") {
        case .success(let value): x = value
        case .failure(let trap): return .failure(trap)
        }
        if operation == .bitNot { return integerResult(~x) }
        let y: Int128
        switch wholeNumber(arguments[1], "\(operation) operand") {
        case .success(let value): y = value
        case .failure(let trap): return .failure(trap)
        }
        switch operation {
        case .bitAnd: return integerResult(x & y)
        case .bitOr: return integerResult(x | y)
        case .bitXor: return integerResult(x ^ y)
        case .shiftLeft, .shiftRight:
            guard y >= 0, y <= 127 else { return .failure(.invalidArgument("shift count must be between 0 and 127")) }
            if operation == .shiftRight { return integerResult(x >> y) }
            let shifted = x << y
            guard shifted >> y == x else { return .failure(.overflow) }
            return integerResult(shifted)
        default: return .failure(.typeMismatch("\(operation) is not a bit operation"))
        }
    }

    /// The number `integer`, or `overflow` when it is outside the Decimal18 range.
    private mutating func integerResult(_ integer: Int128) -> Result<Value, TrapReason> {
        let (scaled, overflow) = integer.multipliedReportingOverflow(by: Decimal18.scale)
        guard !overflow, let number = Decimal18(scaled: scaled) else { return .failure(.overflow) }
        return makeNumber(number)
    }
}
