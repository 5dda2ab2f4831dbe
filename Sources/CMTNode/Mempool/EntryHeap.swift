/// A binary max-heap of pool entries by block order (``MempoolEntry/ranksBefore(_:)``): the
/// next best head transaction across senders when a block is assembled.
struct EntryHeap {
    private var items: [MempoolEntry] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ entry: MempoolEntry) {
        items.append(entry)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].ranksBefore(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> MempoolEntry? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var best = parent
            if left < items.count, items[left].ranksBefore(items[best]) { best = left }
            if right < items.count, items[right].ranksBefore(items[best]) { best = right }
            guard best != parent else { break }
            items.swapAt(parent, best)
            parent = best
        }
        return first
    }
}
