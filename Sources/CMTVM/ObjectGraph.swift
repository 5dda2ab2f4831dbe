import CMTBytecode

/// Objects with identity crossing the VM boundary: a rules session's facts and the objects they
/// share. Each entry is an `.object` whose nested objects are ``ContractValue/reference(_:)``
/// keys of the graph, so one object referenced from two places is one object on both sides.
///
/// Keys are chosen by whoever builds the graph; a graph the VM exports names the objects it
/// imported by the keys they came with and every other object of the call by `-(record + 1)`
/// (its heap record, which is only meaningful within that execution).
public struct ObjectGraph: Hashable, Sendable {
    public var objects: [Int: ContractValue]

    public init(_ objects: [Int: ContractValue] = [:]) { self.objects = objects }

    public var isEmpty: Bool { objects.isEmpty }
}

extension Execution {
    /// The key an exported object is named by (``ObjectGraph``).
    func graphKey(_ record: Int) -> Int { recordKeys[record] ?? -(record + 1) }

    /// Copies a heap value out keeping object identity: every object reached is a reference, its
    /// contents in `graph` (added once, however often it is reached; cycles are fine). The work is
    /// bounded by the records of the call's heap.
    func exportIdentified(_ value: Value, into graph: inout ObjectGraph) -> Result<ContractValue, TrapReason> {
        var pending: [Int] = []
        let top = exportLinked(value, depth: 0, graph: &graph, pending: &pending)
        guard case .success = top else { return top }
        while let record = pending.popLast() {
            let info = heap.records[record]
            var fields: [ContractValue] = []
            fields.reserveCapacity(Int(info.count))
            for index in 0..<Int(info.count) {
                switch exportLinked(info.elements[index], depth: 1, graph: &graph, pending: &pending) {
                case .success(let field): fields.append(field)
                case .failure(let trap): return .failure(trap)
                }
            }
            graph.objects[graphKey(record)] = .object(classIndex: UInt16(truncatingIfNeeded: info.classIndex), fields: fields)
        }
        return top
    }

    private func exportLinked(_ value: Value, depth: Int, graph: inout ObjectGraph, pending: inout [Int]) -> Result<ContractValue, TrapReason> {
        switch value.tag {
        case .object:
            let key = graphKey(value.index)
            if graph.objects[key] == nil {
                graph.objects[key] = .null
                pending.append(value.index)
            }
            return .success(.reference(key))
        case .array:
            guard depth < Execution.maxExportDepth else {
                return .failure(.typeMismatch("value nested deeper than \(Execution.maxExportDepth) levels (a cycle?)"))
            }
            let record = heap.records[value.index]
            var elements: [ContractValue] = []
            for index in 0..<Int(record.count) {
                switch exportLinked(record.elements[index], depth: depth + 1, graph: &graph, pending: &pending) {
                case .success(let element): elements.append(element)
                case .failure(let trap): return .failure(trap)
                }
            }
            return .success(.array(elements))
        case .map:
            guard depth < Execution.maxExportDepth else {
                return .failure(.typeMismatch("value nested deeper than \(Execution.maxExportDepth) levels (a cycle?)"))
            }
            let storage = heap.maps[value.index]
            var entries: [ContractValue.MapEntry] = []
            for (index, key) in storage.keys.enumerated() where key.tag != .null {
                switch (export(key), exportLinked(storage.values[index], depth: depth + 1, graph: &graph, pending: &pending)) {
                case (.success(let k), .success(let v)): entries.append(ContractValue.MapEntry(key: k, value: v))
                case (.failure(let trap), _), (_, .failure(let trap)): return .failure(trap)
                }
            }
            return .success(.map(entries))
        default:
            return export(value)
        }
    }

    /// The object a reference names: an object of the graph the call was given (made once, then
    /// the same record wherever it is referenced), or, for a negative key, the call's own record
    /// `-(key + 1)`.
    mutating func importReference(_ key: Int) -> Result<Value, TrapReason> {
        if key < 0 {
            let index = -(key + 1)
            guard index < heap.records.count, heap.records[index].classIndex >= 0,
                  Int(heap.records[index].classIndex) < program.classFieldCounts.count else {
                return .failure(.typeMismatch("reference to an unknown object"))
            }
            return .success(Value(tag: .object, bits: UInt64(index)))
        }
        if let value = graphRecords[key] { return .success(value) }
        guard case .object(let classIndex, let fields)? = graph.objects[key], Int(classIndex) < program.classFieldCounts.count,
              program.classFieldCounts[Int(classIndex)] == fields.count else {
            return .failure(.typeMismatch("reference to an unknown object"))
        }
        if let trap = allocate(MemoryCost.record(max(fields.count, 1))) { return .failure(trap) }
        let record = heap.newRecord(capacity: fields.count, count: fields.count, classIndex: Int32(classIndex))
        // Known before its fields are read: an object may refer back to itself.
        graphRecords[key] = record
        recordKeys[record.index] = key
        // Fields are filled by a worklist, not by recursion: a long chain of objects is fine.
        pendingGraphFills.append(key)
        guard !fillingGraph else { return .success(record) }
        fillingGraph = true
        defer { fillingGraph = false }
        while let next = pendingGraphFills.popLast() {
            guard let target = graphRecords[next], case .object(_, let values)? = graph.objects[next] else { continue }
            for (index, field) in values.enumerated() {
                switch importValue(field) {
                case .success(let value): heap.records[target.index].elements[index] = value
                case .failure(let trap):
                    pendingGraphFills = []
                    return .failure(trap)
                }
            }
        }
        return .success(record)
    }

    /// At the end of a call given a graph: adds every object it was given that `graph` lacks, with
    /// its contents now (and the objects they refer to, new ones by record), in key order.
    func finalGraph(into graph: inout ObjectGraph) -> Result<Void, TrapReason> {
        for key in graphRecords.keys.sorted() where graph.objects[key] == nil {
            guard let value = graphRecords[key] else { continue }
            if case .failure(let trap) = exportIdentified(value, into: &graph) { return .failure(trap) }
        }
        return .success(())
    }
}
