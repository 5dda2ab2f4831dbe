/// Identifies one ``SourceFile`` inside a ``SourceManager``; spans carry it so that a diagnostic
/// can name the file it points into.
public struct FileID: Hashable, Sendable, Comparable {
    public let rawValue: Int32
    public init(_ rawValue: Int32) { self.rawValue = rawValue }
    public static func < (lhs: FileID, rhs: FileID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The text of one source file (CMT, DRL or process XML) as UTF-8 bytes, with a line table that maps
/// byte offsets to 1-based lines and character columns.
///
/// Positions everywhere in the toolchain are UTF-8 byte offsets; lines and columns are computed only
/// when a human or a protocol needs them.
public final class SourceFile: Sendable {
    public let id: FileID
    /// The path as the user gave it; used verbatim in rendered diagnostics.
    public let path: String
    public let bytes: [UInt8]
    /// Byte offset at which each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]

    public convenience init(id: FileID, path: String, text: String) {
        self.init(id: id, path: path, bytes: Array(text.utf8))
    }

    public init(id: FileID, path: String, bytes: [UInt8]) {
        self.id = id
        self.path = path
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        self.lineStarts = starts
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The number of lines, counting a last line that has no newline.
    public var lineCount: Int { lineStarts.count }

    /// The 1-based line that holds `offset` (offsets past the end map to the last line).
    public func line(containing offset: Int) -> Int {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// Line and column of `offset`; the column counts Unicode scalars (characters for nearly all
    /// source text) from 1, so carets line up under the character a terminal shows.
    public func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let line = line(containing: clamped)
        let start = lineStarts[line - 1]
        var column = 1
        var index = start
        while index < clamped {
            index += SourceFile.scalarLength(leadByte: bytes[index])
            column += 1
        }
        return SourceLocation(line: line, column: column, offset: clamped)
    }

    /// The text of 1-based `line` without its line terminator.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The text a span covers.
    public func text(of span: Span) -> String {
        let start = max(0, min(span.start, bytes.count))
        let end = max(start, min(span.end, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The byte offset of a 1-based line and column (columns in Unicode scalars); clamps past the end.
    public func offset(line: Int, column: Int) -> Int {
        guard line >= 1 else { return 0 }
        guard line <= lineStarts.count else { return bytes.count }
        var index = lineStarts[line - 1]
        var col = 1
        while col < column, index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
            index += SourceFile.scalarLength(leadByte: bytes[index])
            col += 1
        }
        return min(index, bytes.count)
    }

    /// The byte length of the UTF-8 sequence a lead byte starts (1 for stray continuation bytes).
    @inlinable
    public static func scalarLength(leadByte: UInt8) -> Int {
        if leadByte < 0xC0 { return 1 }
        if leadByte < 0xE0 { return 2 }
        if leadByte < 0xF0 { return 3 }
        return 4
    }
}

/// A human-facing position: 1-based line, 1-based character column, and the byte offset it came from.
public struct SourceLocation: Hashable, Sendable {
    public let line: Int
    public let column: Int
    public let offset: Int
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }
}

/// A half-open range of UTF-8 byte offsets `[start, end)` in one source file.
public struct Span: Hashable, Sendable {
    public let file: FileID
    public let start: Int
    public let end: Int

    public init(file: FileID, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// An empty span at `offset`, for "expected X here" diagnostics.
    public static func point(_ file: FileID, _ offset: Int) -> Span { Span(file: file, start: offset, end: offset) }

    public var length: Int { end - start }

    /// The smallest span covering both (they must be in the same file).
    public func merged(with other: Span) -> Span {
        Span(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    public func contains(_ offset: Int) -> Bool { offset >= start && offset < end }
}
