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
        if let trap = allocate(MemoryCost.text(bytes.count)) { return .failure(trap) }
        return .success(heap.newText(.string, bytes))
    }

    @inline(never)
    mutating func concat(_ lhs: Value, _ rhs: Value) -> Result<Value, TrapReason> {
        if let fast = concatDirect(lhs, rhs) { return fast }
        switch (textOf(lhs), textOf(rhs)) {
        case (.success(let left), .success(let right)): return newString(left + right)
        case (.failure(let trap), _), (_, .failure(let trap)): return .failure(trap)
        }
    }

    /// Concatenation of strings and Int64 integers written straight into the text slab, with no
    /// intermediate arrays; when the left string ends where the slab ends (a chain `a + b + c`), its
    /// bytes are extended in place instead of copied. Same gas and accounting as the general path.
    private mutating func concatDirect(_ lhs: Value, _ rhs: Value) -> Result<Value, TrapReason>? {
        guard let left = piece(lhs), let right = piece(rhs) else { return nil }
        let total = left.count + right.count
        if let trap = allocate(MemoryCost.text(total)) { return .failure(trap) }
        heap.text.reserve(total)
        var offset = heap.text.count
        if lhs.tag == .string, case .text(let start, let count) = left, start + count == heap.text.count {
            offset = start
        } else {
            write(left)
        }
        write(right)
        let index = heap.texts.append(TextRecord(offset: offset, count: total))
        return .success(Value(tag: .string, bits: UInt64(index)))
    }

    /// The text of a value as `concat` writes it, without building it first.
    private enum TextPiece {
        /// Bytes already in the text slab (a string or an address).
        case text(offset: Int, count: Int)
        case integer(IntegerText, count: Int)
        case literal(StaticString)
        /// `0x` and the hex digits of bytes in the text slab.
        case hex(offset: Int, count: Int)

        var count: Int {
            switch self {
            case .text(_, let count), .integer(_, let count): count
            case .literal(let text): text.utf8CodeUnitCount
            case .hex(_, let count): 2 + 2 * count
            }
        }
    }

    private func piece(_ value: Value) -> TextPiece? {
        switch value.tag {
        case .string, .address:
            let record = heap.texts[value.index]
            return .text(offset: record.offset, count: record.count)
        case .int:
            var digits = IntegerText()
            let count = digits.format(value.intValue)
            return .integer(digits, count: count)
        case .bool: return .literal(value.bits != 0 ? "true" : "false")
        case .null: return .literal("null")
        case .bytes:
            let record = heap.texts[value.index]
            return .hex(offset: record.offset, count: record.count)
        default: return nil
        }
    }

    /// Appends a piece to the text slab (its capacity already reserved).
    private mutating func write(_ piece: TextPiece) {
        switch piece {
        case .text(let offset, let count):
            heap.text.appendBytes(UnsafePointer(heap.text.base + offset), count: count)
        case .integer(let digits, _):
            digits.withBytes { bytes in if let start = bytes.baseAddress { heap.text.appendBytes(start, count: bytes.count) } }
        case .literal(let text):
            text.withUTF8Buffer { bytes in if let start = bytes.baseAddress { heap.text.appendBytes(start, count: bytes.count) } }
        case .hex(let offset, let count):
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { table in
                guard let table = table.baseAddress else { return }
                var pair: (UInt8, UInt8) = (48, 120)  // "0x"
                withUnsafeBytes(of: &pair) { raw in
                    if let start = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) { heap.text.appendBytes(start, count: 2) }
                }
                for index in 0..<count {
                    let byte = heap.text[offset + index]
                    pair = (table[Int(byte >> 4)], table[Int(byte & 0x0F)])
                    withUnsafeBytes(of: &pair) { raw in
                        if let start = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) { heap.text.appendBytes(start, count: 2) }
                    }
                }
            }
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


/// The decimal text of an Int64, built without allocating.
struct IntegerText {
    private var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
    private var count = 0

    /// Formats `value`; returns the number of bytes.
    mutating func format(_ value: Int64) -> Int {
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var length = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            var position = buffer.count
            repeat {
                position -= 1
                buffer[position] = UInt8(truncatingIfNeeded: magnitude % 10) + 48
                magnitude /= 10
            } while magnitude != 0
            if value < 0 {
                position -= 1
                buffer[position] = 45
            }
            length = buffer.count - position
            withUnsafeMutableBytes(of: &storage) { target in
                for index in 0..<length { target[index] = buffer[position + index] }
            }
        }
        count = length
        return length
    }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeBytes(of: storage) { raw in
            body(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: count))
        }
    }
}
