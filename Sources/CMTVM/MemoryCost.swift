import CMTBytecode

/// The bytes each kind of heap allocation counts against the heap limit and pays gas for
/// (``GasSchedule``, docs/gas.md section 2).
enum MemoryCost {
    /// An array, object or closure of `slots` value slots.
    @inline(__always) static func record(_ slots: Int) -> Int {
        Int(GasSchedule.current.recordHeaderBytes) + slots * Int(GasSchedule.current.slotBytes)
    }
    /// `count` more slots of a growing array.
    @inline(__always) static func slots(_ count: Int) -> Int { count * Int(GasSchedule.current.slotBytes) }
    /// A string, bytes or address of `count` bytes.
    @inline(__always) static func text(_ count: Int) -> Int { count + Int(GasSchedule.current.textHeaderBytes) }
    /// A new map.
    static var map: Int { Int(GasSchedule.current.mapHeaderBytes) }
    /// A new key in a map.
    static var mapEntry: Int { Int(GasSchedule.current.mapEntryBytes) }
    /// A boxed decimal number.
    static var decimal: Int { Int(GasSchedule.current.decimalBytes) }
}
