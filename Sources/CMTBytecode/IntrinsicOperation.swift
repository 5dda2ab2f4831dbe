/// The pure built-in operations a contract reaches through ``Opcode/intrinsic``; the raw value is
/// the B operand and ``argumentCount`` the C operand.
///
/// Intrinsics never touch the host and are deterministic. Strings are indexed by Unicode scalar;
/// indices and counts must be whole numbers (a fractional one traps `invalidArgument`); a wrong
/// kind of operand traps `typeMismatch`. docs/bytecode.md gives the exact semantics of each.
public enum IntrinsicOperation: UInt16, Sendable, CaseIterable {
    /// stringSlice(s, start, end?): JavaScript `slice` on scalars (negative counts from the end, clamped).
    case stringSlice = 0
    /// stringIndexOf(s, search): scalar index of the first occurrence, or -1.
    case stringIndexOf
    /// stringIncludes(s, search): boolean.
    case stringIncludes
    /// stringStartsWith(s, prefix): boolean.
    case stringStartsWith
    /// stringEndsWith(s, suffix): boolean.
    case stringEndsWith
    /// stringToUpperCase(s): ASCII letters mapped to upper case, everything else unchanged.
    case stringToUpperCase
    /// stringToLowerCase(s): ASCII letters mapped to lower case, everything else unchanged.
    case stringToLowerCase
    /// stringTrim(s): removes JavaScript white space and line terminators at both ends.
    case stringTrim
    /// stringSplit(s, separator): string[] (an empty separator splits into scalars).
    case stringSplit
    /// stringCharAt(s, i): the scalar at `i` as a string, or "" out of range.
    case stringCharAt
    /// stringToBytes(s): the UTF-8 bytes.
    case stringToBytes
    /// stringChars(s): string[] of one-scalar strings.
    case stringChars
    /// numberToFixed(x, digits): text with exactly `digits` (0...18) fraction digits, halves away from zero.
    case numberToFixed
    /// bytesSlice(b, start, end?): JavaScript `slice` on bytes.
    case bytesSlice
    /// bytesToHex(b): lower-case hex text without a prefix.
    case bytesToHex
    /// arraySlice(a, start, end?): a new array, JavaScript `slice` semantics.
    case arraySlice
    /// arrayIndexOf(a, x): index of the first element `==` x, or -1.
    case arrayIndexOf
    /// arrayIncludes(a, x): boolean.
    case arrayIncludes
    /// arrayJoin(a, separator): elements converted as `toStr` does, joined.
    case arrayJoin
    /// arrayReverse(a): reverses `a` in place; returns null.
    case arrayReverse
    /// min(a, b) of two numbers.
    case min
    /// max(a, b) of two numbers.
    case max
    /// power(base, exponent): whole exponent; negative means 1 / base^|exponent|.
    case power
    /// bitAnd(a, b) on whole numbers (two's complement).
    case bitAnd
    /// bitOr(a, b).
    case bitOr
    /// bitXor(a, b).
    case bitXor
    /// bitNot(a) = -a - 1.
    case bitNot
    /// shiftLeft(a, n), n in 0...127.
    case shiftLeft
    /// shiftRight(a, n), n in 0...127, sign-propagating.
    case shiftRight
    /// classOf(o): the class index of object `o` (its dynamic class, for a method call that a
    /// subclass overrides).
    case classOf

    /// How many arguments the operation takes (the `intrinsic` instruction's C operand).
    public var argumentCount: Int {
        switch self {
        case .stringToUpperCase, .stringToLowerCase, .stringTrim, .stringToBytes, .stringChars, .bytesToHex,
            .arrayReverse, .bitNot, .classOf:
            1
        case .stringIndexOf, .stringIncludes, .stringStartsWith, .stringEndsWith, .stringSplit, .stringCharAt,
            .numberToFixed, .arrayIndexOf, .arrayIncludes, .arrayJoin, .min, .max, .power, .bitAnd, .bitOr, .bitXor,
            .shiftLeft, .shiftRight:
            2
        case .stringSlice, .bytesSlice, .arraySlice: 3
        }
    }
}
