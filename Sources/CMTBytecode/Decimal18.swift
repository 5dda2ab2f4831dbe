/// The contract language's one number type: an exact decimal with 18 fractional digits, stored as an
/// `Int128` scaled by 10^18 (range about ±1.7e20).
///
/// Every operation is checked: a result outside the range, or a division by zero, yields `nil`
/// instead of a value, and the VM turns that into a trap. Division and multiplication round toward
/// zero at the 18th fractional digit. `Int128.min` is excluded from the range so that negation and
/// `abs` never overflow. There is no floating point anywhere in this type.
public struct Decimal18: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value multiplied by 10^18.
    public let scaled: Int128

    /// 10^18, the scale factor.
    public static let scale: Int128 = 1_000_000_000_000_000_000
    static let unsignedScale: UInt128 = 1_000_000_000_000_000_000

    public static let zero = Decimal18(uncheckedScaled: 0)
    public static let one = Decimal18(uncheckedScaled: scale)
    /// The largest representable value, about 1.7e20.
    public static let max = Decimal18(uncheckedScaled: Int128.max)
    /// The smallest representable value, `-max`.
    public static let min = Decimal18(uncheckedScaled: -Int128.max)

    init(uncheckedScaled: Int128) { self.scaled = uncheckedScaled }

    /// A decimal from its scaled representation; nil for `Int128.min`, which is outside the range.
    public init?(scaled: Int128) {
        if scaled == Int128.min { return nil }
        self.scaled = scaled
    }

    /// The integer `value` exactly (every `Int64` is in range).
    public init(_ value: Int64) { self.scaled = Int128(value) * Decimal18.scale }

    /// The value as an `Int64` when it is an integer that fits, else nil.
    public var int64Value: Int64? {
        let (quotient, remainder) = scaled.quotientAndRemainder(dividingBy: Decimal18.scale)
        guard remainder == 0 else { return nil }
        return Int64(exactly: quotient)
    }

    /// True when the value has no fractional part.
    public var isInteger: Bool { scaled % Decimal18.scale == 0 }

    public static func < (lhs: Decimal18, rhs: Decimal18) -> Bool { lhs.scaled < rhs.scaled }

    // MARK: Checked arithmetic

    /// `self + other`, or nil on overflow.
    public func adding(_ other: Decimal18) -> Decimal18? {
        let (sum, overflow) = scaled.addingReportingOverflow(other.scaled)
        return overflow ? nil : Decimal18(scaled: sum)
    }

    /// `self - other`, or nil on overflow.
    public func subtracting(_ other: Decimal18) -> Decimal18? {
        let (difference, overflow) = scaled.subtractingReportingOverflow(other.scaled)
        return overflow ? nil : Decimal18(scaled: difference)
    }

    /// `self * other` rounded toward zero at 18 fractional digits, or nil on overflow.
    public func multiplying(_ other: Decimal18) -> Decimal18? {
        let negative = (scaled < 0) != (other.scaled < 0)
        let product = scaled.magnitude.multipliedFullWidth(by: other.scaled.magnitude)
        guard product.high < Decimal18.unsignedScale else { return nil }
        let (quotient, _) = Decimal18.unsignedScale.dividingFullWidth(product)
        return Decimal18.signed(quotient, negative: negative)
    }

    /// `self / other` rounded toward zero at 18 fractional digits; nil on division by zero or overflow
    /// (use ``isZero`` on the divisor to tell them apart).
    public func dividing(by other: Decimal18) -> Decimal18? {
        if other.scaled == 0 { return nil }
        let negative = (scaled < 0) != (other.scaled < 0)
        let divisor = other.scaled.magnitude
        let numerator = scaled.magnitude.multipliedFullWidth(by: Decimal18.unsignedScale)
        guard numerator.high < divisor else { return nil }
        let (quotient, _) = divisor.dividingFullWidth(numerator)
        return Decimal18.signed(quotient, negative: negative)
    }

    /// The remainder of truncating division (its sign follows `self`, as JavaScript's `%`);
    /// nil when `other` is zero.
    public func remainder(dividingBy other: Decimal18) -> Decimal18? {
        if other.scaled == 0 { return nil }
        return Decimal18(scaled: scaled % other.scaled)
    }

    /// `-self` (never overflows because `Int128.min` is excluded).
    public var negated: Decimal18 { Decimal18(uncheckedScaled: -scaled) }

    public var isZero: Bool { scaled == 0 }

    static func signed(_ magnitude: UInt128, negative: Bool) -> Decimal18? {
        guard magnitude <= UInt128(Int128.max) else { return nil }
        let value = Int128(magnitude)
        return Decimal18(uncheckedScaled: negative ? -value : value)
    }

    // MARK: Rounding

    /// The absolute value.
    public var abs: Decimal18 { scaled < 0 ? negated : self }

    /// The integer part, rounding toward zero.
    public var truncated: Decimal18 { Decimal18(uncheckedScaled: scaled - scaled % Decimal18.scale) }

    /// The greatest integer not above `self`; nil only when that integer is out of range.
    public var floor: Decimal18? {
        let fraction = scaled % Decimal18.scale
        if fraction >= 0 { return truncated }
        return truncated.subtracting(.one)
    }

    /// The least integer not below `self`; nil only when that integer is out of range.
    public var ceil: Decimal18? {
        let fraction = scaled % Decimal18.scale
        if fraction <= 0 { return truncated }
        return truncated.adding(.one)
    }

    /// The nearest integer, halves rounding away from zero (`2.5` → `3`, `-2.5` → `-3`); nil only
    /// when that integer is out of range.
    public var rounded: Decimal18? {
        let half = Decimal18(uncheckedScaled: Decimal18.scale / 2)
        // Round the magnitude half up, then restore the sign (the range is symmetric, so `abs`
        // and `negated` never overflow).
        guard let shifted = abs.adding(half) else { return nil }
        let magnitude = shifted.truncated
        return scaled < 0 ? magnitude.negated : magnitude
    }

    // MARK: Text

    /// Canonical text: no exponent, no trailing fractional zeros ("80", "0.3", "-1.5").
    public var description: String {
        let magnitude = scaled.magnitude
        let integer = magnitude / Decimal18.unsignedScale
        var fraction = magnitude % Decimal18.unsignedScale
        var text = scaled < 0 ? "-" : ""
        text += String(integer)
        if fraction != 0 {
            var digits = 18
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return text
    }
}
