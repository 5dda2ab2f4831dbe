import CMTBytecode

/// Validates number literals against the range and precision of CMT's number type: an exact
/// decimal with 18 fractional digits held in a signed 128-bit integer (about ±1.7e20). The check
/// itself is ``Decimal18/literalProblem(_:)`` (CMTBytecode), which the bundle reader shares.
public enum NumberLiteral {
    typealias Problem = Decimal18.LiteralProblem

    /// The compiler's own message (E0230 or E0231) for a number written outside a source file (a
    /// command-line `--arg`, a manifest default) that is well formed but does not fit CMT's number
    /// type; nil when it fits or is not a number at all. An optional leading `-` is allowed.
    public static func rangeMessage(_ text: String) -> String? { Decimal18.rangeMessage(text) }

    /// The problem with a literal's text, if any (the lexer has already checked its syntax).
    static func problem(_ text: String) -> Problem? { Decimal18.literalProblem(text) }
}
