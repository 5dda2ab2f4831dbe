import CMTBytecode

/// Gas of table commands, read from ``GasSchedule/current`` (docs/gas.md, section 6).
enum TableGas {
    /// Reading one record or one key's presence (+1 per byte of the key and of the record read).
    static var read: Int64 { GasSchedule.current.tableRead }
    /// Writing or deleting one record or index entry (+1 per byte of the key and of what is written).
    static var write: Int64 { GasSchedule.current.tableWrite }
    /// Starting an ordered walk (`range`, `keys`, `find`).
    static var scan: Int64 { GasSchedule.current.tableScan }
    /// Each key an ordered walk looks at (+1 per byte of that key).
    static var step: Int64 { GasSchedule.current.tableStep }
    /// Updating the record count when a record is added or removed.
    static var counter: Int64 { GasSchedule.current.tableCounter }
}

// The `table` host operation: records of a contract's `db` tables, stored in the contract's own
// storage under table-prefixed keys (``TableDescriptor``), so the host journals them with every
// other storage write and a reverted call undoes them. Records are copies: `get` builds a new
// object, and changing it changes nothing stored until `put`.
extension Execution {
    /// `host r, table, 5`: operation, descriptor, then the operation's arguments.
    mutating func tableCommand(_ arguments: UnsafeMutablePointer<Value>) -> Result<Value, TrapReason> {
        guard arguments[0].tag == .int, let operation = TableOperation(rawValue: arguments[0].intValue) else {
            return .failure(.typeMismatch("unknown table operation"))
        }
        guard arguments[1].tag == .string, let table = TableDescriptor(heap.string(arguments[1])),
            Int(table.classIndex) < program.classFieldCounts.count
        else { return .failure(.typeMismatch("malformed table descriptor")) }
        switch operation {
        case .count:
            if let trap = charge(TableGas.read) { return .failure(trap) }
            return .success(.int(Int64(recordCount(table))))
        case .find:
            return tableFind(table, field: arguments[2], value: arguments[3])
        case .range, .keys:
            return tableRange(table, from: arguments[2], to: arguments[3], limit: arguments[4], values: operation == .range)
        case .get, .has, .put, .delete:
            guard arguments[2].tag == .string else { return .failure(.typeMismatch("a table key must be a string")) }
            let key = heap.textArray(arguments[2])
            switch operation {
            case .get: return tableGet(table, key)
            case .has:
                if let trap = charge(TableGas.read + Int64(key.count)) { return .failure(trap) }
                return .success(.bool(host.storageGet(contract: context.contract, key: table.recordPrefix + key) != nil))
            case .put: return tablePut(table, key, arguments[3])
            default: return tableDelete(table, key)
            }
        }
    }

    private mutating func tableGet(_ table: TableDescriptor, _ key: [UInt8]) -> Result<Value, TrapReason> {
        let stored = host.storageGet(contract: context.contract, key: table.recordPrefix + key)
        if let trap = charge(TableGas.read + Int64(key.count + (stored?.count ?? 0))) { return .failure(trap) }
        guard let stored else { return .success(.null) }
        switch decodeRecord(stored, table) {
        case .success(let record): return importValue(record)
        case .failure(let trap): return .failure(trap)
        }
    }

    private mutating func tablePut(_ table: TableDescriptor, _ key: [UInt8], _ object: Value) -> Result<Value, TrapReason> {
        guard object.tag == .object, heap.records[object.index].classIndex == Int32(table.classIndex) else {
            return .failure(.typeMismatch("table '\(table.name)' stores objects of class #\(table.classIndex)"))
        }
        let record: ContractValue
        switch export(object) {
        case .success(let value): record = value
        case .failure(let trap): return .failure(trap)
        }
        let encoded = ValueCodec.encode(record)
        let recordKey = table.recordPrefix + key
        let stored = host.storageGet(contract: context.contract, key: recordKey)
        if let trap = charge(TableGas.read + Int64(key.count + (stored?.count ?? 0))) { return .failure(trap) }
        var old: ContractValue?
        if let stored {
            switch decodeRecord(stored, table) {
            case .success(let value): old = value
            case .failure(let trap): return .failure(trap)
            }
        }
        if let trap = chargeHeld(TableGas.write, bytes: key.count + encoded.count) { return .failure(trap) }
        for field in table.indexes {
            let new: [UInt8]
            let previous: [UInt8]?
            switch (indexedValue(record, field, table), old.map { indexedValue($0, field, table) }) {
            case (.success(let value), nil):
                new = value
                previous = nil
            case (.success(let value), .success(let before)?):
                new = value
                previous = before
            case (.failure(let trap), _), (_, .failure(let trap)?):
                return .failure(trap)
            }
            if previous == new { continue }
            if let previous {
                if let trap = chargeHeld(TableGas.write, bytes: key.count + previous.count) { return .failure(trap) }
                host.storageSet(contract: context.contract, key: table.indexPrefix(field, previous) + key, value: nil)
            }
            if let trap = chargeHeld(TableGas.write, bytes: key.count + new.count) { return .failure(trap) }
            host.storageSet(contract: context.contract, key: table.indexPrefix(field, new) + key, value: [1])
        }
        host.storageSet(contract: context.contract, key: recordKey, value: encoded)
        if stored == nil, let trap = adjustCount(table, by: 1) { return .failure(trap) }
        return .success(.null)
    }

    private mutating func tableDelete(_ table: TableDescriptor, _ key: [UInt8]) -> Result<Value, TrapReason> {
        let recordKey = table.recordPrefix + key
        let stored = host.storageGet(contract: context.contract, key: recordKey)
        if let trap = charge(TableGas.read + Int64(key.count + (stored?.count ?? 0))) { return .failure(trap) }
        guard let stored else { return .success(.false) }
        let old: ContractValue
        switch decodeRecord(stored, table) {
        case .success(let value): old = value
        case .failure(let trap): return .failure(trap)
        }
        if let trap = chargeHeld(TableGas.write, bytes: key.count) { return .failure(trap) }
        host.storageSet(contract: context.contract, key: recordKey, value: nil)
        for field in table.indexes {
            switch indexedValue(old, field, table) {
            case .success(let value):
                if let trap = chargeHeld(TableGas.write, bytes: key.count + value.count) { return .failure(trap) }
                host.storageSet(contract: context.contract, key: table.indexPrefix(field, value) + key, value: nil)
            case .failure(let trap): return .failure(trap)
            }
        }
        if let trap = adjustCount(table, by: -1) { return .failure(trap) }
        return .success(.true)
    }

    /// `range` and `keys`: records with from <= key < to in byte order ("" as `to`: no bound), at
    /// most `limit` (null: no limit) of them.
    private mutating func tableRange(_ table: TableDescriptor, from: Value, to: Value, limit: Value, values: Bool)
        -> Result<Value, TrapReason>
    {
        guard from.tag == .string, to.tag == .string else { return .failure(.typeMismatch("range bounds must be strings")) }
        var remaining = Int64.max
        switch limit.tag {
        case .null: break
        case .int where limit.intValue >= 0: remaining = limit.intValue
        default: return .failure(.invalidArgument("a table's limit must be a whole number, 0 or more"))
        }
        let prefix = table.recordPrefix
        let upper = heap.textArray(to)
        let end: [UInt8]? = upper.isEmpty ? nil : prefix + upper
        var cursor = prefix + heap.textArray(from)
        if let trap = charge(TableGas.scan) { return .failure(trap) }
        var results: [ContractValue] = []
        while remaining > 0, let next = host.storageNext(contract: context.contract, from: cursor, prefix: prefix) {
            let (key, stored) = next
            if let trap = charge(TableGas.step + Int64(key.count - prefix.count)) { return .failure(trap) }
            if let end, !key.lexicographicallyPrecedes(end) { break }
            if values {
                if let trap = charge(Int64(stored.count)) { return .failure(trap) }
                switch decodeRecord(stored, table) {
                case .success(let record): results.append(record)
                case .failure(let trap): return .failure(trap)
                }
            } else {
                results.append(.string(String(decoding: key[prefix.count...], as: UTF8.self)))
            }
            remaining -= 1
            cursor = key + [0]
        }
        return importValue(.array(results))
    }

    /// `find`: the records whose indexed `field` equals `value`, in key order.
    private mutating func tableFind(_ table: TableDescriptor, field: Value, value: Value) -> Result<Value, TrapReason> {
        guard field.tag == .string else { return .failure(.typeMismatch("an index name must be a string")) }
        let name = heap.string(field)
        guard table.indexes.contains(name) else {
            return .failure(.invalidArgument("'\(name)' is not an index of table '\(table.name)'"))
        }
        let wanted: ContractValue
        switch export(value) {
        case .success(let exported): wanted = exported
        case .failure(let trap): return .failure(trap)
        }
        let prefix = table.indexPrefix(name, ValueCodec.encode(wanted))
        if let trap = charge(TableGas.scan) { return .failure(trap) }
        var results: [ContractValue] = []
        var cursor: [UInt8]?
        while let next = host.storageNext(contract: context.contract, from: cursor, prefix: prefix) {
            let entry = next.key
            let key = Array(entry[prefix.count...])
            if let trap = charge(TableGas.step + Int64(key.count)) { return .failure(trap) }
            let stored = host.storageGet(contract: context.contract, key: table.recordPrefix + key)
            if let trap = charge(TableGas.read + Int64(key.count + (stored?.count ?? 0))) { return .failure(trap) }
            guard let stored else { return .failure(.hostFailure("table '\(table.name)': index entry without a record")) }
            switch decodeRecord(stored, table) {
            case .success(let record): results.append(record)
            case .failure(let trap): return .failure(trap)
            }
            cursor = entry + [0]
        }
        return importValue(.array(results))
    }

    /// A stored record, checked to be an object of the table's class.
    private func decodeRecord(_ stored: [UInt8], _ table: TableDescriptor) -> Result<ContractValue, TrapReason> {
        guard let value = ValueCodec.decode(stored), case .object(let classIndex, _) = value, classIndex == table.classIndex else {
            return .failure(.hostFailure("table '\(table.name)': corrupt record"))
        }
        return .success(value)
    }

    /// The encoding of a record's indexed field.
    private func indexedValue(_ record: ContractValue, _ field: String, _ table: TableDescriptor) -> Result<[UInt8], TrapReason> {
        let names = program.module.module.classes[Int(table.classIndex)].fields
        guard case .object(_, let fields) = record, let slot = names.firstIndex(of: field), slot < fields.count else {
            return .failure(.typeMismatch("table '\(table.name)': records have no field '\(field)'"))
        }
        return .success(ValueCodec.encode(fields[slot]))
    }

    /// The number of records, kept under the table's count key (8 bytes, little-endian).
    private func recordCount(_ table: TableDescriptor) -> UInt64 {
        guard let stored = host.storageGet(contract: context.contract, key: table.countKey), stored.count == 8 else { return 0 }
        return stored.enumerated().reduce(0) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
    }

    private mutating func adjustCount(_ table: TableDescriptor, by delta: Int) -> TrapReason? {
        if let trap = charge(TableGas.counter) { return trap }
        let current = recordCount(table)
        let next = delta < 0 ? current - min(current, 1) : current + 1
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: next >> UInt64(8 * $0)) }
        host.storageSet(contract: context.contract, key: table.countKey, value: next == 0 ? nil : bytes)
        return nil
    }
}
