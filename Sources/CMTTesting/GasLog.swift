/// The gas of every contract call a test made, per contract function, for `cmtc test --gas-report`.
public final class GasLog {
    public init() {}

    struct Key: Hashable, Comparable {
        let contract: String
        let function: String
        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.contract, lhs.function) < (rhs.contract, rhs.function) }
    }

    struct Usage {
        var calls = 0
        var min = Int64.max
        var max: Int64 = 0
        var total: Int64 = 0
    }

    private(set) var usage: [Key: Usage] = [:]

    public func record(contract: String, function: String, gas: Int64) {
        var entry = usage[Key(contract: contract, function: function)] ?? Usage()
        entry.calls += 1
        entry.min = Swift.min(entry.min, gas)
        entry.max = Swift.max(entry.max, gas)
        entry.total += gas
        usage[Key(contract: contract, function: function)] = entry
    }

    /// The table: one row per contract function, sorted by contract and function name; the average
    /// is rounded down.
    public func table() -> [String] {
        let header = ["contract", "function", "calls", "min", "avg", "max"]
        var rows: [[String]] = []
        for key in usage.keys.sorted() {
            guard let entry = usage[key] else { continue }
            rows.append([key.contract, key.function, "\(entry.calls)", "\(entry.min)", "\(entry.total / Int64(entry.calls))", "\(entry.max)"])
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column < 2 ? cell + padding : padding + cell
            }.joined(separator: "  ").replacing(/\s+$/, with: "")
        }
        return [line(header)] + rows.map(line)
    }
}
