/// A set of byte strings kept in byte order, for ordered walks over storage keys
/// (``InMemoryHost/storageNext(contract:from:prefix:)``). Keys are held in chunks of at most
/// `2 × chunkSize` sorted keys, with each chunk's last key in `lasts`: finding the first key not
/// below a bound is two binary searches, and an insertion or removal moves at most one chunk's
/// keys, so neither scans the whole set.
struct SortedKeys: Sendable {
    private var chunks: [[[UInt8]]] = []
    private var lasts: [[UInt8]] = []
    private let chunkSize: Int

    init(chunkSize: Int = 256) { self.chunkSize = max(chunkSize, 2) }

    /// The number of keys.
    private(set) var count = 0

    private static func less(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }

    /// The first index in `keys` whose element is not below `bound`.
    private static func lowerBound(_ keys: [[UInt8]], _ bound: [UInt8]) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if less(keys[middle], bound) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The chunk that holds, or would hold, `key`.
    private func chunkIndex(for key: [UInt8]) -> Int {
        min(Self.lowerBound(lasts, key), max(chunks.count - 1, 0))
    }

    mutating func insert(_ key: [UInt8]) {
        guard !chunks.isEmpty else {
            chunks = [[key]]
            lasts = [key]
            count = 1
            return
        }
        let chunk = chunkIndex(for: key)
        let position = Self.lowerBound(chunks[chunk], key)
        if position < chunks[chunk].count, chunks[chunk][position] == key { return }
        chunks[chunk].insert(key, at: position)
        count += 1
        lasts[chunk] = chunks[chunk][chunks[chunk].count - 1]
        if chunks[chunk].count > 2 * chunkSize {
            let upper = Array(chunks[chunk][chunkSize...])
            chunks[chunk].removeSubrange(chunkSize...)
            lasts[chunk] = chunks[chunk][chunkSize - 1]
            chunks.insert(upper, at: chunk + 1)
            lasts.insert(upper[upper.count - 1], at: chunk + 1)
        }
    }

    mutating func remove(_ key: [UInt8]) {
        guard !chunks.isEmpty else { return }
        let chunk = chunkIndex(for: key)
        let position = Self.lowerBound(chunks[chunk], key)
        guard position < chunks[chunk].count, chunks[chunk][position] == key else { return }
        chunks[chunk].remove(at: position)
        count -= 1
        if chunks[chunk].isEmpty {
            chunks.remove(at: chunk)
            lasts.remove(at: chunk)
        } else {
            lasts[chunk] = chunks[chunk][chunks[chunk].count - 1]
        }
    }

    /// The smallest key that is not below `bound`, if any.
    func first(notBelow bound: [UInt8]) -> [UInt8]? {
        let chunk = Self.lowerBound(lasts, bound)
        guard chunk < chunks.count else { return nil }
        let position = Self.lowerBound(chunks[chunk], bound)
        return position < chunks[chunk].count ? chunks[chunk][position] : nil
    }

    /// Every key in order (for tests and snapshots).
    var all: [[UInt8]] { chunks.flatMap { $0 } }
}
