/// The kind of a register value. Raw values are part of no external format.
enum Tag: UInt8 {
    case null = 0, bool, int, dec, string, bytes, address, array, map, object, function, closure
}

/// A register value: a tag and a 64-bit payload, trivially copyable (no reference counting in the
/// dispatch loop). `int` holds an integer number as `Int64` bits; `dec` an index into
/// ``Heap/decimals`` for numbers that are not Int64 integers (numbers are normalised: an integer
/// that fits is always `int`); heap kinds hold an index into the matching heap table; `function`
/// a function index; `closure` the index of a heap record holding the captured values and the
/// function (``Heap/newClosure(function:captures:count:)``); `bool` 0 or 1.
struct Value: Equatable {
    var bits: UInt64
    var tag: Tag

    @inline(__always) init(tag: Tag, bits: UInt64) {
        self.tag = tag
        self.bits = bits
    }

    static let null = Value(tag: .null, bits: 0)
    static let `true` = Value(tag: .bool, bits: 1)
    static let `false` = Value(tag: .bool, bits: 0)

    @inline(__always) static func int(_ value: Int64) -> Value { Value(tag: .int, bits: UInt64(bitPattern: value)) }
    @inline(__always) static func bool(_ value: Bool) -> Value { value ? .true : .false }

    @inline(__always) var intValue: Int64 { Int64(bitPattern: bits) }
    @inline(__always) var index: Int { Int(truncatingIfNeeded: bits) }
}
