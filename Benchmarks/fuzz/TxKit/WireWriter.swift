/// The few pieces of the protobuf wire format the transaction mutator writes by hand (so that it
/// can produce what no library would: fields out of order, repeated, unknown, long varints).
public struct WireWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// A minimal varint.
    public static func varint(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        var rest = value
        repeat {
            let low = UInt8(rest & 0x7F)
            rest >>= 7
            out.append(rest == 0 ? low : low | 0x80)
        } while rest != 0
        return out
    }

    /// Field `number` as a varint.
    public mutating func varintField(_ number: Int, _ value: UInt64) {
        bytes += Self.varint(UInt64(number) << 3) + Self.varint(value)
    }

    /// Field `number` as length-delimited bytes.
    public mutating func bytesField(_ number: Int, _ value: [UInt8]) {
        bytes += Self.varint(UInt64(number) << 3 | 2) + Self.varint(UInt64(value.count)) + value
    }

    /// Bytes as they are.
    public mutating func raw(_ value: [UInt8]) { bytes += value }
}

/// Reads the top-level fields of protobuf bytes: (number, wire type, the field's bytes, its
/// payload), or nil when they do not parse. Only what the mutator needs.
public enum WireReader {
    public struct Field {
        public var number: UInt64
        public var wireType: UInt8
        /// The whole field: key and payload.
        public var range: Range<Int>
        /// The payload (the bytes of a length-delimited field, the varint otherwise).
        public var payload: Range<Int>
    }

    public static func fields(_ bytes: [UInt8]) -> [Field]? {
        var fields: [Field] = []
        var offset = 0
        while offset < bytes.count {
            let start = offset
            guard let key = varint(bytes, &offset) else { return nil }
            let wireType = UInt8(key & 7)
            let payloadStart: Int
            switch wireType {
            case 0:
                payloadStart = offset
                guard varint(bytes, &offset) != nil else { return nil }
            case 1, 5:
                payloadStart = offset
                offset += wireType == 1 ? 8 : 4
            case 2:
                guard let length = varint(bytes, &offset), length <= UInt64(bytes.count - offset) else { return nil }
                payloadStart = offset
                offset += Int(length)
            default: return nil
            }
            guard offset <= bytes.count else { return nil }
            fields.append(Field(number: key >> 3, wireType: wireType, range: start..<offset, payload: payloadStart..<offset))
        }
        return fields
    }

    static func varint(_ bytes: [UInt8], _ offset: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
