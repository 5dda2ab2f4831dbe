/// A TOML 1.0 syntax checker (no values are built). The toml++ parser inside TOMLKit asserts (in
/// debug builds) or assumes the impossible (in release builds) on some malformed inputs, such as a
/// table header `[#x]` or an array element starting with `}`; so every manifest is checked here
/// first and only well-formed text reaches TOMLKit, which then builds the values and reports what
/// this checker leaves to it (duplicate keys, redefined tables). The first problem is reported at
/// its byte offset.
struct TOMLSyntax {
    struct Failure: Error {
        let offset: Int
        let text: String
    }

    let bytes: [UInt8]
    var index = 0
    /// Arrays and inline tables nest at most this deep (toml++'s own limit is 256).
    static let maxDepth = 64

    static func check(_ bytes: [UInt8]) -> Failure? {
        var checker = TOMLSyntax(bytes: bytes)
        do {
            try checker.document()
            return nil
        } catch {
            return error
        }
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }
    private func peek(_ distance: Int) -> UInt8? { index + distance < bytes.count ? bytes[index + distance] : nil }
    private func fail(_ text: String) -> Failure { Failure(offset: min(index, max(0, bytes.count - 1)), text: text) }
    private func describeCurrent() -> String {
        guard let byte = current else { return "the end of the file" }
        if byte == 0x0A || byte == 0x0D { return "the end of the line" }
        return "'\(String(decoding: [byte], as: UTF8.self))'"
    }

    private mutating func skipSpaces() {
        while let byte = current, byte == 0x20 || byte == 0x09 { index += 1 }
    }

    private mutating func comment() throws(Failure) {
        guard current == UInt8(ascii: "#") else { return }
        while let byte = current, byte != 0x0A {
            if byte == 0x0D, peek(1) != 0x0A { throw fail("a carriage return must be followed by a line feed") }
            if byte == 0x0D { break }
            index += 1
        }
    }

    /// Spaces, then an optional comment, then a line end or the end of the file.
    private mutating func endOfLine() throws(Failure) {
        skipSpaces()
        try comment()
        guard let byte = current else { return }
        if byte == 0x0A {
            index += 1
        } else if byte == 0x0D, peek(1) == 0x0A {
            index += 2
        } else {
            throw fail("expected the end of the line, found \(describeCurrent())")
        }
    }

    private mutating func document() throws(Failure) {
        while index < bytes.count {
            skipSpaces()
            guard let byte = current else { return }
            if byte == UInt8(ascii: "#") || byte == 0x0A || byte == 0x0D {
                try endOfLine()
            } else if byte == UInt8(ascii: "[") {
                try tableHeader()
                try endOfLine()
            } else {
                try keyValue()
                try endOfLine()
            }
        }
    }

    private mutating func tableHeader() throws(Failure) {
        index += 1
        let isArray = current == UInt8(ascii: "[")
        if isArray { index += 1 }
        skipSpaces()
        try key()
        skipSpaces()
        guard current == UInt8(ascii: "]") else { throw fail("expected ']' to close the table name, found \(describeCurrent())") }
        index += 1
        if isArray {
            guard current == UInt8(ascii: "]") else { throw fail("expected ']]' to close the table-array name, found \(describeCurrent())") }
            index += 1
        }
    }

    private static func isBare(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private mutating func key() throws(Failure) {
        while true {
            guard let byte = current else { throw fail("expected a key, found the end of the file") }
            if byte == UInt8(ascii: "\"") {
                try basicString(multiline: false)
            } else if byte == UInt8(ascii: "'") {
                try literalString(multiline: false)
            } else if Self.isBare(byte) {
                while let next = current, Self.isBare(next) { index += 1 }
            } else {
                throw fail("expected a key (letters, digits, '_', '-' or a quoted string), found \(describeCurrent())")
            }
            skipSpaces()
            guard current == UInt8(ascii: ".") else { return }
            index += 1
            skipSpaces()
        }
    }

    private mutating func keyValue() throws(Failure) {
        try key()
        skipSpaces()
        guard current == UInt8(ascii: "=") else { throw fail("expected '=' after the key, found \(describeCurrent())") }
        index += 1
        skipSpaces()
        try value(depth: 0)
    }

    private mutating func value(depth: Int) throws(Failure) {
        guard depth < Self.maxDepth else { throw fail("values are nested more than \(Self.maxDepth) levels deep") }
        guard let byte = current else { throw fail("expected a value, found the end of the file") }
        switch byte {
        case UInt8(ascii: "\""):
            try basicString(multiline: peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\""))
        case UInt8(ascii: "'"):
            try literalString(multiline: peek(1) == UInt8(ascii: "'") && peek(2) == UInt8(ascii: "'"))
        case UInt8(ascii: "["):
            try array(depth: depth)
        case UInt8(ascii: "{"):
            try inlineTable(depth: depth)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            for word in ["true", "false"] where matches(word) {
                index += word.utf8.count
                return
            }
            throw fail("expected a value (a string, number, boolean, date, array or inline table), found \(describeCurrent())")
        default:
            try scalarToken()
        }
    }

    private func matches(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        return index + utf8.count <= bytes.count && Array(bytes[index..<(index + utf8.count)]) == utf8
    }

    private mutating func array(depth: Int) throws(Failure) {
        index += 1
        while true {
            try spaceCommentsAndNewlines()
            if current == UInt8(ascii: "]") {
                index += 1
                return
            }
            try value(depth: depth + 1)
            try spaceCommentsAndNewlines()
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard current == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in the array, found \(describeCurrent())") }
            index += 1
            return
        }
    }

    private mutating func spaceCommentsAndNewlines() throws(Failure) {
        while true {
            skipSpaces()
            guard let byte = current else { return }
            if byte == UInt8(ascii: "#") {
                try comment()
            } else if byte == 0x0A {
                index += 1
            } else if byte == 0x0D, peek(1) == 0x0A {
                index += 2
            } else {
                return
            }
        }
    }

    private mutating func inlineTable(depth: Int) throws(Failure) {
        index += 1
        skipSpaces()
        if current == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipSpaces()
            try key()
            skipSpaces()
            guard current == UInt8(ascii: "=") else { throw fail("expected '=' after the key, found \(describeCurrent())") }
            index += 1
            skipSpaces()
            try value(depth: depth + 1)
            skipSpaces()
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard current == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in the inline table, found \(describeCurrent())") }
            index += 1
            return
        }
    }

    private mutating func basicString(multiline: Bool) throws(Failure) {
        index += multiline ? 3 : 1
        if multiline, current == 0x0A { index += 1 } else if multiline, current == 0x0D, peek(1) == 0x0A { index += 2 }
        while true {
            guard let byte = current else { throw fail("this string is not closed") }
            if byte == UInt8(ascii: "\"") {
                if !multiline {
                    index += 1
                    return
                }
                if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                    index += 3
                    // Up to two more quotes belong to the string (`""""` ends with a quote inside).
                    var extra = 0
                    while current == UInt8(ascii: "\""), extra < 2 {
                        index += 1
                        extra += 1
                    }
                    return
                }
                index += 1
            } else if byte == UInt8(ascii: "\\") {
                index += 1
                try escape(multiline: multiline)
            } else if byte == 0x0A || byte == 0x0D {
                guard multiline else { throw fail("a string in \"…\" must end on its line (use \"\"\"…\"\"\" for several lines)") }
                if byte == 0x0D, peek(1) != 0x0A { throw fail("a carriage return must be followed by a line feed") }
                index += 1
            } else {
                index += 1
            }
        }
    }

    private mutating func escape(multiline: Bool) throws(Failure) {
        guard let byte = current else { throw fail("this string is not closed") }
        switch byte {
        case UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "r"), UInt8(ascii: "\""), UInt8(ascii: "\\"):
            index += 1
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            index += 1
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = current, let nibble = Self.hexValue(digit) else { throw fail("expected \(count) hex digits in this escape") }
                value = value &* 16 &+ nibble
                index += 1
            }
            guard Unicode.Scalar(value) != nil else { throw fail("this escape is not a Unicode scalar value") }
        case 0x20, 0x09, 0x0A, 0x0D:
            // A line-ending backslash (multi-line strings only): whitespace up to the line end, then
            // any whitespace and newlines.
            guard multiline else { throw fail("a backslash in a string must start an escape such as \\n") }
            var sawNewline = false
            while let next = current, next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D {
                if next == 0x0A { sawNewline = true }
                index += 1
            }
            guard sawNewline else { throw fail("a backslash in a string must start an escape such as \\n or end the line") }
        default:
            throw fail("unknown escape '\\\(String(decoding: [byte], as: UTF8.self))'")
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func literalString(multiline: Bool) throws(Failure) {
        index += multiline ? 3 : 1
        while true {
            guard let byte = current else { throw fail("this string is not closed") }
            if byte == UInt8(ascii: "'") {
                if !multiline {
                    index += 1
                    return
                }
                if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                    index += 3
                    var extra = 0
                    while current == UInt8(ascii: "'"), extra < 2 {
                        index += 1
                        extra += 1
                    }
                    return
                }
            } else if byte == 0x0A || byte == 0x0D {
                guard multiline else { throw fail("a string in '…' must end on its line") }
                if byte == 0x0D, peek(1) != 0x0A { throw fail("a carriage return must be followed by a line feed") }
            }
            index += 1
        }
    }

    /// A number, date or time: read as one token, then checked against TOML's forms.
    private mutating func scalarToken() throws(Failure) {
        let start = index
        func tokenByte(_ byte: UInt8) -> Bool {
            Self.isBare(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
        }
        while let byte = current, tokenByte(byte) { index += 1 }
        // A date and a time may be separated by one space: `1979-05-27 07:32:00`.
        if current == 0x20, let next = peek(1), next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9"),
            Self.isDate(Array(bytes[start..<index]))
        {
            index += 1
            while let byte = current, tokenByte(byte) { index += 1 }
        }
        let token = Array(bytes[start..<index])
        guard !token.isEmpty else {
            throw fail("expected a value (a string, number, boolean, date, array or inline table), found \(describeCurrent())")
        }
        guard Self.isNumber(token) || Self.isDateTime(token) else {
            index = start
            throw fail("'\(String(decoding: token, as: UTF8.self))' is not a TOML value (strings need quotes)")
        }
    }

    private static func digits(_ bytes: ArraySlice<UInt8>, allowed: (UInt8) -> Bool) -> Bool {
        guard let first = bytes.first, let last = bytes.last, allowed(first), allowed(last) else { return false }
        var previousUnderscore = false
        for byte in bytes {
            if byte == UInt8(ascii: "_") {
                if previousUnderscore { return false }
                previousUnderscore = true
            } else {
                guard allowed(byte) else { return false }
                previousUnderscore = false
            }
        }
        return true
    }

    private static func isDecimalDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isNumber(_ token: [UInt8]) -> Bool {
        var body = token[...]
        var signed = false
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            body = body.dropFirst()
            signed = true
        }
        if body.elementsEqual("inf".utf8) || body.elementsEqual("nan".utf8) { return true }
        if !signed, body.count > 2, body.first == UInt8(ascii: "0") {
            let rest = body.dropFirst(2)
            switch body[body.startIndex + 1] {
            case UInt8(ascii: "x"): return digits(rest) { hexValue($0) != nil }
            case UInt8(ascii: "o"): return digits(rest) { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
            case UInt8(ascii: "b"): return digits(rest) { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") }
            default: break
            }
        }
        // decimal integer part, then an optional fraction and exponent
        let exponentIndex = body.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = exponentIndex.map { body[..<$0] } ?? body
        let dot = mantissa.firstIndex(of: UInt8(ascii: "."))
        let integer = dot.map { mantissa[..<$0] } ?? mantissa
        guard digits(integer, allowed: isDecimalDigit) else { return false }
        if integer.count > 1, integer.first == UInt8(ascii: "0") { return false }  // no leading zeros
        if let dot {
            guard digits(mantissa[mantissa.index(after: dot)...], allowed: isDecimalDigit) else { return false }
        }
        if let exponentIndex {
            var exponent = body[body.index(after: exponentIndex)...]
            if let first = exponent.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { exponent = exponent.dropFirst() }
            guard digits(exponent, allowed: isDecimalDigit) else { return false }
        }
        return true
    }

    private static func fixedDigits(_ token: ArraySlice<UInt8>, _ pattern: String) -> Bool {
        let shape = Array(pattern.utf8)
        guard token.count == shape.count else { return false }
        for (byte, expected) in zip(token, shape) {
            if expected == UInt8(ascii: "9") { guard isDecimalDigit(byte) else { return false } } else if byte != expected { return false }
        }
        return true
    }

    static func isDate(_ token: [UInt8]) -> Bool { fixedDigits(token[...], "9999-99-99") }

    private static func isTime(_ token: ArraySlice<UInt8>) -> Bool {
        guard token.count >= 8, fixedDigits(token.prefix(8), "99:99:99") else { return false }
        var rest = token.dropFirst(8)
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            let fraction = rest.prefix { isDecimalDigit($0) }
            guard !fraction.isEmpty else { return false }
            rest = rest.dropFirst(fraction.count)
        }
        return rest.isEmpty
    }

    private static func isOffsetTime(_ token: ArraySlice<UInt8>) -> Bool {
        if isTime(token) { return true }
        if let last = token.last, last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") { return isTime(token.dropLast()) }
        guard token.count > 6 else { return false }
        let offset = token.suffix(6)
        guard let sign = offset.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), fixedDigits(offset.dropFirst(), "99:99") else {
            return false
        }
        return isTime(token.dropLast(6))
    }

    static func isDateTime(_ token: [UInt8]) -> Bool {
        if isDate(token) { return true }
        if isTime(token[...]) { return true }
        guard token.count > 11, isDate(Array(token.prefix(10))) else { return false }
        let separator = token[10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == 0x20 else { return false }
        return isOffsetTime(token.dropFirst(11))
    }
}
