/// Lets an option take a negative number as its value: `--arg -5` as `--arg=-5`.
///
/// ArgumentParser reads a word that starts with `-` as an option, so `--arg -5` and `--gas -5`
/// would say "Missing value". A long option written without `=` and followed by a word that is a
/// negative number (`-5`, `-0.5`, `-.5`, `-1e3`, `-0x1F`) is joined with it. Nothing after `--` is
/// touched. A flag followed by such a word then reports that the flag takes no value, which is
/// what the mistake is.
enum NegativeNumberArguments {
    static func rewrite(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--" {
                result.append(contentsOf: arguments[index...])
                break
            }
            if isLongOption(word), index + 1 < arguments.count, isNegativeNumber(arguments[index + 1]) {
                result.append(word + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(word)
            index += 1
        }
        return result
    }

    static func isLongOption(_ word: String) -> Bool {
        word.hasPrefix("--") && word.count > 2 && !word.contains("=")
    }

    /// `-` then a digit, or `-.` then a digit.
    static func isNegativeNumber(_ word: String) -> Bool {
        let bytes = Array(word.utf8)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "-") else { return false }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if isDigit(bytes[1]) { return true }
        return bytes.count >= 3 && bytes[1] == UInt8(ascii: ".") && isDigit(bytes[2])
    }
}
