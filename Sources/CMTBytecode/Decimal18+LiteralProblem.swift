/// Range and precision checks of a number written as text (a CMT literal, a command-line value, a
/// bundle's bound parameter): the compiler and the bundle reader say the same thing about it.
extension Decimal18 {
    /// Why a well-formed number text is not a CMT number.
    public enum LiteralProblem: Equatable, Sendable {
        case outOfRange, tooPrecise

        /// The message for `text` (the compiler's E0230 and E0231 use it).
        public func message(_ text: String) -> String {
            switch self {
            case .outOfRange: "number '\(text)' is out of range; numbers hold up to about 1.7e20"
            case .tooPrecise: "number '\(text)' has more than 18 digits after the decimal point"
            }
        }
    }

    /// The message for a number written outside a source file (a command-line `--arg`, a manifest
    /// default) that is well formed but does not fit; nil when it fits or is not a number at all.
    /// An optional leading `-` is allowed.
    public static func rangeMessage(_ text: String) -> String? {
        let magnitude = text.hasPrefix("-") ? String(text.dropFirst()) : text
        guard let first = magnitude.first, first.isASCII, first.isNumber || first == "." else { return nil }
        return literalProblem(magnitude)?.message(text)
    }

    private static let literalFractionDigits = 18

    /// The problem with a number literal's text (no sign), if any: nil when it fits or is
    /// malformed (the lexer, or the caller, reports malformed text).
    public static func literalProblem(_ text: String) -> LiteralProblem? {
        if literalFitsPlainly(text) { return nil }
        let digits = text.filter { $0 != "_" }
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            var value: UInt128 = 0
            for character in digits.dropFirst(2) {
                guard let digit = character.hexDigitValue else { return nil }
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 16)
                let (sum, overflow2) = shifted.addingReportingOverflow(UInt128(digit))
                if overflow1 || overflow2 { return .outOfRange }
                value = sum
            }
            return literalScaledFits(value, scale: literalFractionDigits) ? nil : .outOfRange
        }
        // A malformed literal (`12abc`, `1e`) has been reported by the lexer; say nothing more.
        let decimalCharacters: Set<Character> = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "e", "E", "+", "-"]
        guard digits.allSatisfy(decimalCharacters.contains) else { return nil }
        var mantissa = ""
        var fractionCount = 0
        var exponent = 0
        var seenPoint = false
        var index = digits.startIndex
        while index < digits.endIndex {
            let character = digits[index]
            if character == "." {
                seenPoint = true
            } else if character == "e" || character == "E" {
                exponent = Int(digits[digits.index(after: index)...].prefix(6)) ?? 0
                if digits[digits.index(after: index)...].count > 6 { exponent = exponent < 0 || digits.contains("-") ? -999 : 999 }
                break
            } else {
                mantissa.append(character)
                if seenPoint { fractionCount += 1 }
            }
            index = digits.index(after: index)
        }
        // Drop trailing zeros of the mantissa; they add no precision.
        while mantissa.count > 1, mantissa.last == "0" {
            mantissa.removeLast()
            fractionCount -= 1
        }
        let decimals = fractionCount - exponent
        if decimals > literalFractionDigits {
            return mantissa.allSatisfy({ $0 == "0" }) ? nil : .tooPrecise
        }
        let trimmed = mantissa.drop { $0 == "0" }
        if trimmed.isEmpty { return nil }
        if trimmed.count > 40 { return .outOfRange }
        guard let value = UInt128(String(trimmed)) else { return .outOfRange }
        return literalScaledFits(value, scale: literalFractionDigits - decimals) ? nil : .outOfRange
    }

    /// Whether `text` is plain digits with an optional point, with at most 20 digits before the
    /// point and 18 after it: such a literal is below 10^20 and always fits (one pass over the
    /// bytes; most literals in a program are of this kind).
    private static func literalFitsPlainly(_ text: String) -> Bool {
        var integerDigits = 0
        var fractionalDigits = 0
        var seenPoint = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if seenPoint { fractionalDigits += 1 } else { integerDigits += 1 }
            case UInt8(ascii: ".") where !seenPoint:
                seenPoint = true
            default:
                return false
            }
        }
        return integerDigits <= 20 && fractionalDigits <= literalFractionDigits
    }

    private static func literalScaledFits(_ value: UInt128, scale: Int) -> Bool {
        guard scale >= 0 else { return true }
        var scaled = value
        for _ in 0..<scale {
            let (product, overflow) = scaled.multipliedReportingOverflow(by: 10)
            if overflow { return false }
            scaled = product
        }
        return scaled <= UInt128(Int128.max)
    }
}
