import CMTBytecode

extension Execution {
    /// The bytes and array intrinsics.
    mutating func collectionIntrinsic(_ operation: IntrinsicOperation, _ arguments: UnsafeMutablePointer<Value>)
        -> Result<Value, TrapReason>
    {
        let receiver = arguments[0]
        switch operation {
        case .bytesSlice, .bytesToHex:
            guard receiver.tag == .bytes else {
                return .failure(.typeMismatch("\(operation)'s receiver must be bytes, not \(receiver.tag)"))
            }
            let data = heap.textArray(receiver)
            if let trap = chargeWork(bytes: data.count) { return .failure(trap) }
            if operation == .bytesToHex { return newString(Array(ContentHash.hex(data).utf8)) }
            switch sliceRange(arguments[1], arguments[2], count: data.count) {
            case .success(let range):
                if let trap = allocate(MemoryCost.text(range.count)) { return .failure(trap) }
                return .success(heap.newText(.bytes, Array(data[range])))
            case .failure(let trap): return .failure(trap)
            }
        default: break
        }
        guard receiver.tag == .array else {
            return .failure(.typeMismatch("\(operation)'s receiver must be an array, not \(receiver.tag)"))
        }
        let record = heap.records[receiver.index]
        let count = Int(record.count)
        var visited = count * IntrinsicGas.elementBytes
        if operation == .arrayIndexOf || operation == .arrayIncludes, [.string, .bytes, .address].contains(arguments[1].tag) {
            // Each comparison may read the whole search text.
            visited += count * heap.texts[arguments[1].index].count
        }
        if let trap = chargeWork(bytes: visited) { return .failure(trap) }
        switch operation {
        case .arraySlice:
            switch sliceRange(arguments[1], arguments[2], count: count) {
            case .success(let range): return makeArray(Array(UnsafeBufferPointer(start: record.elements, count: count)[range]))
            case .failure(let trap): return .failure(trap)
            }
        case .arrayIndexOf, .arrayIncludes:
            var found = -1
            for index in 0..<count where valuesEqual(record.elements[index], arguments[1]) {
                found = index
                break
            }
            return .success(operation == .arrayIndexOf ? .int(Int64(found)) : .bool(found >= 0))
        case .arrayJoin: return join(record, count: count, separator: arguments[1])
        case .arrayReverse:
            var elements = UnsafeMutableBufferPointer(start: record.elements, count: count)
            elements.reverse()
            return .success(.null)
        default: return .failure(.typeMismatch("\(operation) is not a collection operation"))
        }
    }

    /// `a.join(separator)`: every element as `toStr` converts it.
    private mutating func join(_ record: Record, count: Int, separator: Value) -> Result<Value, TrapReason> {
        let glue: [UInt8]
        switch stringBytes(separator, "join separator") {
        case .success(let bytes): glue = bytes
        case .failure(let trap): return .failure(trap)
        }
        var out: [UInt8] = []
        for index in 0..<count {
            if index > 0 { out += glue }
            switch textOf(record.elements[index]) {
            case .success(let bytes): out += bytes
            case .failure(let trap): return .failure(trap)
            }
        }
        if let trap = chargeWork(bytes: out.count) { return .failure(trap) }
        return newString(out)
    }
}
