import CMTBytecode

/// Hexadecimal text of bytes: lowercase out (CMTBytecode's ``ContentHash/hex(_:)``), either case in.
public enum Hex {
    /// Lowercase hexadecimal text of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String { ContentHash.hex(bytes) }

    /// The bytes of hexadecimal `text` (an even number of digits, either case, no prefix), or nil.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
