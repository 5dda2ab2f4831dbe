import CMTVM

/// The canonical byte encoding of a ``ProcessInstance`` (contract state): magic `CMTP`, version 1,
/// then every field in a fixed order; counts and indexes as unsigned LEB128, 64-bit integers as 8
/// little-endian bytes, strings as a count and UTF-8, variable values with ``ValueCodec``. Nodes are
/// stored by fully qualified name, so the bytes do not depend on node numbering. The same instance
/// always gives the same bytes (docs/processes.md).
extension ProcessInstance {
    static let magic: [UInt8] = Array("CMTP".utf8) + [2]
    /// How deep stored sub-process instances may nest (``Execution/maxNesting`` and the top one).
    static let maxStoredNesting = 9

    /// The canonical bytes of the instance; `process` names the nodes.
    public func serialized(process: CompiledProcess, library: [String: CompiledProcess] = [:]) -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes += ProcessInstance.magic
        encode(into: &writer, process: process, library: library)
        return writer.bytes
    }

    func encode(into writer: inout ByteWriter, process: CompiledProcess, library: [String: CompiledProcess]) {
        let definition = process.definition
        writer.int64(id)
        writer.uleb(ended ? 1 : 0)
        writer.int64(nextTaskID)
        writer.int64(nextTimerID)
        writer.uleb(tokens.count)
        for token in tokens {
            writer.string(token.name)
            writer.uleb(token.parent.map { $0 + 1 } ?? 0)
            writer.string(definition.nodes[token.node].fullName)
            writer.uleb(token.ended ? 1 : 0)
        }
        writer.uleb(variables.count)
        for variable in variables {
            writer.string(variable.name)
            writer.blob(ValueCodec.encode(variable.value))
        }
        writer.uleb(tasks.count)
        for task in tasks {
            writer.int64(task.id)
            writer.string(task.name)
            writer.string(definition.nodes[task.node].fullName)
            writer.uleb(task.task)
            writer.uleb(task.token)
            writer.blob(ValueCodec.encode(task.actor ?? .null))
            writer.uleb((task.signalling ? 1 : 0) | (task.blocking ? 2 : 0) | (task.actor == nil ? 0 : 4) | (task.started ? 8 : 0))
        }
        writer.uleb(swimlanes.count)
        for swimlane in swimlanes {
            writer.string(swimlane.name)
            writer.blob(ValueCodec.encode(swimlane.actor ?? .null))
            writer.uleb(swimlane.actor == nil ? 0 : 1)
        }
        writer.uleb(timers.count)
        for timer in timers {
            writer.int64(timer.id)
            writer.uleb(timer.token)
            writer.string(definition.nodes[timer.node].fullName)
            writer.uleb(timer.timer)
            writer.int64(timer.due)
            writer.int64(timer.task ?? 0)
        }
        writer.uleb(subProcesses.count)
        for link in subProcesses {
            writer.uleb(link.token)
            writer.string(definition.nodes[link.node].fullName)
            writer.string(link.definition)
            if let sub = process.subProcess(at: link.node, key: link.definition, library: library) {
                link.instance.encode(into: &writer, process: sub, library: library)
            }
        }
    }

    /// Restores an instance from ``serialized(process:library:)`` bytes, checking every index and name.
    /// - Throws: ``ProcessError`` with code `malformed` for bytes this process did not produce.
    public init(serialized bytes: [UInt8], process: CompiledProcess, library: [String: CompiledProcess] = [:]) throws(ProcessError) {
        var reader = ByteReader(bytes: bytes)
        let name = ProcessInstance.magic.prefix(4)
        guard bytes.count >= ProcessInstance.magic.count, bytes.prefix(4).elementsEqual(name) else {
            throw ProcessError(.malformed, "not a serialized process instance (bad magic)")
        }
        guard bytes[4] == ProcessInstance.magic[4] else {
            throw ProcessError(.unsupportedVersion, "process instance format version \(bytes[4]) is not supported (this code reads version \(ProcessInstance.magic[4]))")
        }
        reader.offset = ProcessInstance.magic.count
        self = try ProcessInstance.decode(&reader, process: process, library: library, nesting: 0)
        guard reader.offset == bytes.count else { throw ProcessError(.malformed, "trailing bytes after the process instance") }
    }

    static func decode(_ reader: inout ByteReader, process: CompiledProcess, library: [String: CompiledProcess], nesting: Int)
        throws(ProcessError) -> ProcessInstance
    {
        guard nesting < maxStoredNesting else { throw ProcessError(.malformed, "sub-processes nested too deep") }
        let definition = process.definition
        func node(_ name: String) throws(ProcessError) -> Int {
            guard let index = definition.node(named: name) else { throw ProcessError(.malformed, "unknown node '\(name)' in instance") }
            return index
        }
        func optionalValue(_ blob: [UInt8], present: Bool) throws(ProcessError) -> ContractValue? {
            guard let value = ValueCodec.decode(blob) else { throw ProcessError(.malformed, "bad actor value") }
            return present ? value : nil
        }
        var instance = ProcessInstance(id: try reader.int64(), startNode: definition.startNode)
        instance.ended = try reader.uleb() == 1
        instance.nextTaskID = try reader.int64()
        instance.nextTimerID = try reader.int64()
        let tokenCount = try reader.count()
        guard tokenCount >= 1 else { throw ProcessError(.malformed, "an instance has a root token") }
        instance.tokens = []
        for index in 0..<tokenCount {
            let name = try reader.string()
            let parentCode = try reader.uleb()
            let parent: Int? = parentCode == 0 ? nil : parentCode - 1
            guard (index == 0) == (parent == nil), parent.map({ $0 < index }) ?? true else {
                throw ProcessError(.malformed, "bad token parent")
            }
            let path = parent.map { instance.tokens[$0].path == "/" ? "/" + name : instance.tokens[$0].path + "/" + name } ?? "/"
            let nodeIndex = try node(try reader.string())
            let ended = try reader.uleb() == 1
            instance.tokens.append(Token(name: name, path: path, parent: parent, children: [], node: nodeIndex, ended: ended))
            if let parent { instance.tokens[parent].children.append(index) }
        }
        for _ in 0..<(try reader.count()) {
            let name = try reader.string()
            guard let value = ValueCodec.decode(try reader.blob()) else { throw ProcessError(.malformed, "bad variable value") }
            instance.variables.append(Variable(name: name, value: value))
        }
        for _ in 0..<(try reader.count()) {
            let id = try reader.int64()
            let name = try reader.string()
            let nodeIndex = try node(try reader.string())
            let taskIndex = try reader.uleb()
            let token = try reader.uleb()
            let actorBytes = try reader.blob()
            let flags = try reader.uleb()
            guard token < tokenCount, taskIndex < definition.nodes[nodeIndex].tasks.count,
                definition.nodes[nodeIndex].tasks[taskIndex].name == name, flags < 16
            else { throw ProcessError(.malformed, "bad task") }
            instance.tasks.append(TaskInstance(
                id: id, name: name, node: nodeIndex, task: taskIndex, token: token, actor: try optionalValue(actorBytes, present: flags & 4 != 0),
                signalling: flags & 1 != 0, blocking: flags & 2 != 0, started: flags & 8 != 0))
        }
        for _ in 0..<(try reader.count()) {
            let name = try reader.string()
            let actorBytes = try reader.blob()
            let present = try reader.uleb()
            guard definition.swimlane(named: name) != nil, present < 2 else { throw ProcessError(.malformed, "bad swimlane") }
            instance.swimlanes.append(SwimlaneInstance(name: name, actor: try optionalValue(actorBytes, present: present == 1)))
        }
        for _ in 0..<(try reader.count()) {
            let id = try reader.int64()
            let token = try reader.uleb()
            let nodeIndex = try node(try reader.string())
            let timer = try reader.uleb()
            let due = try reader.int64()
            let taskID = try reader.int64()
            let task = taskID == 0 ? nil : instance.tasks.first { $0.id == taskID }
            let limit = task.map { definition.nodes[$0.node].tasks[$0.task].timers.count } ?? definition.nodes[nodeIndex].timers.count
            guard token < tokenCount, timer < limit, taskID == 0 || task != nil else { throw ProcessError(.malformed, "bad timer") }
            instance.timers.append(TimerInstance(id: id, token: token, node: nodeIndex, timer: timer, due: due, task: taskID == 0 ? nil : taskID))
        }
        for _ in 0..<(try reader.count()) {
            let token = try reader.uleb()
            let nodeIndex = try node(try reader.string())
            let key = try reader.string()
            guard token < tokenCount, definition.nodes[nodeIndex].kind == .processState,
                let sub = process.subProcess(at: nodeIndex, key: key, library: library)
            else { throw ProcessError(.malformed, "bad sub-process") }
            let child = try decode(&reader, process: sub, library: library, nesting: nesting + 1)
            instance.subProcesses.append(SubProcess(token: token, node: nodeIndex, definition: key, instance: child))
        }
        return instance
    }
}

/// Appends the primitive encodings of the instance format.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func uleb(_ value: Int) {
        var rest = UInt64(max(0, value))
        repeat {
            let byte = UInt8(rest & 0x7F)
            rest >>= 7
            bytes.append(rest == 0 ? byte : byte | 0x80)
        } while rest != 0
    }

    mutating func int64(_ value: Int64) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    mutating func blob(_ data: [UInt8]) {
        uleb(data.count)
        bytes += data
    }

    mutating func string(_ text: String) { blob(Array(text.utf8)) }
}

/// Reads what ``ByteWriter`` wrote; every read is bounds-checked.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func uleb() throws(ProcessError) -> Int {
        var value = 0
        var shift = 0
        while offset < bytes.count, shift < 56 {
            let byte = bytes[offset]
            offset += 1
            value |= Int(byte & 0x7F) << shift
            shift += 7
            if byte & 0x80 == 0 { return value }
        }
        throw ProcessError(.malformed, "truncated or oversized number in instance")
    }

    /// A count that cannot exceed the bytes left (each item takes at least one byte).
    mutating func count() throws(ProcessError) -> Int {
        let value = try uleb()
        guard value <= bytes.count - offset else { throw ProcessError(.malformed, "count larger than the instance") }
        return value
    }

    mutating func int64() throws(ProcessError) -> Int64 {
        guard bytes.count - offset >= 8 else { throw ProcessError(.malformed, "truncated instance") }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
        offset += 8
        return Int64(bitPattern: bits)
    }

    mutating func blob() throws(ProcessError) -> [UInt8] {
        let length = try count()
        let data = Array(bytes[offset..<(offset + length)])
        offset += length
        return data
    }

    mutating func string() throws(ProcessError) -> String {
        guard let text = String(validating: try blob(), as: UTF8.self) else { throw ProcessError(.malformed, "bad UTF-8 in instance") }
        return text
    }
}
