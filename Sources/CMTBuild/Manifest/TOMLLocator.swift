import CMTSource

/// Finds where keys and values sit in a `cmt.toml`, so manifest errors can put a caret under the
/// right text. TOMLKit gives values but not their positions; this scanner reads the file line by
/// line, tracking the current table header (`[package]`, `[[webhooks]]` as `webhooks#0`, `webhooks#1`…,
/// `[parameters.buyer]`), and records every `key = value` line. Anything it cannot place falls back
/// to the table header or the start of the file, which is still a correct (if wider) location.
struct TOMLLocator {
    struct Entry {
        let table: String
        let key: String
        let keySpan: Span
        /// From the first byte of the value to the end of the line (comments trimmed).
        let valueSpan: Span
    }

    let file: FileID
    let bytes: [UInt8]
    private(set) var entries: [Entry] = []
    private(set) var headers: [String: Span] = [:]
    /// Tables in the order their headers appear.
    private(set) var headerOrder: [String] = []

    init(file: SourceFile) {
        self.file = file.id
        self.bytes = file.bytes
        scan()
    }

    private mutating func scan() {
        var table = ""
        var arrayCounts: [String: Int] = [:]
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var start = lineStart
            while start < lineEnd, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
            if start < lineEnd, bytes[start] == UInt8(ascii: "[") {
                let isArray = start + 1 < lineEnd && bytes[start + 1] == UInt8(ascii: "[")
                let nameStart = start + (isArray ? 2 : 1)
                var nameEnd = nameStart
                while nameEnd < lineEnd, bytes[nameEnd] != UInt8(ascii: "]") { nameEnd += 1 }
                let name = Self.normalize(String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self))
                if isArray {
                    let index = arrayCounts[name, default: 0]
                    arrayCounts[name] = index + 1
                    table = "\(name)#\(index)"
                } else {
                    table = name
                }
                let span = Span(file: file, start: nameStart, end: nameEnd)
                if headers[table] == nil {
                    headers[table] = span
                    headerOrder.append(table)
                }
            } else if start < lineEnd, bytes[start] != UInt8(ascii: "#"), let equals = firstEquals(from: start, to: lineEnd) {
                var keyEnd = equals
                while keyEnd > start, bytes[keyEnd - 1] == UInt8(ascii: " ") || bytes[keyEnd - 1] == UInt8(ascii: "\t") { keyEnd -= 1 }
                let key = Self.normalize(String(decoding: bytes[start..<keyEnd], as: UTF8.self))
                var valueStart = equals + 1
                while valueStart < lineEnd, bytes[valueStart] == UInt8(ascii: " ") || bytes[valueStart] == UInt8(ascii: "\t") { valueStart += 1 }
                var valueEnd = valueStart
                var quote: UInt8?
                while valueEnd < lineEnd {
                    let byte = bytes[valueEnd]
                    if let open = quote {
                        if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\"") {
                            valueEnd += 1
                        } else if byte == open {
                            quote = nil
                        }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: "#") {
                        break
                    }
                    valueEnd += 1
                }
                valueEnd = min(valueEnd, lineEnd)
                while valueEnd > valueStart, bytes[valueEnd - 1] == UInt8(ascii: " ") || bytes[valueEnd - 1] == UInt8(ascii: "\t") || bytes[valueEnd - 1] == UInt8(ascii: "\r") { valueEnd -= 1 }
                entries.append(Entry(table: table, key: key, keySpan: Span(file: file, start: start, end: keyEnd),
                                     valueSpan: Span(file: file, start: valueStart, end: max(valueStart, valueEnd))))
            }
            lineStart = lineEnd + 1
        }
    }

    private func firstEquals(from start: Int, to end: Int) -> Int? {
        var index = start
        var quote: UInt8?
        while index < end {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "=") {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func normalize(_ text: String) -> String {
        String(text.filter { $0 != " " && $0 != "\t" && $0 != "\"" && $0 != "'" })
    }

    /// The entry `key` of `table` (the `[table]` header's name; `webhooks#1` for the second `[[webhooks]]`).
    func entry(_ table: String, _ key: String) -> Entry? {
        entries.first { $0.table == table && $0.key == key }
    }

    /// The span of a key, else of its table's header, else the start of the file.
    func keySpan(_ table: String, _ key: String) -> Span {
        entry(table, key)?.keySpan ?? tableSpan(table)
    }

    /// The span of a key's value, else of the key (or its table).
    func valueSpan(_ table: String, _ key: String) -> Span {
        entry(table, key)?.valueSpan ?? tableSpan(table)
    }

    /// The header of a table, else the start of the file.
    func tableSpan(_ table: String) -> Span {
        headers[table] ?? Span.point(file, 0)
    }

    /// The span of `"text"` inside the value of `key` (an element of an array of strings); the
    /// search goes past the end of the line for arrays written over several lines.
    func stringSpan(_ text: String, inValueOf table: String, _ key: String) -> Span {
        let fallback = valueSpan(table, key)
        let needle = Array("\"\(text)\"".utf8)
        var index = fallback.start
        while index + needle.count <= bytes.count {
            if bytes[index] == UInt8(ascii: "[") && index > fallback.start && bytes[index - 1] == UInt8(ascii: "\n") { break }
            if Array(bytes[index..<(index + needle.count)]) == needle {
                return Span(file: file, start: index + 1, end: index + needle.count - 1)
            }
            index += 1
        }
        return fallback
    }

    /// The span of `inner = …` inside the inline table that is the value of `key`, or the entry
    /// `inner` of the sub-table `[table.key]`.
    func innerSpan(_ table: String, _ key: String, _ inner: String, value: Bool) -> Span {
        if let entry = entry("\(table).\(key)", inner) { return value ? entry.valueSpan : entry.keySpan }
        guard let outer = entry(table, key) else { return tableSpan("\(table).\(key)") }
        let needle = Array(inner.utf8)
        var index = outer.valueSpan.start
        while index + needle.count <= outer.valueSpan.end {
            if Array(bytes[index..<(index + needle.count)]) == needle, index == 0 || !Self.isKeyByte(bytes[index - 1]),
                index + needle.count >= bytes.count || !Self.isKeyByte(bytes[index + needle.count])
            {
                let keySpan = Span(file: file, start: index, end: index + needle.count)
                guard value else { return keySpan }
                var start = index + needle.count
                while start < outer.valueSpan.end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "=") { start += 1 }
                var end = start
                var quote: UInt8?
                while end < outer.valueSpan.end {
                    let byte = bytes[end]
                    if let open = quote {
                        if byte == open { quote = nil }
                    } else if byte == UInt8(ascii: "\"") {
                        quote = byte
                    } else if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") {
                        break
                    }
                    end += 1
                }
                while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
                return Span(file: file, start: start, end: max(start, end))
            }
            index += 1
        }
        return outer.keySpan
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
