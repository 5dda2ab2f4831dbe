/// Exact arithmetic on amounts: every operation reports overflow (nil) instead of trapping, so
/// that no transaction can crash a validator with large numbers.
extension Amount {
    /// `self + other`, or nil past UInt128.
    public func adding(_ other: Amount) -> Amount? {
        let (sum, overflow) = atto.addingReportingOverflow(other.atto)
        return overflow ? nil : Amount(atto: sum)
    }

    /// `self − other`, or nil below zero.
    public func subtracting(_ other: Amount) -> Amount? {
        other.atto > atto ? nil : Amount(atto: atto - other.atto)
    }

    /// `self × count` (an amount per gas times gas), or nil past UInt128.
    public func times(_ count: UInt64) -> Amount? {
        let (product, overflow) = atto.multipliedReportingOverflow(by: UInt128(count))
        return overflow ? nil : Amount(atto: product)
    }

    /// The amount written in CMT as decimal text, as JSON (genesis, RPC) carries amounts: digits,
    /// optionally a point and 1 to 18 decimals ("1000", "0.5", "0.000000000000000001"). Nil for a
    /// sign, an exponent, a leading or trailing point, more than 18 decimals, leading zeros
    /// ("007"), or more than UInt128 atto-CMT.
    public init?(cmt text: String) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.utf8.allSatisfy(Self.isDigit),
            whole == "0" || whole.first != "0"
        else { return nil }
        var fraction = ""
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].utf8.count <= 18, parts[1].utf8.allSatisfy(Self.isDigit) else { return nil }
            fraction = String(parts[1])
        }
        fraction += String(repeating: "0", count: 18 - fraction.utf8.count)
        guard let wholeValue = UInt128(whole), let fractionValue = UInt128(fraction) else { return nil }
        let (scaled, overflowA) = wholeValue.multipliedReportingOverflow(by: Self.attoPerCMT)
        let (total, overflowB) = scaled.addingReportingOverflow(fractionValue)
        guard !overflowA, !overflowB else { return nil }
        self.init(atto: total)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
