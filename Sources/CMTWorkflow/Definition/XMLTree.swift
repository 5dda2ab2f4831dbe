import CMTSource
import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of a parsed `.bpm` document with the byte spans the diagnostics point at.
///
/// A class so that freeing a tree is iterative (``deinit``): a recursive release of nested
/// values would overflow the stack on a deep document.
final class XMLElement {
    /// One attribute: its name, decoded value, and the spans of the name and of the raw value text.
    struct Attribute {
        var name: String
        var value: String
        var nameSpan: Span
        var valueSpan: Span
    }

    let name: String
    /// Attributes in source order (`xmlns…` declarations left out).
    var attributes: [Attribute]
    var children: [XMLElement]
    /// The element's text content (character data of this element only), entity-decoded.
    var text: String
    /// The span of the element name in the start tag.
    let nameSpan: Span
    /// The raw text between the start and end tags when the element holds text only.
    var textSpan: Span?
    /// The whole element: from the `<` of its start tag to the `>` of its end tag (or of its
    /// self-closing start tag).
    var extent: Span

    init(name: String, attributes: [Attribute], children: [XMLElement], text: String, nameSpan: Span, textSpan: Span?) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
        self.nameSpan = nameSpan
        self.textSpan = textSpan
        self.extent = nameSpan
    }

    /// Frees the subtree with a work list instead of one nested release per level.
    deinit {
        guard !children.isEmpty else { return }
        var pending = children
        children = []
        while var node = pending.popLast() {
            guard isKnownUniquelyReferenced(&node) else { continue }
            pending.append(contentsOf: node.children)
            node.children = []
        }
    }

    func attribute(_ name: String) -> Attribute? { attributes.first { $0.name == name } }
    func value(_ name: String) -> String? { attribute(name)?.value }
}

/// Reads a process XML file into an ``XMLElement`` tree with FoundationXML's `XMLParser`.
///
/// `XMLParser` reports a line and column near the end of each start tag; the reader converts it to a
/// byte offset (``SourceFile/offset(line:column:)``) and scans back to the tag's `<`, then reads the
/// attribute names and raw values from the source bytes so that every attribute has a span.
enum XMLTreeReader {
    /// The deepest element nesting read (the root is level 1); deeper documents get E0627.
    static let maximumDepth = 256

    /// The tree, or one diagnostic for a malformed document at the parser's reported position.
    static func read(_ file: SourceFile) -> Result<XMLElement, DiagnosticsError> {
        if let problem = encodingProblem(file.bytes) ?? processingInstructionProblem(file.bytes) {
            return .failure(DiagnosticsError([Diagnostic(WorkflowMessages.malformedXML(problem.text), at: Span.point(file.id, problem.offset))]))
        }
        let delegate = TreeBuilder(file: file)
        let parser = XMLParser(data: Data(file.bytes))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let ok = parser.parse()
        if let failure = delegate.failure { return .failure(DiagnosticsError([failure])) }
        if !ok || delegate.root == nil {
            let offset = file.offset(line: max(1, parser.lineNumber), column: max(1, parser.columnNumber))
            let detail = parser.parserError.map { XMLTreeReader.describe($0) } ?? "the document has no root element"
            return .failure(DiagnosticsError([Diagnostic(WorkflowMessages.malformedXML(detail), at: Span.point(file.id, offset))]))
        }
        guard let root = delegate.root else {
            return .failure(DiagnosticsError([Diagnostic(WorkflowMessages.malformedXML("empty document"), at: Span.point(file.id, 0))]))
        }
        return .success(root)
    }

    /// Process files are UTF-8 (every span is a UTF-8 byte offset): a UTF-16 byte-order mark or an
    /// XML declaration naming another encoding is refused before libxml2 converts anything (its
    /// UTF-7 decoder crashed on a fuzzed file).
    static func encodingProblem(_ bytes: [UInt8]) -> (offset: Int, text: String)? {
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            return (0, "only UTF-8 documents are read; this one starts with a UTF-16 byte-order mark")
        }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard bytes[start...].starts(with: Array("<?xml".utf8)) else { return nil }
        let declarationEnd = bytes[start...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.count
        let declaration = String(decoding: bytes[start..<declarationEnd], as: UTF8.self)
        guard let key = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let name = rest.dropFirst().prefix { $0 != quote }
        guard !["utf-8", "utf8"].contains(name.lowercased()) else { return nil }
        let offset = start + declaration.utf8.distance(from: declaration.startIndex, to: key.lowerBound)
        return (offset, "only UTF-8 documents are read; the declaration names the encoding '\(name)'")
    }

    /// FoundationXML reads a processing instruction's data with `strlen` even when there is none
    /// (`<?target?>`), which crashed every command reading such a file (found by fuzz-readers).
    /// jPDL uses no processing instructions, so any besides the leading XML declaration is refused
    /// before libxml2 reads the document; `<?` inside a comment or a CDATA section is text.
    static func processingInstructionProblem(_ bytes: [UInt8]) -> (offset: Int, text: String)? {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if bytes[index...].starts(with: Array("<?xml ".utf8)) || bytes[index...].starts(with: Array("<?xml?".utf8)) {
            index = (firstIndex(of: Array("?>".utf8), in: bytes, from: index + 2) ?? bytes.count) + 2
        }
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            let rest = bytes[(index + 1)...]
            if rest.starts(with: Array("!--".utf8)) {
                index = (firstIndex(of: Array("-->".utf8), in: bytes, from: index + 4) ?? bytes.count) + 3
            } else if rest.starts(with: Array("![CDATA[".utf8)) {
                index = (firstIndex(of: Array("]]>".utf8), in: bytes, from: index + 9) ?? bytes.count) + 3
            } else if rest.first == UInt8(ascii: "?") {
                return (index, "processing instructions ('<?…?>') are not read in process definitions; only the XML declaration starts with '<?'")
            } else {
                index += 1
            }
        }
        return nil
    }

    /// The first offset at or after `start` where `pattern` occurs in `bytes`.
    private static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !pattern.isEmpty, start <= bytes.count - pattern.count else { return nil }
        var index = start
        while index <= bytes.count - pattern.count {
            if bytes[index] == pattern[0], bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }

    static func describe(_ error: any Error) -> String {
        let code = (error as NSError).code
        switch code {
        case 4: return "the document is empty"
        case 5: return "the document ends before every element is closed"
        case 9, 64: return "invalid character"
        case 23, 26: return "undefined or malformed entity reference"
        case 38, 39, 40, 41: return "malformed attribute"
        case 68: return "unescaped '<' or '&' in text"
        case 73: return "expected '>'"
        case 76: return "opening and ending tag mismatch"
        default: return "XML parser error \(code)"
        }
    }
}

/// The `XMLParserDelegate` that builds the tree.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    let file: SourceFile
    var stack: [XMLElement] = []
    /// Offset just past each open element's start tag, parallel to `stack`.
    var contentStarts: [Int] = []
    var hasChildElements: [Bool] = []
    var root: XMLElement?
    var failure: Diagnostic?

    init(file: SourceFile) { self.file = file }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let reported = file.offset(line: parser.lineNumber, column: parser.columnNumber)
        let tag = TagScanner(bytes: file.bytes, file: file.id)
        let start = tag.findTagStart(name: elementName, near: reported)
        guard stack.count < XMLTreeReader.maximumDepth else {
            let span = Span(file: file.id, start: start + 1, end: start + 1 + elementName.utf8.count)
            failure = Diagnostic(WorkflowMessages.nestedTooDeeply(XMLTreeReader.maximumDepth), at: span)
            parser.abortParsing()
            return
        }
        let (scanned, tagEnd) = tag.scanAttributes(tagStart: start, name: elementName)
        var list: [XMLElement.Attribute] = []
        for attribute in scanned where !attribute.name.hasPrefix("xmlns") {
            var item = attribute
            item.value = attributes[attribute.name] ?? attribute.value
            list.append(item)
        }
        let nameSpan = Span(file: file.id, start: start + 1, end: start + 1 + elementName.utf8.count)
        if !hasChildElements.isEmpty { hasChildElements[hasChildElements.count - 1] = true }
        let element = XMLElement(name: elementName, attributes: list, children: [], text: "", nameSpan: nameSpan, textSpan: nil)
        element.extent = Span(file: file.id, start: start, end: max(start, tagEnd))
        stack.append(element)
        contentStarts.append(tagEnd)
        hasChildElements.append(false)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let element = stack.popLast(), let contentStart = contentStarts.popLast(), let nested = hasChildElements.popLast()
        else { return }
        let reported = file.offset(line: parser.lineNumber, column: parser.columnNumber)
        let scanner = TagScanner(bytes: file.bytes, file: file.id)
        let selfClosing = contentStart >= 2 && contentStart <= file.bytes.count && file.bytes[contentStart - 2] == UInt8(ascii: "/")
        if !selfClosing {
            // The end tag: after the last child, then up to its `>`.
            let notBefore = max(contentStart, element.children.last?.extent.end ?? contentStart)
            let endTag = scanner.findEndTagStart(name: elementName, near: reported, notBefore: notBefore)
            if !nested, !element.text.isEmpty {
                element.textSpan = Span(file: file.id, start: contentStart, end: endTag)
            }
            var close = endTag
            while close < file.bytes.count, file.bytes[close] != UInt8(ascii: ">") { close += 1 }
            element.extent = Span(file: file.id, start: element.extent.start, end: min(file.bytes.count, close + 1))
        }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard failure == nil else { return }
        let offset = file.offset(line: max(1, parser.lineNumber), column: max(1, parser.columnNumber))
        failure = Diagnostic(WorkflowMessages.malformedXML(XMLTreeReader.describe(parseError)), at: Span.point(file.id, offset))
        parser.abortParsing()
    }
}
