/// Slots of trivial structs (tokens, facts) in one 64-byte-aligned block, grown by doubling.
/// Reached through a raw pointer so that the hot paths pay neither the uniqueness check nor the
/// bounds check of an `Array` write (on manners 128 the array version spent about 4% in
/// `swift_isUniquelyReferenced`, on waltz 50 about 15%). Indices come only from the engine.
struct SlotArena<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init() {
        capacity = 256
        base = Self.allocate(capacity)
    }

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<Element> {
        UnsafeMutableRawPointer.allocate(byteCount: capacity * MemoryLayout<Element>.stride, alignment: 64)
            .bindMemory(to: Element.self, capacity: capacity)
    }

    /// Adds a slot at the end; returns its index.
    mutating func append(_ slot: Element) -> Int32 {
        if count == capacity {
            let grown = Self.allocate(2 * capacity)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: slot)
        count += 1
        return Int32(count - 1)
    }

    /// Frees the block (the owner's `deinit`).
    func release() { base.deallocate() }
}

/// A growable array of trivial values owned by a slot (a fact's `not`/`exists` matches): a raw
/// buffer, so that appending needs no uniqueness check. The owner frees it with `release()`.
struct SlotVector<Element: BitwiseCopyable>: BitwiseCopyable {
    private(set) var base: UnsafeMutablePointer<Element>?
    private(set) var count: Int32 = 0
    private var capacity: Int32 = 0

    init() {}

    @inline(__always) mutating func append(_ element: Element) {
        if count == capacity { grow() }
        base.unsafelyUnwrapped[Int(count)] = element
        count += 1
    }

    private mutating func grow() {
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: Int(max(8, 2 * capacity)))
        if let base {
            grown.moveInitialize(from: base, count: Int(count))
            base.deallocate()
        }
        base = grown
        capacity = max(8, 2 * capacity)
    }

    @inline(__always) subscript(index: Int) -> Element { base.unsafelyUnwrapped[index] }

    /// Keeps the elements that pass `keep`, in order.
    mutating func retain(where keep: (Element) -> Bool) {
        guard let base else { return }
        var kept = 0
        for index in 0..<Int(count) where keep(base[index]) {
            base[kept] = base[index]
            kept += 1
        }
        count = Int32(kept)
    }

    /// Empties the vector, keeping its buffer.
    mutating func clear() { count = 0 }

    func release() { base?.deallocate() }
}
