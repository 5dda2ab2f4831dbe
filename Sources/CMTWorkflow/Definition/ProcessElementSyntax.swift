public import CMTSource

/// One element of a process file as written, with exact spans: what editors and the language
/// server need beside the checked ``ProcessParser/Output/definition`` (whose nodes and transitions
/// point at their names for diagnostics).
public struct ProcessElementSyntax: Sendable {
    /// One attribute as written.
    public struct Attribute: Sendable {
        public let name: String
        /// The decoded value.
        public let value: String
        /// The attribute's name.
        public let nameSpan: Span
        /// The raw value between the quotes.
        public let valueSpan: Span
    }

    /// The element name (`state`, `transition`, …).
    public let name: String
    /// The whole element, from the `<` of its start tag to the `>` that ends it.
    public let span: Span
    /// The element name in the start tag.
    public let nameSpan: Span
    /// The raw text content, for an element that holds only text.
    public let textSpan: Span?
    public let attributes: [Attribute]
    /// Index of the enclosing element in ``ProcessParser/Output/elements``; nil for the root.
    public let parent: Int?
    /// Indexes of the child elements, in source order.
    public var children: [Int]
}

extension ProcessElementSyntax {
    /// Every element of the tree under `root`, parents before children, in source order (an
    /// explicit work list: documents nest up to ``XMLTreeReader/maximumDepth`` levels).
    static func flatten(_ root: XMLElement) -> [ProcessElementSyntax] {
        var result: [ProcessElementSyntax] = []
        var pending: [(element: XMLElement, parent: Int?)] = [(root, nil)]
        while let (element, parent) = pending.popLast().map({ ($0.element, $0.parent) }) {
            let index = result.count
            let attributes = element.attributes.map {
                Attribute(name: $0.name, value: $0.value, nameSpan: $0.nameSpan, valueSpan: $0.valueSpan)
            }
            result.append(ProcessElementSyntax(name: element.name, span: element.extent, nameSpan: element.nameSpan, textSpan: element.textSpan,
                                               attributes: attributes, parent: parent, children: []))
            if let parent { result[parent].children.append(index) }
            pending.append(contentsOf: element.children.reversed().map { ($0, index) })
        }
        return result
    }
}
