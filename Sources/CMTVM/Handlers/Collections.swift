import CMTBytecode

extension Execution {
    /// An array index from a number value, or the trap it earns.
    @inline(__always) func arrayIndex(_ value: Value, count: Int) -> Result<Int, TrapReason> {
        if value.tag == .int {
            let index = value.intValue
            guard index >= 0, index < Int64(count) else { return .failure(.indexOutOfRange) }
            return .success(Int(index))
        }
        if value.tag == .dec { return .failure(.indexOutOfRange) }
        return .failure(.typeMismatch("index of kind \(value.tag)"))
    }

    /// Charges one map access with `key` (``GasSchedule/mapAccess`` plus its text bytes as work).
    mutating func chargeMapAccess(_ key: Value) -> TrapReason? {
        var gas = GasSchedule.current.mapAccess
        if key.tag == .string || key.tag == .address { gas += GasSchedule.current.workGas(heap.texts[key.index].count) }
        return charge(gas)
    }

    mutating func newArray(capacity: Int) -> Result<Value, TrapReason> {
        let slots = max(capacity, 1)
        if let trap = allocate(MemoryCost.record(slots)) { return .failure(trap) }
        return .success(heap.newRecord(capacity: slots, count: 0, classIndex: -1))
    }

    mutating func newObject(classIndex: Int) -> Result<Value, TrapReason> {
        let fields = program.classFieldCounts[classIndex]
        if let trap = allocate(MemoryCost.record(fields)) { return .failure(trap) }
        return .success(heap.newRecord(capacity: fields, count: fields, classIndex: Int32(classIndex)))
    }

    /// Appends to array `index`, doubling its capacity (and charging for the new buffer) when full.
    mutating func push(_ array: Value, _ element: Value) -> TrapReason? {
        guard array.tag == .array else { return .typeMismatch("push on \(array.tag)") }
        let index = array.index
        let record = heap.records[index]
        if record.count == record.capacity {
            let newCapacity = Int(record.capacity) * 2
            guard newCapacity <= Int(Int32.max) else { return .heapLimit }
            if let trap = allocate(MemoryCost.slots(Int(record.capacity))) { return trap }
            heap.growRecord(index, to: newCapacity)
        }
        let grown = heap.records[index]
        grown.elements[Int(grown.count)] = element
        heap.records[index].count = grown.count + 1
        return nil
    }

    /// Removes and returns the last element; null when the array is empty (`pop()` is `T?`).
    mutating func pop(_ array: Value) -> Result<Value, TrapReason> {
        guard array.tag == .array else { return .failure(.typeMismatch("pop on \(array.tag)")) }
        let record = heap.records[array.index]
        guard record.count > 0 else { return .success(.null) }
        heap.records[array.index].count = record.count - 1
        return .success(record.elements[Int(record.count) - 1])
    }

    /// `container[key]` for arrays (in range) and maps (null when missing).
    @inline(never)
    mutating func getIndexSlow(_ container: Value, _ key: Value) -> Result<Value, TrapReason> {
        switch container.tag {
        case .array:
            let record = heap.records[container.index]
            switch arrayIndex(key, count: Int(record.count)) {
            case .success(let index): return .success(record.elements[index])
            case .failure(let trap): return .failure(trap)
            }
        case .map:
            guard Heap.isKeyKind(key.tag) else { return .failure(.typeMismatch("map key of kind \(key.tag)")) }
            if let trap = chargeMapAccess(key) { return .failure(trap) }
            return .success(heap.mapGet(container.index, key))
        case .bytes:
            let record = heap.texts[container.index]
            switch arrayIndex(key, count: record.count) {
            case .success(let index): return .success(.int(Int64(heap.text[record.offset + index])))
            case .failure(let trap): return .failure(trap)
            }
        case .string:
            return character(of: container, at: key)
        default: return .failure(.typeMismatch("indexing \(container.tag)"))
        }
    }

    /// `text[i]`: the `i`-th Unicode scalar of a string as a one-scalar string; an index outside the
    /// string traps like an array's.
    mutating func character(of text: Value, at key: Value) -> Result<Value, TrapReason> {
        let record = heap.texts[text.index]
        guard key.tag == .int else { return arrayIndex(key, count: 0).map { _ in .null } }
        var wanted = key.intValue
        guard wanted >= 0 else { return .failure(.indexOutOfRange) }
        var start = -1
        var end = record.count
        for position in 0..<record.count where heap.text[record.offset + position] & 0xC0 != 0x80 {
            if start >= 0 {
                end = position
                break
            }
            if wanted == 0 { start = position } else { wanted -= 1 }
        }
        guard start >= 0 else { return .failure(.indexOutOfRange) }
        let bytes = Array(UnsafeBufferPointer(start: heap.text.base + record.offset + start, count: end - start))
        return newString(bytes)
    }

    /// `container[key] = value`; an array index may equal the length, which appends.
    @inline(never)
    mutating func setIndexSlow(_ container: Value, _ key: Value, _ value: Value) -> TrapReason? {
        switch container.tag {
        case .array:
            let record = heap.records[container.index]
            if key.tag == .int, key.intValue == Int64(record.count) { return push(container, value) }
            switch arrayIndex(key, count: Int(record.count)) {
            case .success(let index):
                record.elements[index] = value
                return nil
            case .failure(let trap): return trap
            }
        case .map:
            guard Heap.isKeyKind(key.tag) else { return .typeMismatch("map key of kind \(key.tag)") }
            if let trap = chargeMapAccess(key) { return trap }
            if heap.findEntry(container.index, key) == nil, let trap = allocate(MemoryCost.mapEntry) { return trap }
            _ = heap.mapSet(container.index, key, value)
            return nil
        default: return .typeMismatch("indexed assignment to \(container.tag)")
        }
    }

    mutating func mapKeysOrValues(_ map: Value, keys: Bool) -> Result<Value, TrapReason> {
        guard map.tag == .map else { return .failure(.typeMismatch("keys of \(map.tag)")) }
        let storage = heap.maps[map.index]
        let array: Value
        switch newArray(capacity: storage.live) {
        case .success(let value): array = value
        case .failure(let trap): return .failure(trap)
        }
        let record = heap.records[array.index]
        var count = 0
        for (index, key) in storage.keys.enumerated() where key.tag != .null {
            record.elements[count] = keys ? key : storage.values[index]
            count += 1
        }
        heap.records[array.index].count = Int32(count)
        return .success(array)
    }

    func objectField(_ object: Value, _ field: Int) -> Result<UnsafeMutablePointer<Value>, TrapReason> {
        guard object.tag == .object else {
            return .failure(object.tag == .null ? .nullUnwrap : .typeMismatch("field of \(object.tag)"))
        }
        let record = heap.records[object.index]
        guard field < Int(record.count) else { return .failure(.typeMismatch("no field \(field) in class \(record.classIndex)")) }
        return .success(record.elements + field)
    }
}
