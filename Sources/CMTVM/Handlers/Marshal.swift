import CMTBytecode

extension Execution {
    static let maxExportDepth = 64

    /// Copies a heap value out of the VM (results, state, events). Values nested deeper than 64
    /// levels (cycles included) trap.
    func export(_ value: Value, depth: Int = 0) -> Result<ContractValue, TrapReason> {
        guard depth < Execution.maxExportDepth else {
            return .failure(.typeMismatch("value nested deeper than \(Execution.maxExportDepth) levels (a cycle?)"))
        }
        switch value.tag {
        case .null: return .success(.null)
        case .bool: return .success(.boolean(value.bits != 0))
        case .int, .dec: return .success(.number(decimal(value) ?? .zero))
        case .string: return .success(.string(heap.string(value)))
        case .bytes: return .success(.bytes(heap.textArray(value)))
        case .address: return address(value).map(ContractValue.address)
        case .function, .closure:
            // Functions and closures name code of this module and values of this call's heap:
            // they never cross the contract boundary (results, state, events, call arguments).
            let function = value.tag == .function ? value.index : Int(heap.records[value.index].classIndex)
            return .failure(.typeMismatch("function '\(functionName(function))' cannot leave the contract"))
        case .array, .object:
            let record = heap.records[value.index]
            var elements: [ContractValue] = []
            elements.reserveCapacity(Int(record.count))
            for index in 0..<Int(record.count) {
                switch export(record.elements[index], depth: depth + 1) {
                case .success(let element): elements.append(element)
                case .failure(let trap): return .failure(trap)
                }
            }
            if value.tag == .array { return .success(.array(elements)) }
            return .success(.object(classIndex: UInt16(truncatingIfNeeded: record.classIndex), fields: elements))
        case .map:
            let storage = heap.maps[value.index]
            var entries: [ContractValue.MapEntry] = []
            for (index, key) in storage.keys.enumerated() where key.tag != .null {
                switch (export(key, depth: depth + 1), export(storage.values[index], depth: depth + 1)) {
                case (.success(let k), .success(let v)): entries.append(ContractValue.MapEntry(key: k, value: v))
                case (.failure(let trap), _), (_, .failure(let trap)): return .failure(trap)
                }
            }
            return .success(.map(entries))
        }
    }

    /// The address an `address` register holds. The heap keeps an address as its canonical bech32
    /// text (so `toStr` and `+` print it and `==` compares it as bytes); every address enters the
    /// heap from an ``Address``, so the parse only fails on a corrupted heap.
    func address(_ value: Value) -> Result<Address, TrapReason> {
        guard value.tag == .address, let address = try? Address.parse(heap.string(value)) else {
            return .failure(.typeMismatch("not an address"))
        }
        return .success(address)
    }

    /// Builds a heap value from an outside value, charging its allocations.
    mutating func importValue(_ value: ContractValue) -> Result<Value, TrapReason> {
        switch value {
        case .null: return .success(.null)
        case .boolean(let flag): return .success(.bool(flag))
        case .number(let number): return makeNumber(number)
        case .string(let text): return newString(Array(text.utf8))
        case .bytes(let data):
            if let trap = allocate(MemoryCost.text(data.count)) { return .failure(trap) }
            return .success(heap.newText(.bytes, data))
        case .address(let address):
            let bytes = Array(address.text.utf8)
            if let trap = allocate(MemoryCost.text(bytes.count)) { return .failure(trap) }
            return .success(heap.newText(.address, bytes))
        case .function(let index):
            return .failure(.typeMismatch("function #\(index) cannot enter the contract"))
        case .reference(let key):
            return importReference(key)
        case .array(let elements):
            return importRecord(elements, classIndex: -1)
        case .object(let classIndex, let fields):
            guard Int(classIndex) < program.classFieldCounts.count, program.classFieldCounts[Int(classIndex)] == fields.count
            else { return .failure(.typeMismatch("object does not match class \(classIndex)")) }
            return importRecord(fields, classIndex: Int32(classIndex))
        case .map(let entries):
            if let trap = allocate(MemoryCost.map) { return .failure(trap) }
            let map = heap.newMap()
            for entry in entries {
                let key: Value
                let element: Value
                switch importValue(entry.key) {
                case .success(let value): key = value
                case .failure(let trap): return .failure(trap)
                }
                guard Heap.isKeyKind(key.tag) else { return .failure(.typeMismatch("map key of kind \(key.tag)")) }
                switch importValue(entry.value) {
                case .success(let value): element = value
                case .failure(let trap): return .failure(trap)
                }
                if let trap = allocate(MemoryCost.mapEntry) { return .failure(trap) }
                _ = heap.mapSet(map.index, key, element)
            }
            return .success(map)
        }
    }

    private mutating func importRecord(_ elements: [ContractValue], classIndex: Int32) -> Result<Value, TrapReason> {
        if let trap = allocate(MemoryCost.record(max(elements.count, 1))) { return .failure(trap) }
        let record = heap.newRecord(capacity: elements.count, count: elements.count, classIndex: classIndex)
        for (index, element) in elements.enumerated() {
            switch importValue(element) {
            case .success(let value): heap.records[record.index].elements[index] = value
            case .failure(let trap): return .failure(trap)
            }
        }
        return .success(record)
    }
}
