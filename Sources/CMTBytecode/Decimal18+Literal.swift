extension Decimal18 {
    /// Parses a number literal as the compiler and the assembler read it.
    ///
    /// Accepted forms: `123`, `1.5`, `.5`, `1e18`, `2.5e-3`, `1E+3`, `0x1F` (hex integers), an optional
    /// leading `-`, and `_` between two digits (`1_000`). Returns nil when the text is malformed, when
    /// the value needs more than 18 fractional digits, or when it is outside the range.
    public init?(literal text: String) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        if bytes.count > 2, bytes[bytes.startIndex] == UInt8(ascii: "0"),
            bytes[bytes.startIndex + 1] | 0x20 == UInt8(ascii: "x")
        {
            guard let value = Decimal18.parseHex(bytes.dropFirst(2)) else { return nil }
            self = negative ? value.negated : value
            return
        }
        guard let value = Decimal18.parseDecimal(bytes) else { return nil }
        self = negative ? value.negated : value
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func hexValue(_ byte: UInt8) -> UInt128? {
        switch byte {
        case 48...57: return UInt128(byte - 48)
        case 97...102: return UInt128(byte - 87)
        case 65...70: return UInt128(byte - 55)
        default: return nil
        }
    }

    /// Splits digits with single underscores between them; nil on a misplaced underscore or no digit.
    private static func digitRun(_ bytes: ArraySlice<UInt8>, isDigit: (UInt8) -> Bool) -> [UInt8]? {
        var digits: [UInt8] = []
        var previousWasDigit = false
        for byte in bytes {
            if byte == UInt8(ascii: "_") {
                guard previousWasDigit else { return nil }
                previousWasDigit = false
            } else if isDigit(byte) {
                digits.append(byte)
                previousWasDigit = true
            } else {
                return nil
            }
        }
        guard previousWasDigit || digits.isEmpty, bytes.last != UInt8(ascii: "_") else { return nil }
        return digits
    }

    private static func parseHex(_ bytes: ArraySlice<UInt8>) -> Decimal18? {
        guard let digits = digitRun(bytes, isDigit: { hexValue($0) != nil }), !digits.isEmpty else { return nil }
        var value: UInt128 = 0
        for digit in digits {
            guard let nibble = hexValue(digit), value <= (UInt128.max >> 4) else { return nil }
            value = value << 4 | nibble
        }
        return scaledInteger(value)
    }

    private static func scaledInteger(_ value: UInt128) -> Decimal18? {
        let (product, overflow) = value.multipliedReportingOverflow(by: unsignedScale)
        guard !overflow else { return nil }
        return signed(product, negative: false)
    }

    private static func parseDecimal(_ bytes: ArraySlice<UInt8>) -> Decimal18? {
        // Split into integer part, fraction part and exponent.
        var mantissaEnd = bytes.endIndex
        var exponent = 0
        if let eIndex = bytes.firstIndex(where: { $0 | 0x20 == UInt8(ascii: "e") }) {
            mantissaEnd = eIndex
            var expBytes = bytes[(eIndex + 1)...]
            var expNegative = false
            if let sign = expBytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                expNegative = sign == UInt8(ascii: "-")
                expBytes = expBytes.dropFirst()
            }
            guard let expDigits = digitRun(expBytes, isDigit: isDigit), !expDigits.isEmpty, expDigits.count <= 4
            else { return nil }
            for digit in expDigits { exponent = exponent * 10 + Int(digit - 48) }
            if expNegative { exponent = -exponent }
        }
        let mantissa = bytes[bytes.startIndex..<mantissaEnd]
        var integerPart = mantissa
        var fractionPart: ArraySlice<UInt8> = []
        if let dot = mantissa.firstIndex(of: UInt8(ascii: ".")) {
            integerPart = mantissa[mantissa.startIndex..<dot]
            fractionPart = mantissa[(dot + 1)...]
            if fractionPart.first == UInt8(ascii: "_") || integerPart.last == UInt8(ascii: "_") { return nil }
        }
        guard let integerDigits = digitRun(integerPart, isDigit: isDigit),
            var fractionDigits = digitRun(fractionPart, isDigit: isDigit),
            !(integerDigits.isEmpty && fractionDigits.isEmpty)
        else { return nil }
        while fractionDigits.last == UInt8(ascii: "0") { fractionDigits.removeLast() }
        var allDigits = integerDigits + fractionDigits
        while allDigits.first == UInt8(ascii: "0") { allDigits.removeFirst() }
        if allDigits.isEmpty { return .zero }
        // value = digits * 10^(exponent - fractionDigits.count); scaled = digits * 10^shift.
        let shift = 18 + exponent - fractionDigits.count
        var digits = allDigits
        var power = shift
        while power < 0 {
            guard digits.last == UInt8(ascii: "0") else { return nil }
            digits.removeLast()
            power += 1
        }
        guard digits.count + power <= 40 else { return nil }
        var value: UInt128 = 0
        for digit in digits {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt128(digit - 48))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        for _ in 0..<power {
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = times10
        }
        return signed(value, negative: false)
    }
}
