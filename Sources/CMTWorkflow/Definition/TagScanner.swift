import CMTSource

/// Finds tags and attributes in the raw bytes of an XML document that `XMLParser` has already
/// accepted, so that elements and attributes get exact byte spans.
struct TagScanner {
    let bytes: [UInt8]
    let file: FileID

    private static let lt = UInt8(ascii: "<")
    private static let gt = UInt8(ascii: ">")

    /// The offset of the `<` that starts the start tag of `name`, searching back from `near` (the
    /// parser reports a position inside or just after the tag), then forward.
    func findTagStart(name: String, near: Int) -> Int {
        let pattern = [TagScanner.lt] + Array(name.utf8)
        var index = min(near, bytes.count - 1)
        while index >= 0 {
            if bytes[index] == TagScanner.lt, matches(pattern, at: index) { return index }
            index -= 1
        }
        index = max(0, near)
        while index < bytes.count {
            if bytes[index] == TagScanner.lt, matches(pattern, at: index) { return index }
            index += 1
        }
        return max(0, min(near, bytes.count))
    }

    /// The offset of the `<` of the end tag (`</…`) the parser reported near `near`, not before
    /// `notBefore`; the content of a text-only element ends there.
    func findEndTagStart(name: String, near: Int, notBefore: Int) -> Int {
        let pattern = Array("</\(name)".utf8)
        var index = min(near, bytes.count - 1)
        while index >= notBefore {
            if bytes[index] == TagScanner.lt, index + pattern.count <= bytes.count,
                Array(bytes[index..<(index + pattern.count)]) == pattern
            {
                return index
            }
            index -= 1
        }
        // The parser read further ahead than expected: search forward.
        index = notBefore
        while index + pattern.count <= bytes.count {
            if Array(bytes[index..<(index + pattern.count)]) == pattern { return index }
            index += 1
        }
        return notBefore
    }

    private func matches(_ pattern: [UInt8], at index: Int) -> Bool {
        guard index + pattern.count <= bytes.count else { return false }
        for (offset, byte) in pattern.enumerated() where bytes[index + offset] != byte { return false }
        let after = index + pattern.count
        guard after < bytes.count else { return true }
        let next = bytes[after]
        return next == TagScanner.gt || next == UInt8(ascii: "/") || isSpace(next)
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// The attributes of the start tag at `tagStart` (raw values; the caller substitutes the
    /// parser's decoded ones) and the offset just past the tag's `>`.
    func scanAttributes(tagStart: Int, name: String) -> ([XMLElement.Attribute], Int) {
        var index = tagStart + 1 + name.utf8.count
        var result: [XMLElement.Attribute] = []
        while index < bytes.count {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { break }
            if bytes[index] == TagScanner.gt { return (result, index + 1) }
            if bytes[index] == UInt8(ascii: "/") {
                index += 1
                continue
            }
            let nameStart = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="), bytes[index] != TagScanner.gt {
                index += 1
            }
            let nameEnd = index
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { break }
            let quote = bytes[index]
            index += 1
            let valueStart = index
            while index < bytes.count, bytes[index] != quote { index += 1 }
            let valueEnd = min(index, bytes.count)
            index += 1
            let attributeName = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
            result.append(
                XMLElement.Attribute(
                    name: attributeName, value: String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self),
                    nameSpan: Span(file: file, start: nameStart, end: nameEnd), valueSpan: Span(file: file, start: valueStart, end: valueEnd)))
        }
        return (result, bytes.count)
    }
}
