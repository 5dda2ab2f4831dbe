import CMTSource

/// What the checker records for one file, by ``NodeID``: the type of each expression and what
/// each identifier, member or `new` refers to. Node ids of a file are small and consecutive, so
/// both are fixed arrays indexed by id, allocated once per file (recording is done for nearly every
/// node: as dictionaries and class-held arrays, hashing and access checks were a sixth of
/// `cmtc check`). Ids outside the file's range are ignored, as a missing entry.
final class FileRecords {
    private let types: UnsafeMutableBufferPointer<TypeID>
    private let symbols: UnsafeMutableBufferPointer<Symbol?>

    init(nodeCount: Int) {
        let count = max(0, nodeCount)
        types = .allocate(capacity: count)
        types.initialize(repeating: .error)
        symbols = .allocate(capacity: count)
        symbols.initialize(repeating: nil)
    }

    deinit {
        types.deinitialize()
        types.deallocate()
        symbols.deinitialize()
        symbols.deallocate()
    }

    func setType(_ type: TypeID, of id: NodeID) {
        let slot = Int(id.rawValue)
        if slot >= 0 && slot < types.count { types[slot] = type }
    }

    func type(of id: NodeID) -> TypeID? {
        let slot = Int(id.rawValue)
        return slot >= 0 && slot < types.count ? types[slot] : nil
    }

    func setSymbol(_ symbol: Symbol, of id: NodeID) {
        let slot = Int(id.rawValue)
        if slot >= 0 && slot < symbols.count { symbols[slot] = symbol }
    }

    func symbol(of id: NodeID) -> Symbol? {
        let slot = Int(id.rawValue)
        return slot >= 0 && slot < symbols.count ? symbols[slot] : nil
    }

    /// Every expression's type, by node id (`.error` for nodes that are not checked expressions).
    var typeArray: [TypeID] { Array(types) }

    /// Every recorded symbol, in node order.
    var symbolValues: [Symbol] { symbols.compactMap { $0 } }
}

/// What each identifier, member or `new` of one file refers to, by ``NodeID`` (read-only: the
/// checker fills it).
public struct SymbolTable {
    let records: FileRecords

    /// The symbol recorded for `id`, if any.
    public subscript(id: NodeID) -> Symbol? { records.symbol(of: id) }

    /// Every recorded symbol, in node order.
    public var values: [Symbol] { records.symbolValues }
}

/// Positions of files in the checker's per-file tables, by ``FileID`` (file ids are small and
/// consecutive within one ``SourceManager``).
struct FileSlots {
    private var positions: [Int] = []

    subscript(file: FileID) -> Int? {
        get {
            let id = Int(file.rawValue)
            guard id >= 0, id < positions.count, positions[id] >= 0 else { return nil }
            return positions[id]
        }
        set {
            let id = Int(file.rawValue)
            guard id >= 0 else { return }
            if id >= positions.count { positions.append(contentsOf: repeatElement(-1, count: id + 1 - positions.count)) }
            positions[id] = newValue ?? -1
        }
    }
}
