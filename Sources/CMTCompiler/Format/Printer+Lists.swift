import CMTSource

/// One element of a vertical list: a top-level item, a class or contract member, or a statement.
enum ListElement {
    case item(Item)
    /// A top-level declaration written with `export` (the keyword's span, then the declaration).
    case exportedItem(Span, Item)
    case member(ClassMember)
    case statement(Stmt)
    case switchClause(SwitchCase)
    /// Source text printed exactly as written (a region with syntax errors).
    case verbatim(Span)

    var span: Span {
        switch self {
        case .item(let item): item.span
        case .exportedItem(let keyword, let item): Span(file: keyword.file, start: keyword.start, end: item.span.end)
        case .member(let member): member.span
        case .statement(let stmt): stmt.span
        case .switchClause(let clause): clause.span
        case .verbatim(let span): span
        }
    }

    /// Declarations get a blank line on both sides; other elements keep the source's blank lines.
    var wantsBlankLines: Bool {
        switch self {
        case .item(.function), .item(.classDecl), .item(.contract), .member(.method): true
        case .exportedItem(_, let item): ListElement.item(item).wantsBlankLines
        case .item(.importDecl): false
        case .item(.statement(let stmt)), .statement(let stmt):
            if case .function = stmt.kind { true } else { false }
        case .member, .switchClause, .verbatim: false
        }
    }

    /// Whether doc comments on the same line as the end of this element may trail it; in lists of
    /// declarations they document the next element instead.
    var keepsTrailingDocComments: Bool {
        if case .statement = self { true } else { false }
    }
}

extension Printer {
    /// Prints a list one element per line with the comments around them: own-line comments before
    /// the element that follows them, same-line comments after the element they follow, and the
    /// comments after the last element before `closeOffset` (the closing brace, or the file's end).
    /// Blank lines: one between declarations, and at most one where the source had any.
    ///
    /// - Parameters:
    ///   - openEnd: The source offset just after the opening brace (0 for the file).
    ///   - closeOffset: Comments that start before it belong inside the list.
    mutating func printList(_ elements: [ListElement], openEnd: Int, closeOffset: Int) {
        var cursor = openEnd
        var emittedAny = false
        var previous: ListElement?
        for (index, element) in elements.enumerated() {
            let start = element.span.start
            var forceBlank = previous.map { $0.wantsBlankLines || element.wantsBlankLines } ?? false
            cursor = printLeadingComments(before: start, cursor: cursor, emittedAny: &emittedAny, forceBlank: &forceBlank)
            if emittedAny && (forceBlank || hasBlankLine(from: cursor, to: start)) {
                writer.blankLine()
            }
            writer.startLine()
            printElement(element)
            flushInline(before: element.span.end)
            // A doc comment documents the next declaration when only one line break separates
            // them, so it may trail this element only if no blank line will be put in between.
            let next = index + 1 < elements.count ? elements[index + 1] : nil
            let blankForced = next.map { $0.wantsBlankLines || element.wantsBlankLines } ?? false
            cursor = takeTrailingComments(after: element.span.end,
                                          allowDoc: element.keepsTrailingDocComments && !blankForced)
            emittedAny = true
            previous = element
        }
        _ = printLeadingComments(before: closeOffset, cursor: cursor, emittedAny: &emittedAny, forceBlank: nil)
        writer.startLine()
    }

    /// Prints the comments before `offset` on their own lines; returns the new source cursor.
    private mutating func printLeadingComments(before offset: Int, cursor: Int, emittedAny: inout Bool,
                                               forceBlank: inout Bool) -> Int {
        var cursor = cursor
        var previousWasComment = false
        while let comment = pendingComment, comment.span.start < offset {
            nextComment += 1
            let besidePrevious = previousWasComment && !comment.ownLine && onlyBlanks(from: cursor, to: comment.span.start)
            if !besidePrevious {
                if emittedAny && (forceBlank || hasBlankLine(from: cursor, to: comment.span.start)) {
                    writer.blankLine()
                }
                forceBlank = false
                writer.startLine()
            }
            writer.writeComment(text(of: comment), isLineComment: Printer.isLineComment(comment))
            cursor = comment.span.end
            emittedAny = true
            previousWasComment = true
        }
        return cursor
    }

    private mutating func printLeadingComments(before offset: Int, cursor: Int, emittedAny: inout Bool,
                                               forceBlank: Bool?) -> Int {
        var force = forceBlank ?? false
        return printLeadingComments(before: offset, cursor: cursor, emittedAny: &emittedAny, forceBlank: &force)
    }

    private mutating func printElement(_ element: ListElement) {
        switch element {
        case .item(.function(let decl)): printFunction(decl)
        case .item(.classDecl(let decl)): printClass(decl)
        case .item(.contract(let decl)): printContract(decl)
        case .item(.statement(let stmt)), .statement(let stmt): printStatement(stmt)
        case .item(.importDecl(let decl)): printImport(decl)
        case .exportedItem(_, let item):
            writer.write("export ")
            printElement(.item(item))
        case .member(let member): printMember(member)
        case .switchClause(let clause): printSwitchClause(clause)
        case .verbatim(let span):
            // The comments inside the region are part of its text.
            while let comment = pendingComment, comment.span.start < span.end { nextComment += 1 }
            // A marker, replaced by the region's bytes once the text is finished (the bytes need
            // not be valid UTF-8, so they cannot pass through a String).
            writer.write(Printer.verbatimMarker)
        }
    }

    /// Prints `{`, the elements indented one level, and `}`; `{}` when there is nothing inside.
    /// - Parameters:
    ///   - openOffset: The source offset of the `{`.
    ///   - closeOffset: The source offset just past the `}`.
    mutating func printBraced(_ elements: [ListElement], openOffset: Int, closeOffset: Int) {
        flushInline(before: openOffset)
        writer.writeSpaced("{")
        let hasComments = pendingComment.map { $0.span.start < closeOffset } ?? false
        if elements.isEmpty && !hasComments {
            writer.write("}")
            return
        }
        let openEnd = takeTrailingComments(after: openOffset + 1, allowDoc: true)
        writer.indent += 1
        printList(elements, openEnd: openEnd, closeOffset: closeOffset)
        writer.indent -= 1
        writer.write("}")
    }

    /// Prints a block of statements, leaving out lone `;` statements.
    mutating func printBlock(_ block: Block) {
        let elements = block.statements.compactMap { stmt -> ListElement? in
            if case .empty = stmt.kind { return nil }
            return .statement(stmt)
        }
        printBraced(elements, openOffset: block.span.start, closeOffset: block.span.end)
    }
}
