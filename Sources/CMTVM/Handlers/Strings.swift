import CMTBytecode

extension Execution {
    /// The text `str(x)` of a value as UTF-8 bytes (docs/bytecode.md note 6); a function or
    /// closure is `<function NAME>`.
    func textOf(_ value: Value) -> Result<[UInt8], TrapReason> {
        switch value.tag {
        case .string, .address: return .success(heap.textArray(value))
        case .int: return .success(Array(String(value.intValue).utf8))
        case .dec: return .success(Array(Decimal18(uncheckedScaledForVM: heap.decimals[value.index]).description.utf8))
        case .bool: return .success(Array((value.bits != 0 ? "true" : "false").utf8))
        case .null: return .success(Array("null".utf8))
        case .bytes: return .success(Array(("0x" + ContentHash.hex(heap.textArray(value))).utf8))
        case .function: return .success(Array("<function \(functionName(value.index))>".utf8))
        case .closure:
            return .success(Array("<function \(functionName(Int(heap.records[value.index].classIndex)))>".utf8))
        default: return .failure(.typeMismatch("cannot convert \(value.tag) to a string"))
        }
    }

    mutating func newString(_ bytes: [UInt8]) -> Result<Value, TrapReason> {
        if let trap = allocate(bytes.count + 16) { return .failure(trap) }
        return .success(heap.newText(.string, bytes))
    }

    @inline(never)
    mutating func concat(_ lhs: Value, _ rhs: Value) -> Result<Value, TrapReason> {
        switch (textOf(lhs), textOf(rhs)) {
        case (.success(let left), .success(let right)): return newString(left + right)
        case (.failure(let trap), _), (_, .failure(let trap)): return .failure(trap)
        }
    }

    @inline(never)
    mutating func toStr(_ value: Value) -> Result<Value, TrapReason> {
        if value.tag == .string { return .success(value) }
        switch textOf(value) {
        case .success(let bytes): return newString(bytes)
        case .failure(let trap): return .failure(trap)
        }
    }

    @inline(never)
    func length(_ value: Value) -> Result<Value, TrapReason> {
        switch value.tag {
        case .string, .address:
            var scalars: Int64 = 0
            for byte in heap.textBytes(value) where byte & 0xC0 != 0x80 { scalars += 1 }
            return .success(.int(scalars))
        case .bytes: return .success(.int(Int64(heap.texts[value.index].count)))
        case .array: return .success(.int(Int64(heap.records[value.index].count)))
        case .map: return .success(.int(Int64(heap.maps[value.index].live)))
        default: return .failure(.typeMismatch("length of \(value.tag)"))
        }
    }
}

extension Decimal18 {
    /// Rebuilds a decimal from a heap box; boxes only ever hold in-range values.
    init(uncheckedScaledForVM scaled: Int128) { self = Decimal18(scaled: scaled) ?? .zero }
}
