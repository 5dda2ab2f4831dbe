import CMTSource

/// Prints a parsed file in the canonical style, weaving the source's comments back in by byte
/// position. Comments are consumed strictly in source order through one cursor, so none can be
/// printed twice; whatever is left at the end of the file is printed there, so none can be lost.
///
/// The printer is split by concern: comment placement and statement lists here, then
/// `Printer+Declarations`, `+Statements`, `+Expressions` and `+Types`.
struct Printer {
    let file: SourceFile
    let comments: [Comment]
    var nextComment = 0
    var writer = OutputWriter()
    /// Whether an `interface` body is being printed (its methods are written without `function`).
    var inInterface = false

    init(file: SourceFile, comments: [Comment]) {
        self.file = file
        self.comments = comments
    }

    /// Prints the whole file and returns the formatted text.
    mutating func print(_ syntax: SourceFileSyntax) -> String {
        print(syntax, keepingVerbatim: [])
    }

    /// Stands for a region kept verbatim in the printed text: two Unicode noncharacters.
    static let verbatimMarker = "\u{10FFFF}\u{10FFFE}"

    /// Prints the whole file, except that the items overlapping `verbatim` (sorted, disjoint
    /// regions) are left out and each region is printed exactly as written in their place.
    mutating func print(_ syntax: SourceFileSyntax, keepingVerbatim verbatim: [Span]) -> String {
        var exportKeywords: [Int: Span] = [:]
        for mark in syntax.exports { exportKeywords[mark.itemIndex] = mark.keyword }
        var elements = syntax.items.enumerated().compactMap { index, item -> ListElement? in
            if case .statement(let stmt) = item, case .empty = stmt.kind { return nil }
            if let keyword = exportKeywords[index] { return .exportedItem(keyword, item) }
            return .item(item)
        }
        if !verbatim.isEmpty {
            elements.removeAll { element in verbatim.contains { PartialFormatRegions.overlaps(element.span, $0) } }
            elements.append(contentsOf: verbatim.map(ListElement.verbatim))
            elements.sort { $0.span.start < $1.span.start }
        }
        printList(elements, openEnd: 0, closeOffset: Int.max)
        return writer.finish()
    }

    // MARK: Comments

    var pendingComment: Comment? { nextComment < comments.count ? comments[nextComment] : nil }

    /// The comment's text as printed: verbatim, except that line comments lose trailing white space.
    func text(of comment: Comment) -> String {
        let raw = file.text(of: comment.span)
        guard comment.kind == .line || comment.kind == .docLine else { return raw }
        var end = raw.endIndex
        while end > raw.startIndex, let previous = raw.index(end, offsetBy: -1, limitedBy: raw.startIndex),
              raw[previous] == " " || raw[previous] == "\t" {
            end = previous
        }
        return String(raw[..<end])
    }

    static func isLineComment(_ comment: Comment) -> Bool { comment.kind == .line || comment.kind == .docLine }
    static func isDocComment(_ comment: Comment) -> Bool { comment.kind == .docLine || comment.kind == .docBlock }

    /// Prints every comment that starts before `offset` inside the current line of code. An own-line
    /// comment gets a line of its own, and a line comment ends its line; line breaks then fall just
    /// before a child node, where the grammar never depends on them.
    mutating func flushInline(before offset: Int) {
        while let comment = pendingComment, comment.span.start < offset {
            nextComment += 1
            if comment.ownLine && !writer.atLineStart {
                writer.breakLine(continuing: true)
            }
            writer.writeComment(text(of: comment), isLineComment: Printer.isLineComment(comment))
        }
    }

    /// Prints the comments between the end of a list element and the `,` after it (if one follows),
    /// so that they stay before the comma.
    mutating func flushBeforeComma(after end: Int) {
        guard let comment = pendingComment, comment.span.start >= end else { return }
        let next = skipTrivia(from: end)
        if next < file.bytes.count, file.bytes[next] == UInt8(ascii: ",") {
            flushInline(before: next)
        }
    }

    /// Prints the comments between the last element of a bracketed list (and its trailing comma, which
    /// the formatter drops) and the closing `)`, `]` or `}`, so that they stay inside the brackets.
    mutating func flushBeforeClosingBracket(after end: Int) {
        guard let comment = pendingComment, comment.span.start >= end else { return }
        var next = skipTrivia(from: end)
        if next < file.bytes.count, file.bytes[next] == UInt8(ascii: ",") { next = skipTrivia(from: next + 1) }
        guard next < file.bytes.count, [UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(file.bytes[next]) else {
            return
        }
        flushInline(before: next)
    }

    /// Appends the comments that follow `end` on the same source line (with only blanks or `;`
    /// between) to the current output line. Doc comments stay for the next declaration unless
    /// `allowDoc`. Returns the source offset after the last comment taken.
    @discardableResult
    mutating func takeTrailingComments(after end: Int, allowDoc: Bool) -> Int {
        var last = end
        while let comment = pendingComment, comment.span.start >= last,
              allowDoc || !Printer.isDocComment(comment),
              onlyBlanks(from: last, to: comment.span.start) {
            nextComment += 1
            writer.writeComment(text(of: comment), isLineComment: Printer.isLineComment(comment))
            last = comment.span.end
        }
        return last
    }

    /// Prints the comments before `offset` each on its own line (a comment that followed another on
    /// its source line stays beside it), then ends the line. Used where code resumes on a new line.
    mutating func flushOwnLines(before offset: Int) {
        var previousEnd: Int?
        while let comment = pendingComment, comment.span.start < offset {
            nextComment += 1
            let sameLine = previousEnd.map { onlyBlanks(from: $0, to: comment.span.start) } ?? false
            if !sameLine { writer.startLine() }
            writer.writeComment(text(of: comment), isLineComment: Printer.isLineComment(comment))
            previousEnd = comment.span.end
        }
        if previousEnd != nil { writer.startLine() }
    }

    // MARK: Source scanning

    /// Whether the bytes in `from..<to` are only spaces, tabs, carriage returns and semicolons.
    func onlyBlanks(from: Int, to: Int) -> Bool {
        guard from <= to, to <= file.bytes.count else { return false }
        return file.bytes[from..<to].allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 || $0 == UInt8(ascii: ";") }
    }

    /// Whether the source holds a blank line between `from` and `to`.
    func hasBlankLine(from: Int, to: Int) -> Bool {
        let low = max(0, min(from, file.bytes.count))
        let high = max(low, min(to, file.bytes.count))
        return file.bytes[low..<high].count { $0 == UInt8(ascii: "\n") } >= 2
    }

    /// The offset of the first byte at or after `offset` that is neither white space nor inside a comment.
    func skipTrivia(from offset: Int) -> Int {
        var index = offset
        var commentIndex = nextComment
        while index < file.bytes.count {
            while commentIndex < comments.count, comments[commentIndex].span.end <= index { commentIndex += 1 }
            if commentIndex < comments.count, comments[commentIndex].span.start == index {
                index = comments[commentIndex].span.end
                continue
            }
            let byte = file.bytes[index]
            guard byte == 32 || byte == 9 || byte == 10 || byte == 13 else { return index }
            index += 1
        }
        return index
    }
}
