import CMTBytecode
import CMTVM

/// Reads CLIPS fact files (`(guest (name n1) (sex f) (hobby h3))`, one fact a line), shared by the
/// Manners and Waltz loaders: a fact's template name and its slot values (integers as numbers,
/// everything else as strings, a missing slot as null).
public struct FactLine {
    public let template: String
    let words: [String]

    public func value(_ slot: String) -> ContractValue {
        guard let index = words.firstIndex(of: slot), index + 1 < words.count else { return .null }
        let text = words[index + 1]
        if let integer = Int64(text) { return .number(Decimal18(integer)) }
        return .string(text)
    }

    /// The facts of `text`, in order.
    public static func parse(_ text: String) -> [FactLine] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(whereSeparator: { "() ".contains($0) }).map(String.init)
            return words.first.map { FactLine(template: $0, words: words) }
        }
    }
}
