import CMTVM

/// The objects of a session, each once, by number: its facts' objects and every object they refer
/// to. An object's contents are `.object(class, fields)` whose nested objects are
/// `.reference(number)`, so an object referenced by two facts (or a fact that is a field of
/// another) is one object, and a change made through any reference is the change (Drools' facts
/// are Java objects).
///
/// Objects are counted: a fact's object and each reference from another object count one; an
/// object nothing counts any more is dropped when the command settles (``collect()``), with the
/// references it held. The work is bounded by the references changed.
struct SessionObjects {
    /// Each object as code sees it now.
    private(set) var contents: [Int: ContractValue] = [:]
    /// The next number to give.
    var next = 1
    private var counts: [Int: Int] = [:]
    /// Objects whose count fell to zero (or that were made and not yet counted).
    private var unreferenced: Set<Int> = []
    /// Objects changed, added or dropped since storage last asked (``takeChanged()``).
    private(set) var changed: Set<Int> = []
    /// Whether any object refers to another (until then calls need no graph).
    private(set) var linked = false

    /// A new object number (its contents follow with ``set(_:_:)``).
    mutating func make() -> Int {
        let number = next
        next += 1
        contents[number] = .null
        unreferenced.insert(number)
        return number
    }

    func contains(_ number: Int) -> Bool { contents[number] != nil }

    /// Sets an object's contents, counting the references it gains and loses.
    mutating func set(_ number: Int, _ value: ContractValue) {
        let old = contents[number]
        if old == .null { changed.insert(number) }
        if old == value { return }
        if !Self.isFlat(value) {
            Self.forEachReference(in: value) { target in
                counts[target, default: 0] += 1
                linked = true
            }
        }
        if let old, !Self.isFlat(old) { Self.forEachReference(in: old) { release($0) } }
        contents[number] = value
        changed.insert(number)
    }

    /// A fact (or a global) holds the object.
    mutating func retain(_ number: Int) { counts[number, default: 0] += 1 }

    /// A holder let go of the object.
    mutating func release(_ number: Int) {
        let count = (counts[number] ?? 0) - 1
        counts[number] = count
        if count <= 0 { unreferenced.insert(number) }
    }

    /// Drops the objects nothing refers to any more, and what only they referred to; gives how many.
    mutating func collect() -> Int {
        var dropped = 0
        while let number = unreferenced.min() {
            unreferenced.remove(number)
            guard (counts[number] ?? 0) <= 0 else { continue }
            counts[number] = nil
            if let old = contents.removeValue(forKey: number) {
                dropped += 1
                changed.insert(number)
                Self.forEachReference(in: old) { release($0) }
            }
        }
        return dropped
    }

    /// The objects changed since the last call (for storage), in number order.
    mutating func takeChanged() -> [Int] {
        defer { changed = [] }
        return changed.sorted()
    }

    /// Puts an object back as stored (no counting: ``recount()`` follows).
    mutating func restore(_ number: Int, _ value: ContractValue) {
        contents[number] = value
        next = max(next, number + 1)
        if Self.hasReference(value) { linked = true }
    }

    /// Counts every reference again (after restoring), with `held` the objects facts and globals hold.
    mutating func recount(held: [Int]) {
        counts = [:]
        for number in held { counts[number, default: 0] += 1 }
        for number in contents.keys.sorted() {
            if let value = contents[number] { Self.forEachReference(in: value) { counts[$0, default: 0] += 1 } }
        }
        unreferenced = []
        changed = []
    }

    /// The objects `roots` refer to, directly or not (not the roots themselves unless reached), in
    /// the order they are first reached; each once.
    func reachable(from roots: [ContractValue]) -> [Int] {
        var seen: Set<Int> = []
        var order: [Int] = []
        var pending: [Int] = []
        for root in roots { Self.forEachReference(in: root) { if seen.insert($0).inserted { pending.append($0) } } }
        while let number = pending.popLast() {
            order.append(number)
            guard let value = contents[number] else { continue }
            Self.forEachReference(in: value) { if seen.insert($0).inserted { pending.append($0) } }
        }
        return order
    }

    /// Whether `value` is an object whose fields are all plain values (no reference, object, array
    /// or map): it refers to nothing, and renaming leaves it as it is. Checked without walking.
    static func isFlat(_ value: ContractValue) -> Bool {
        guard case .object(_, let fields) = value else { return false }
        for field in fields {
            switch field {
            case .reference, .object, .array, .map: return false
            default: continue
            }
        }
        return true
    }

    static func hasReference(_ value: ContractValue) -> Bool {
        var found = false
        forEachReference(in: value) { _ in found = true }
        return found
    }

    /// Calls `body` for each reference in `value` (not following them); nesting is bounded by the
    /// VM's export depth.
    static func forEachReference(in value: ContractValue, _ body: (Int) -> Void) {
        switch value {
        case .reference(let number): body(number)
        case .object(_, let fields): for field in fields { forEachReference(in: field, body) }
        case .array(let elements): for element in elements { forEachReference(in: element, body) }
        case .map(let entries): for entry in entries { forEachReference(in: entry.value, body) }
        default: break
        }
    }

    /// `value` with each reference renamed by `rename`.
    static func renaming(_ value: ContractValue, _ rename: (Int) -> Int) -> ContractValue {
        switch value {
        case .reference(let number): .reference(rename(number))
        case .object(let classIndex, let fields): .object(classIndex: classIndex, fields: fields.map { renaming($0, rename) })
        case .array(let elements): .array(elements.map { renaming($0, rename) })
        case .map(let entries): .map(entries.map { ContractValue.MapEntry(key: $0.key, value: renaming($0.value, rename)) })
        default: value
        }
    }
}
