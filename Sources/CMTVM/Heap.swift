/// A growable buffer of trivial elements with manual lifetime: no reference counting and no
/// copy-on-write checks on access. Owned by ``Heap``, freed by ``Heap/release()``.
struct Slab<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 4)
        base = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
    }

    @inline(__always) subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    @discardableResult
    mutating func append(_ element: Element) -> Int {
        if count == capacity { grow(to: capacity * 2) }
        base[count] = element
        count += 1
        return count - 1
    }

    mutating func grow(to newCapacity: Int) {
        let fresh = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = newCapacity
    }

    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: max(capacity * 2, count + extra)) }
    }

    mutating func appendBytes(_ source: UnsafePointer<Element>, count extra: Int) {
        reserve(extra)
        (base + count).update(from: source, count: extra)
        count += extra
    }

    func deallocate() { base.deallocate() }
}

/// An array, class instance or closure: `count` values at `elements`. `classIndex` is -1 for
/// arrays, the class for instances, and the function index for closures (whose elements are the
/// captured values; the value's tag tells closures and instances apart).
struct Record {
    var elements: UnsafeMutablePointer<Value>
    var count: Int32
    var capacity: Int32
    var classIndex: Int32
}

/// A string, bytes or address: `count` bytes at `offset` in ``Heap/text``.
struct TextRecord {
    var offset: Int
    var count: Int
}

/// The per-call heap: every object a call allocates, addressed by index, freed all at once when
/// the call ends. Memory is counted against a limit; the caller charges gas per byte.
struct Heap {
    var records = Slab<Record>(capacity: 64)
    var texts = Slab<TextRecord>(capacity: 64)
    var text = Slab<UInt8>(capacity: 1024)
    var decimals = Slab<Int128>(capacity: 16)
    var maps: [MapStorage] = []
    var bytesUsed = 0
    let byteLimit: Int

    init(byteLimit: Int) { self.byteLimit = byteLimit }

    /// Frees every buffer; the heap must not be used afterwards.
    func release() {
        for index in 0..<records.count { records[index].elements.deallocate() }
        records.deallocate()
        texts.deallocate()
        text.deallocate()
        decimals.deallocate()
    }

    /// Counts `bytes` against the limit; false when the limit would be passed.
    @inline(__always) mutating func account(_ bytes: Int) -> Bool {
        guard bytes <= byteLimit - bytesUsed else { return false }
        bytesUsed += bytes
        return true
    }

    static let valueBytes = MemoryLayout<Value>.stride

    mutating func newRecord(capacity: Int, count: Int, classIndex: Int32) -> Value {
        let elements = UnsafeMutablePointer<Value>.allocate(capacity: max(capacity, 1))
        elements.initialize(repeating: .null, count: count)
        let index = records.append(
            Record(elements: elements, count: Int32(count), capacity: Int32(max(capacity, 1)), classIndex: classIndex))
        return Value(tag: classIndex < 0 ? .array : .object, bits: UInt64(index))
    }

    /// A closure of `function` holding a copy of `count` captured values.
    mutating func newClosure(function: Int, captures: UnsafePointer<Value>, count: Int) -> Value {
        let elements = UnsafeMutablePointer<Value>.allocate(capacity: max(count, 1))
        elements.initialize(from: captures, count: count)
        let index = records.append(
            Record(elements: elements, count: Int32(count), capacity: Int32(max(count, 1)), classIndex: Int32(function)))
        return Value(tag: .closure, bits: UInt64(index))
    }

    /// Grows array `index` to hold at least `needed` elements (doubling); the caller accounted the bytes.
    mutating func growRecord(_ index: Int, to newCapacity: Int) {
        let record = records[index]
        let fresh = UnsafeMutablePointer<Value>.allocate(capacity: newCapacity)
        fresh.update(from: record.elements, count: Int(record.count))
        record.elements.deallocate()
        records[index].elements = fresh
        records[index].capacity = Int32(newCapacity)
    }

    mutating func newText(_ tag: Tag, _ bytes: UnsafeBufferPointer<UInt8>) -> Value {
        let offset = text.count
        if let base = bytes.baseAddress { text.appendBytes(base, count: bytes.count) }
        let index = texts.append(TextRecord(offset: offset, count: bytes.count))
        return Value(tag: tag, bits: UInt64(index))
    }

    mutating func newText(_ tag: Tag, _ bytes: [UInt8]) -> Value {
        bytes.withUnsafeBufferPointer { newText(tag, $0) }
    }

    /// The bytes of a string, bytes or address value (valid until the next text allocation).
    @inline(__always) func textBytes(_ value: Value) -> UnsafeBufferPointer<UInt8> {
        let record = texts[value.index]
        return UnsafeBufferPointer(start: text.base + record.offset, count: record.count)
    }

    func textArray(_ value: Value) -> [UInt8] { Array(textBytes(value)) }

    func string(_ value: Value) -> String { String(decoding: textBytes(value), as: UTF8.self) }

    mutating func newDecimal(_ scaled: Int128) -> Value {
        Value(tag: .dec, bits: UInt64(decimals.append(scaled)))
    }
}
