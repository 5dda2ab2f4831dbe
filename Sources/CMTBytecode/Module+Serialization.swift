/// Little-endian, LEB128-counted output for the module format (docs/bytecode.md).
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { fixed(UInt64(value), 2) }
    mutating func u32(_ value: UInt32) { fixed(UInt64(value), 4) }
    mutating func u64(_ value: UInt64) { fixed(value, 8) }
    mutating func fixed(_ value: UInt64, _ count: Int) {
        for index in 0..<count { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }
    mutating func uleb(_ value: Int) {
        var rest = UInt64(value)
        repeat {
            let byte = UInt8(rest & 0x7F)
            rest >>= 7
            bytes.append(rest == 0 ? byte : byte | 0x80)
        } while rest != 0
    }
    mutating func blob(_ data: [UInt8]) {
        uleb(data.count)
        bytes += data
    }
    mutating func string(_ text: String) { blob(Array(text.utf8)) }

    mutating func type(_ type: TypeDescriptor) {
        switch type {
        case .void: u8(0)
        case .number: u8(1)
        case .boolean: u8(2)
        case .string: u8(3)
        case .bytes: u8(4)
        case .address: u8(5)
        case .any: u8(6)
        case .array(let element):
            u8(7)
            self.type(element)
        case .map(let key, let value):
            u8(8)
            self.type(key)
            self.type(value)
        case .optional(let wrapped):
            u8(9)
            self.type(wrapped)
        case .object(let index):
            u8(10)
            u16(index)
        case .function: u8(11)
        }
    }
}

extension Module {
    /// The canonical serialized form: equal modules give equal bytes.
    public func serialized() -> [UInt8] {
        var out = ByteWriter()
        out.bytes += Module.magic
        out.u16(Module.currentVersion)
        out.u16(0)
        out.uleb(constants.count)
        for constant in constants {
            switch constant {
            case .number(let value):
                out.u8(0)
                let bits = UInt128(bitPattern: value.scaled)
                out.u64(UInt64(truncatingIfNeeded: bits))
                out.u64(UInt64(truncatingIfNeeded: bits >> 64))
            case .string(let text):
                out.u8(1)
                out.string(text)
            case .bytes(let data):
                out.u8(2)
                out.blob(data)
            case .address(let address):
                out.u8(3)
                out.bytes += address.bytes
            }
        }
        out.uleb(functions.count)
        for function in functions {
            out.string(function.name)
            out.u16(function.parameterCount)
            out.u16(function.captureCount)
            out.u16(function.registerCount)
            out.uleb(function.code.count)
            for word in function.code { out.u64(word) }
        }
        out.uleb(classes.count)
        for info in classes {
            out.string(info.name)
            out.uleb(info.fields.count)
            for field in info.fields { out.string(field) }
            // Format 3: the base class, 0 for none or 1 + its index.
            out.uleb(info.superclass.map { Int($0) + 1 } ?? 0)
        }
        out.uleb(entryPoints.count)
        for entry in entryPoints {
            out.string(entry.name)
            out.u16(entry.function.index)
            out.uleb(entry.parameters.count)
            for parameter in entry.parameters {
                out.string(parameter.name)
                out.type(parameter.type)
            }
            out.type(entry.returnType)
            out.u8(entry.isReentrant ? 1 : 0)
        }
        out.uleb(stateFields.count)
        for field in stateFields {
            out.string(field.name)
            out.type(field.type)
        }
        out.uleb(globals.count)
        for global in globals { out.string(global) }
        if let debugInfo {
            out.u8(1)
            out.uleb(debugInfo.files.count)
            for file in debugInfo.files { out.string(file) }
            out.uleb(debugInfo.locations.count)
            for location in debugInfo.locations {
                out.u16(location.function)
                out.u16(location.instruction)
                out.u16(location.file)
                out.u32(location.start)
                out.u32(location.end)
            }
        } else {
            out.u8(0)
        }
        return out.bytes
    }

    /// SHA-256 of ``serialized()``: the module's content hash.
    public var contentHash: [UInt8] { ContentHash.sha256(serialized()) }
}
