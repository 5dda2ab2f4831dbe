/// Reads the module format, bounds-checking every read; errors carry the byte offset.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    func error(_ code: BytecodeError.Code, _ message: String) -> BytecodeError {
        BytecodeError(code, message, offset: offset)
    }

    mutating func u8() throws(BytecodeError) -> UInt8 {
        guard offset < bytes.count else { throw error(.truncated, "unexpected end of module") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func fixed(_ count: Int) throws(BytecodeError) -> UInt64 {
        guard remaining >= count else { throw error(.truncated, "unexpected end of module") }
        var value: UInt64 = 0
        for index in 0..<count { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += count
        return value
    }

    mutating func u16() throws(BytecodeError) -> UInt16 { UInt16(truncatingIfNeeded: try fixed(2)) }
    mutating func u32() throws(BytecodeError) -> UInt32 { UInt32(truncatingIfNeeded: try fixed(4)) }
    mutating func u64() throws(BytecodeError) -> UInt64 { try fixed(8) }

    /// An unsigned LEB128 count no larger than `limit`.
    mutating func count(limit: Int, _ what: String) throws(BytecodeError) -> Int {
        let start = offset
        var value = 0
        var shift = 0
        while true {
            let byte = try u8()
            guard shift < 35 else { throw BytecodeError(.malformed, "overlong \(what) count", offset: start) }
            value |= Int(byte & 0x7F) << shift
            shift += 7
            if byte & 0x80 == 0 { break }
        }
        guard value <= limit else {
            throw BytecodeError(.limitExceeded, "\(what) count \(value) exceeds \(limit)", offset: start)
        }
        return value
    }

    mutating func blob(_ what: String) throws(BytecodeError) -> [UInt8] {
        let length = try count(limit: ModuleLimits.maxStringBytes, what)
        guard remaining >= length else { throw error(.truncated, "\(what) runs past the end") }
        defer { offset += length }
        return Array(bytes[offset..<(offset + length)])
    }

    mutating func string(_ what: String) throws(BytecodeError) -> String {
        let start = offset
        let data = try blob(what)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw BytecodeError(.malformed, "\(what) is not valid UTF-8", offset: start)
        }
        return text
    }

    mutating func type(depth: Int = 1) throws(BytecodeError) -> TypeDescriptor {
        guard depth <= ModuleLimits.maxTypeDepth else { throw error(.limitExceeded, "type nested too deeply") }
        let start = offset
        switch try u8() {
        case 0: return .void
        case 1: return .number
        case 2: return .boolean
        case 3: return .string
        case 4: return .bytes
        case 5: return .address
        case 6: return .any
        case 7: return .array(try type(depth: depth + 1))
        case 8:
            let key = try type(depth: depth + 1)
            return .map(key: key, value: try type(depth: depth + 1))
        case 9: return .optional(try type(depth: depth + 1))
        case 10: return .object(classIndex: try u16())
        case 11: return .function
        case let tag: throw BytecodeError(.malformed, "unknown type tag \(tag)", offset: start)
        }
    }
}

/// Where each function's code starts in the serialized bytes, so verifier errors can name a byte.
public struct ModuleLayout: Hashable, Sendable {
    public var codeOffsets: [Int]
}

extension Module {
    /// Decodes serialized bytes (no verification beyond the format itself).
    /// - Throws: ``BytecodeError`` with the byte offset of the first problem.
    public init(decoding bytes: [UInt8]) throws(BytecodeError) {
        self = try Module.decode(bytes).module
    }

    /// Decodes serialized bytes and reports where each function's code lies.
    public static func decode(_ bytes: [UInt8]) throws(BytecodeError) -> (module: Module, layout: ModuleLayout) {
        guard bytes.count <= ModuleLimits.maxModuleBytes else {
            throw BytecodeError(.limitExceeded, "module is larger than \(ModuleLimits.maxModuleBytes) bytes", offset: 0)
        }
        var reader = ByteReader(bytes)
        guard bytes.count >= 8 else { throw BytecodeError(.truncated, "module shorter than its header", offset: 0) }
        guard Array(bytes[0..<4]) == Module.magic else { throw BytecodeError(.badMagic, "not a CMT module", offset: 0) }
        reader.offset = 4
        let version = try reader.u16()
        guard version == Module.currentVersion else {
            throw BytecodeError(.unsupportedVersion, "module version \(version), expected \(Module.currentVersion)", offset: 4)
        }
        guard try reader.u16() == 0 else { throw BytecodeError(.malformed, "reserved header flags set", offset: 6) }
        var module = Module()
        let constantCount = try reader.count(limit: ModuleLimits.maxConstants, "constant")
        for _ in 0..<constantCount {
            let start = reader.offset
            switch try reader.u8() {
            case 0:
                let low = try reader.u64()
                let high = try reader.u64()
                guard let value = Decimal18(scaled: Int128(bitPattern: UInt128(high) << 64 | UInt128(low))) else {
                    throw BytecodeError(.malformed, "number constant out of range", offset: start)
                }
                module.constants.append(.number(value))
            case 1: module.constants.append(.string(try reader.string("string constant")))
            case 2: module.constants.append(.bytes(try reader.blob("bytes constant")))
            case 3:
                guard reader.remaining >= Address.size else { throw reader.error(.truncated, "address constant runs past the end") }
                let bytes = reader.bytes[reader.offset..<(reader.offset + Address.size)]
                reader.offset += Address.size
                guard let address = Address(bytes: bytes) else { throw BytecodeError(.malformed, "bad address constant", offset: start) }
                module.constants.append(.address(address))
            case let tag: throw BytecodeError(.malformed, "unknown constant tag \(tag)", offset: start)
            }
        }
        var layout = ModuleLayout(codeOffsets: [])
        let functionCount = try reader.count(limit: ModuleLimits.maxFunctions, "function")
        for _ in 0..<functionCount {
            let name = try reader.string("function name")
            let parameters = try reader.u16()
            let captures = try reader.u16()
            let registers = try reader.u16()
            let codeCount = try reader.count(limit: ModuleLimits.maxInstructionsPerFunction, "instruction")
            guard reader.remaining >= codeCount * 8 else { throw reader.error(.truncated, "code runs past the end") }
            layout.codeOffsets.append(reader.offset)
            var code: [UInt64] = []
            code.reserveCapacity(codeCount)
            for _ in 0..<codeCount { code.append(try reader.u64()) }
            module.functions.append(
                Function(name: name, parameterCount: parameters, captureCount: captures, registerCount: registers, code: code))
        }
        let classCount = try reader.count(limit: ModuleLimits.maxClasses, "class")
        for _ in 0..<classCount {
            let name = try reader.string("class name")
            let fieldCount = try reader.count(limit: ModuleLimits.maxFieldsPerClass, "field")
            var fields: [String] = []
            for _ in 0..<fieldCount { fields.append(try reader.string("field name")) }
            let base = try reader.count(limit: ModuleLimits.maxClasses, "base class")
            module.classes.append(ClassInfo(name: name, fields: fields, superclass: base == 0 ? nil : UInt16(base - 1)))
        }
        let entryCount = try reader.count(limit: ModuleLimits.maxEntryPoints, "entry point")
        for _ in 0..<entryCount {
            let name = try reader.string("entry point name")
            let function = FunctionIndex(try reader.u16())
            let parameterCount = try reader.count(limit: ModuleLimits.maxParameters, "parameter")
            var parameters: [Parameter] = []
            for _ in 0..<parameterCount {
                let parameterName = try reader.string("parameter name")
                parameters.append(Parameter(name: parameterName, type: try reader.type()))
            }
            let returnType = try reader.type()
            let flagsAt = reader.offset
            let flags = try reader.u8()
            guard flags <= 1 else { throw BytecodeError(.malformed, "entry point flags \(flags) (only bit 0, reentrant, is defined)", offset: flagsAt) }
            module.entryPoints.append(
                EntryPoint(name: name, function: function, parameters: parameters, returnType: returnType, isReentrant: flags == 1))
        }
        let stateCount = try reader.count(limit: ModuleLimits.maxConstants, "state field")
        for _ in 0..<stateCount {
            let name = try reader.string("state field name")
            module.stateFields.append(StateField(name: name, type: try reader.type()))
        }
        let globalCount = try reader.count(limit: ModuleLimits.maxGlobals, "global")
        for _ in 0..<globalCount { module.globals.append(try reader.string("global name")) }
        let debugFlagOffset = reader.offset
        switch try reader.u8() {
        case 0: break
        case 1:
            var debug = DebugInfo()
            let fileCount = try reader.count(limit: ModuleLimits.maxConstants, "debug file")
            for _ in 0..<fileCount { debug.files.append(try reader.string("debug file path")) }
            let locationCount = try reader.count(limit: ModuleLimits.maxModuleBytes / 16, "debug location")
            guard reader.remaining >= locationCount * 14 else { throw reader.error(.truncated, "debug info runs past the end") }
            for _ in 0..<locationCount {
                debug.locations.append(
                    DebugLocation(
                        function: try reader.u16(), instruction: try reader.u16(), file: try reader.u16(),
                        start: try reader.u32(), end: try reader.u32()))
            }
            module.debugInfo = debug
        default: throw BytecodeError(.malformed, "bad debug-info flag", offset: debugFlagOffset)
        }
        guard reader.remaining == 0 else { throw reader.error(.malformed, "trailing bytes after the module") }
        return (module, layout)
    }
}
