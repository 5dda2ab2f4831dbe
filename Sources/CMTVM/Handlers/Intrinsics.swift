import CMTBytecode

/// Intrinsic work beyond the instruction's base cost (``GasSchedule``, docs/gas.md section 5):
/// 1 gas per started `bytesPerGas` bytes processed, where an array element counts `elementBytes`;
/// results are charged as allocations.
enum IntrinsicGas {
    /// Bytes an array element counts as when it is visited.
    static var elementBytes: Int { Int(GasSchedule.current.elementBytes) }
}

extension Execution {
    /// Runs intrinsic `operation` on `arguments[0..<argumentCount]` (the verifier checked the count).
    @inline(never)
    mutating func intrinsic(_ operation: Int, _ arguments: UnsafeMutablePointer<Value>) -> Result<Value, TrapReason> {
        guard let operation = IntrinsicOperation(rawValue: UInt16(truncatingIfNeeded: operation)) else {
            return .failure(.typeMismatch("unknown intrinsic operation \(operation)"))
        }
        switch operation {
        case .stringSlice, .stringIndexOf, .stringIncludes, .stringStartsWith, .stringEndsWith, .stringToUpperCase,
            .stringToLowerCase, .stringTrim, .stringSplit, .stringCharAt, .stringToBytes, .stringChars:
            return stringIntrinsic(operation, arguments)
        case .bytesSlice, .bytesToHex, .arraySlice, .arrayIndexOf, .arrayIncludes, .arrayJoin, .arrayReverse:
            return collectionIntrinsic(operation, arguments)
        case .numberToFixed, .min, .max, .power, .bitAnd, .bitOr, .bitXor, .bitNot, .shiftLeft, .shiftRight:
            return numberIntrinsic(operation, arguments)
        case .classOf:
            let object = arguments[0]
            guard object.tag == .object else { return .failure(.typeMismatch("classOf of \(object.tag)")) }
            return .success(.int(Int64(heap.records[object.index].classIndex)))
        }
    }

    /// Charges the processing of `bytes` bytes (``GasSchedule/workGas(_:)``).
    mutating func chargeWork(bytes: Int) -> TrapReason? {
        charge(GasSchedule.current.workGas(bytes))
    }

    /// The integer value of a whole number; `invalidArgument` for a fraction, `typeMismatch` for a
    /// non-number. `what` names the argument in the message.
    func wholeNumber(_ value: Value, _ what: String) -> Result<Int128, TrapReason> {
        switch value.tag {
        case .int: return .success(Int128(value.intValue))
        case .dec:
            let (quotient, remainder) = heap.decimals[value.index].quotientAndRemainder(dividingBy: Decimal18.scale)
            guard remainder == 0 else { return .failure(.invalidArgument("\(what) must be a whole number")) }
            return .success(quotient)
        default: return .failure(.typeMismatch("\(what) must be a number, not \(value.tag)"))
        }
    }

    /// The range `slice(start, end)` selects from `count` items (JavaScript semantics: a negative
    /// index counts from the end, both are clamped to 0...count, a null `end` means `count`).
    func sliceRange(_ start: Value, _ end: Value, count: Int) -> Result<Range<Int>, TrapReason> {
        func resolve(_ relative: Int128) -> Int {
            let position = relative < 0 ? Int128(count) + relative : relative
            return Int(Swift.min(Swift.max(position, 0), Int128(count)))
        }
        let from: Int
        switch wholeNumber(start, "slice start") {
        case .success(let value): from = resolve(value)
        case .failure(let trap): return .failure(trap)
        }
        var to = count
        if end.tag != .null {
            switch wholeNumber(end, "slice end") {
            case .success(let value): to = resolve(value)
            case .failure(let trap): return .failure(trap)
            }
        }
        return .success(from..<Swift.max(from, to))
    }

    /// A new array holding `values`, charged as an allocation.
    mutating func makeArray(_ values: [Value]) -> Result<Value, TrapReason> {
        let array: Value
        switch newArray(capacity: values.count) {
        case .success(let value): array = value
        case .failure(let trap): return .failure(trap)
        }
        let elements = heap.records[array.index].elements
        for (index, value) in values.enumerated() { elements[index] = value }
        heap.records[array.index].count = Int32(values.count)
        return .success(array)
    }

    /// The UTF-8 bytes of a string argument, or a type mismatch naming `what`.
    func stringBytes(_ value: Value, _ what: String) -> Result<[UInt8], TrapReason> {
        guard value.tag == .string else { return .failure(.typeMismatch("\(what) must be a string, not \(value.tag)")) }
        return .success(heap.textArray(value))
    }
}
