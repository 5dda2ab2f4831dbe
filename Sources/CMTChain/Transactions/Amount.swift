/// An amount of CMT, exact: a whole number of atto-CMT (10^-18 CMT).
///
/// On the wire an amount is decimal digits without leading zeros, and zero is the empty string
/// (proto3 writes no default value), so every amount has exactly one encoding.
public struct Amount: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The amount in atto-CMT.
    public let atto: UInt128

    /// Zero.
    public static let zero = Amount(atto: 0)

    /// atto-CMT in one CMT.
    public static let attoPerCMT: UInt128 = 1_000_000_000_000_000_000

    public init(atto: UInt128) { self.atto = atto }

    /// The amount written as canonical wire text, or nil when `text` is not canonical (a sign,
    /// a leading zero, "0" for zero, a non-digit, or more than UInt128 holds).
    public init?(wire text: String) {
        if text.isEmpty {
            self = .zero
            return
        }
        let digits = Array(text.utf8)
        guard digits[0] != UInt8(ascii: "0") else { return nil }
        var value: UInt128 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (plus, overflowB) = times.addingReportingOverflow(UInt128(digit - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { return nil }
            value = plus
        }
        atto = value
    }

    /// The canonical wire text: "" for zero, the decimal digits otherwise.
    public var wire: String { atto == 0 ? "" : String(atto) }

    /// The amount in CMT with its 18 decimals, trailing zeros dropped ("1.5", "0.000000000000000001", "0").
    public var description: String {
        let whole = atto / Self.attoPerCMT
        let fraction = atto % Self.attoPerCMT
        guard fraction != 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 18 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.atto < rhs.atto }
}
