import CMTBytecode

/// The deterministic byte encoding of ``ContractValue`` used for persistent state, event fields and
/// cross-contract arguments (docs/vm.md). Maps keep insertion order; numbers are 16-byte
/// little-endian scaled integers. Every encoding starts with the format version byte
/// (``version``); values nested inside one encoding do not repeat it.
public enum ValueCodec {
    /// The format version, the first byte of every encoding.
    public static let version: UInt8 = 1
    /// Nesting limit for decoding (encoding is bounded by the VM's export limits).
    public static let maxDepth = 64

    public static func encode(_ value: ContractValue) -> [UInt8] {
        var out: [UInt8] = [version]
        encode(value, into: &out)
        return out
    }

    static func encode(_ value: ContractValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(0)
        case .boolean(let flag): out.append(flag ? 2 : 1)
        case .number(let number):
            out.append(3)
            let bits = UInt128(bitPattern: number.scaled)
            for shift in stride(from: 0, to: 128, by: 8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt128(shift))) }
        case .string(let text): blob(4, Array(text.utf8), into: &out)
        case .bytes(let data): blob(5, data, into: &out)
        case .address(let address): blob(6, address.bytes, into: &out)
        case .array(let elements):
            out.append(7)
            uleb(elements.count, into: &out)
            for element in elements { encode(element, into: &out) }
        case .map(let entries):
            out.append(8)
            uleb(entries.count, into: &out)
            for entry in entries {
                encode(entry.key, into: &out)
                encode(entry.value, into: &out)
            }
        case .object(let index, let fields):
            out.append(9)
            out.append(UInt8(truncatingIfNeeded: index))
            out.append(UInt8(truncatingIfNeeded: index >> 8))
            uleb(fields.count, into: &out)
            for field in fields { encode(field, into: &out) }
        case .function(let index):
            out.append(10)
            out.append(UInt8(truncatingIfNeeded: index))
            out.append(UInt8(truncatingIfNeeded: index >> 8))
        case .reference(let key):
            // Only stored rule sessions write one (an object of the session by its number).
            out.append(11)
            uleb(max(key, 0), into: &out)
        }
    }

    static func blob(_ tag: UInt8, _ data: [UInt8], into out: inout [UInt8]) {
        out.append(tag)
        uleb(data.count, into: &out)
        out += data
    }

    static func uleb(_ value: Int, into out: inout [UInt8]) {
        var rest = UInt64(value)
        repeat {
            let byte = UInt8(rest & 0x7F)
            rest >>= 7
            out.append(rest == 0 ? byte : byte | 0x80)
        } while rest != 0
    }

    /// Decodes bytes produced by ``encode(_:)``; nil for anything malformed, trailing bytes or
    /// another format version (``decodeChecked(_:)`` says which).
    public static func decode(_ bytes: [UInt8]) -> ContractValue? { try? decodeChecked(bytes) }

    /// Decodes bytes produced by ``encode(_:)``.
    /// - Throws: ``FormatError``: `unsupportedVersion` when the first byte is not ``version``,
    ///   `truncated` for no bytes, `malformed` for anything else.
    public static func decodeChecked(_ bytes: [UInt8]) throws(FormatError) -> ContractValue {
        guard let first = bytes.first else { throw FormatError(.truncated, format: "value", "no bytes") }
        guard first == version else { throw FormatError.unsupported("value", found: Int(first), expected: Int(version)) }
        var offset = 1
        guard let value = decode(bytes, &offset, depth: 0), offset == bytes.count else {
            throw FormatError(.malformed, format: "value", "the bytes are not a value encoding")
        }
        return value
    }

    static func decode(_ bytes: [UInt8], _ offset: inout Int, depth: Int) -> ContractValue? {
        guard depth < maxDepth, offset < bytes.count else { return nil }
        let tag = bytes[offset]
        offset += 1
        switch tag {
        case 0: return .null
        case 1: return .boolean(false)
        case 2: return .boolean(true)
        case 3:
            guard bytes.count - offset >= 16 else { return nil }
            var bits: UInt128 = 0
            for index in 0..<16 { bits |= UInt128(bytes[offset + index]) << UInt128(8 * index) }
            offset += 16
            return Decimal18(scaled: Int128(bitPattern: bits)).map(ContractValue.number)
        case 4, 5, 6:
            guard let length = readCount(bytes, &offset), bytes.count - offset >= length else { return nil }
            let data = Array(bytes[offset..<(offset + length)])
            offset += length
            if tag == 5 { return .bytes(data) }
            if tag == 6 { return Address(bytes: data).map(ContractValue.address) }
            guard let text = String(validating: data, as: UTF8.self) else { return nil }
            return .string(text)
        case 7:
            guard let count = readCount(bytes, &offset), count <= bytes.count - offset else { return nil }
            var elements: [ContractValue] = []
            for _ in 0..<count {
                guard let element = decode(bytes, &offset, depth: depth + 1) else { return nil }
                elements.append(element)
            }
            return .array(elements)
        case 8:
            guard let count = readCount(bytes, &offset), count <= bytes.count - offset else { return nil }
            var entries: [ContractValue.MapEntry] = []
            for _ in 0..<count {
                guard let key = decode(bytes, &offset, depth: depth + 1),
                    let value = decode(bytes, &offset, depth: depth + 1)
                else { return nil }
                entries.append(ContractValue.MapEntry(key: key, value: value))
            }
            return .map(entries)
        case 9:
            guard bytes.count - offset >= 2 else { return nil }
            let index = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
            offset += 2
            guard let count = readCount(bytes, &offset), count <= bytes.count - offset else { return nil }
            var fields: [ContractValue] = []
            for _ in 0..<count {
                guard let field = decode(bytes, &offset, depth: depth + 1) else { return nil }
                fields.append(field)
            }
            return .object(classIndex: index, fields: fields)
        case 10:
            guard bytes.count - offset >= 2 else { return nil }
            let index = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
            offset += 2
            return .function(index)
        case 11:
            return readCount(bytes, &offset).map(ContractValue.reference)
        default: return nil
        }
    }

    static func readCount(_ bytes: [UInt8], _ offset: inout Int) -> Int? {
        var value = 0
        var shift = 0
        while offset < bytes.count, shift < 35 {
            let byte = bytes[offset]
            offset += 1
            value |= Int(byte & 0x7F) << shift
            shift += 7
            if byte & 0x80 == 0 { return value }
        }
        return nil
    }
}
