import CMTSource

/// Decides which parts of a file with syntax errors the formatter keeps exactly as written: every
/// top-level item of the lossless tree that holds a missing or unexpected token or the start of an
/// error diagnostic, and every run of skipped tokens between items. Overlapping or touching regions
/// are merged. Should any token of the file lie outside both a region and an item the printer
/// prints, the whole file becomes one region, so the formatter can never drop source text.
enum PartialFormatRegions {
    static func verbatimRegions(of tree: SyntaxTree, diagnostics: [Diagnostic], syntax: SourceFileSyntax) -> [Span] {
        let file = tree.file.id
        let errorOffsets = diagnostics.filter { $0.severity == .error && $0.span.file == file }.map(\.span.start).sorted()
        func holdsError(_ span: Span) -> Bool {
            // The first error offset at or after the start (binary search), then whether it is inside.
            var low = 0
            var high = errorOffsets.count
            while low < high {
                let mid = (low + high) / 2
                if errorOffsets[mid] < span.start { low = mid + 1 } else { high = mid }
            }
            return low < errorOffsets.count && errorOffsets[low] <= span.end
        }
        var regions: [Span] = []
        for child in tree.root.children {
            switch child {
            case .node(let node):
                let span = node.span
                if node.containsErrors || holdsError(span) { regions.append(span) }
            case .token(let token):
                if token.kind != .eof && !token.isMissing { regions.append(token.span) }
            }
        }
        // The printer writes comments as text: one holding bytes that are not UTF-8 is kept verbatim.
        for comment in syntax.comments where !regions.contains(where: { overlaps(comment.span, $0) }) {
            let bytes = tree.file.bytes[comment.span.start..<comment.span.end]
            if !bytes.elementsEqual(String(decoding: bytes, as: UTF8.self).utf8) { regions.append(comment.span) }
        }
        regions = merged(regions)
        if !everyTokenIsPrinted(tree, regions: regions, syntax: syntax) {
            let tokens = tree.tokens.filter { !$0.isMissing && $0.kind != .eof }
            guard let first = tokens.first, let last = tokens.last else { return [] }
            return [Span(file: file, start: first.span.start, end: last.span.end)]
        }
        return regions
    }

    /// Whether two spans share a byte (a zero-width span overlaps a span it lies strictly inside).
    static func overlaps(_ a: Span, _ b: Span) -> Bool {
        if a.start == a.end { return b.start < a.start && a.start < b.end }
        return a.start < b.end && b.start < a.end
    }

    private static func merged(_ regions: [Span]) -> [Span] {
        var result: [Span] = []
        for region in regions.sorted(by: { $0.start < $1.start }) {
            if let last = result.last, region.start <= last.end {
                result[result.count - 1] = Span(file: last.file, start: last.start, end: max(last.end, region.end))
            } else {
                result.append(region)
            }
        }
        return result
    }

    /// Whether every present token lies inside a region or inside an item the printer keeps.
    private static func everyTokenIsPrinted(_ tree: SyntaxTree, regions: [Span], syntax: SourceFileSyntax) -> Bool {
        var exportKeywords: [Int: Span] = [:]
        for mark in syntax.exports { exportKeywords[mark.itemIndex] = mark.keyword }
        var covered = regions
        for (index, item) in syntax.items.enumerated() {
            let start = exportKeywords[index]?.start ?? item.span.start
            let span = Span(file: item.span.file, start: start, end: item.span.end)
            if !regions.contains(where: { overlaps(span, $0) }) { covered.append(span) }
        }
        covered = merged(covered)
        var next = 0
        for token in tree.tokens where !token.isMissing && token.kind != .eof {
            let span = token.span
            while next < covered.count, covered[next].end < span.end { next += 1 }
            guard next < covered.count, covered[next].start <= span.start else { return false }
        }
        return true
    }
}
