import CMTSource

/// One piece of the trivia the lexer passes over between two tokens: white space, line breaks,
/// comments and a byte-order mark. A token's leading trivia is every byte from the end of the
/// previous token to its own start (``Token/start``), so trivia needs no storage of its own; this
/// type splits such a range into pieces by the lexer's rules, for tools (the formatter, the language
/// server) that want them.
public struct TriviaPiece: Sendable, Hashable {
    /// What a piece of trivia is.
    public enum Kind: Sendable, Hashable {
        /// Spaces and tabs.
        case whitespace
        /// One or more line breaks (`\n`, with any `\r` directly before each).
        case newlines
        /// Other white space the lexer skips: a lone `\r`, vertical tab, form feed.
        case otherWhitespace
        /// `// …` up to the end of the line (the line break is not part of it).
        case lineComment
        /// `/// …`, a documentation comment.
        case docLineComment
        /// `/* … */` (to the end of the file when unterminated).
        case blockComment
        /// `/** … */`, a documentation comment.
        case docBlockComment
        /// The UTF-8 byte-order mark at the start of a file.
        case byteOrderMark
        /// Bytes the lexer would not treat as trivia (never produced for a range between two
        /// tokens of one lexer run; kept so that splitting any range loses nothing).
        case unexpectedText
    }

    public let kind: Kind
    /// The piece's byte range in the file.
    public let range: Range<Int>

    /// Splits `bytes[range]` into trivia pieces; the pieces cover the range exactly.
    public static func pieces(of bytes: [UInt8], in range: Range<Int>) -> [TriviaPiece] {
        var pieces: [TriviaPiece] = []
        var index = range.lowerBound
        let end = min(range.upperBound, bytes.count)
        func peek(_ offset: Int) -> UInt8 { offset < end ? bytes[offset] : 0 }
        while index < end {
            let start = index
            let byte = bytes[index]
            let kind: Kind
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                while index < end, bytes[index] == 32 || bytes[index] == 9 { index += 1 }
                kind = .whitespace
            case UInt8(ascii: "\n"):
                index = Self.newlinesEnd(bytes, from: index, end: end)
                kind = .newlines
            case UInt8(ascii: "\r") where peek(index + 1) == UInt8(ascii: "\n"):
                index = Self.newlinesEnd(bytes, from: index, end: end)
                kind = .newlines
            case UInt8(ascii: "\r"), 0x0B, 0x0C:
                index += 1
                kind = .otherWhitespace
            case UInt8(ascii: "/") where peek(index + 1) == UInt8(ascii: "/"):
                let isDoc = peek(index + 2) == UInt8(ascii: "/") && peek(index + 3) != UInt8(ascii: "/")
                while index < end, bytes[index] != 10 { index += 1 }
                // As in the lexer, a `\r` before the line break is not part of the comment.
                if index > start + 2, bytes[index - 1] == 13 { index -= 1 }
                kind = isDoc ? .docLineComment : .lineComment
            case UInt8(ascii: "/") where peek(index + 1) == UInt8(ascii: "*"):
                let isDoc = peek(index + 2) == UInt8(ascii: "*") && peek(index + 3) != UInt8(ascii: "/")
                index += 2
                var closed = false
                while index < end {
                    if bytes[index] == UInt8(ascii: "*"), peek(index + 1) == UInt8(ascii: "/") {
                        index += 2
                        closed = true
                        break
                    }
                    index += 1
                }
                kind = isDoc && closed ? .docBlockComment : .blockComment
            case 0xEF where start == 0 && peek(1) == 0xBB && peek(2) == 0xBF:
                index += 3
                kind = .byteOrderMark
            default:
                index += 1
                kind = .unexpectedText
            }
            pieces.append(TriviaPiece(kind: kind, range: start..<index))
        }
        return pieces
    }

    /// The end of the run of line breaks (LF or CR LF) starting at `index`.
    private static func newlinesEnd(_ bytes: [UInt8], from index: Int, end: Int) -> Int {
        var index = index
        while index < end {
            if bytes[index] == 10 {
                index += 1
            } else if bytes[index] == 13, index + 1 < end, bytes[index + 1] == 10 {
                index += 2
            } else {
                break
            }
        }
        return index
    }
}
