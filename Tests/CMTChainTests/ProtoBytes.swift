/// Writes protobuf wire bytes by hand, so tests can build encodings the generated code never
/// writes (fields out of order, repeated, non-minimal varints, unknown fields).
struct ProtoBytes {
    private(set) var bytes: [UInt8] = []

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
        return out
    }

    /// A varint field (wire type 0).
    mutating func varint(_ field: UInt64, _ value: UInt64) { bytes += Self.varint(field << 3) + Self.varint(value) }

    /// A length-delimited field (wire type 2).
    mutating func bytes(_ field: UInt64, _ value: [UInt8]) {
        bytes += Self.varint(field << 3 | 2) + Self.varint(UInt64(value.count)) + value
    }

    mutating func string(_ field: UInt64, _ value: String) { bytes(field, Array(value.utf8)) }

    /// Raw bytes, as they are.
    mutating func raw(_ value: [UInt8]) { bytes += value }
}
