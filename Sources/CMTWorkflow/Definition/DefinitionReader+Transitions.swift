import CMTProcessEngine
import CMTSource

extension DefinitionReader {
    /// Resolves a `<transition>`: its `to` path relative to the source node's super-state (as jBPM's
    /// `NodeCollection.findNode` does: `a/b` descends, `..` climbs, a leading `/` starts at the
    /// process definition), its condition and its actions.
    mutating func resolve(_ item: PendingTransition) -> TransitionDefinition? {
        let element = item.element
        var condition: ExpressionSource?
        var actions: [ActionDefinition] = []
        for child in element.children where allowed(child, in: element) {
            checkAttributes(child)
            switch child.name {
            case "condition":
                if let attribute = child.attribute("expression") {
                    condition = ExpressionText.extract(file: file, raw: attribute.valueSpan, decoded: attribute.value)
                } else {
                    let raw = child.textSpan ?? child.nameSpan
                    condition = ExpressionText.extract(file: file, raw: raw, decoded: child.text)
                }
                if nodes[item.from].kind != .decision {
                    diagnostics.add(WorkflowMessages.conditionOutsideDecision(nodes[item.from].fullName), at: child.nameSpan)
                }
            case "action": actions.append(readAction(child))
            default: break
            }
        }
        guard let to = require(element, "to") else { return nil }
        guard let target = findNode(path: to.value, from: item.from) else {
            diagnostics.add(WorkflowMessages.transitionToMissingNode(to.value), at: to.valueSpan)
            return nil
        }
        let name = element.value("name")
        let span = element.attribute("name")?.valueSpan ?? element.nameSpan
        return TransitionDefinition(name: name, from: item.from, to: target, condition: condition, actions: actions, span: span)
    }

    /// The node `path` names, seen from node `from`.
    func findNode(path: String, from: Int) -> Int? {
        var scope: Int? = nodes[from].parent
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if path.hasPrefix("/") {
            scope = nil
            segments.removeFirst()
        }
        var found: Int?
        for segment in segments {
            if segment == ".." {
                guard let current = found ?? scope else { return nil }
                if found != nil {
                    found = nil
                    scope = nodes[current].parent
                } else {
                    scope = nodes[current].parent
                }
                continue
            }
            if let current = found {
                guard nodes[current].kind == .superState else { return nil }
                scope = current
            }
            let candidates = scope.map { nodes[$0].children } ?? nodes.indices.filter { nodes[$0].parent == nil }
            guard let next = candidates.first(where: { nodes[$0].name == segment }) else { return nil }
            found = next
        }
        return found
    }
}

/// Extracts a CMT expression from attribute or element text: strips `#{…}` (JSF-EL style, as
/// jBPM writes them) and surrounding white space, and maps every byte back to the source.
enum ExpressionText {
    static func extract(file: SourceFile, raw: Span, decoded: String) -> ExpressionSource {
        var (text, offsets) = decode(file.bytes, raw)
        if text != Array(decoded.utf8) {
            // CDATA or something the simple decoder does not handle: point every byte at the start.
            text = Array(decoded.utf8)
            offsets = Array(repeating: raw.start, count: text.count)
        }
        var lower = 0
        var upper = text.count
        func trim() {
            while lower < upper, isSpace(text[lower]) { lower += 1 }
            while upper > lower, isSpace(text[upper - 1]) { upper -= 1 }
        }
        trim()
        if upper - lower >= 3, text[lower] == UInt8(ascii: "#") || text[lower] == UInt8(ascii: "$"),
            text[lower + 1] == UInt8(ascii: "{"), text[upper - 1] == UInt8(ascii: "}")
        {
            lower += 2
            upper -= 1
            trim()
        }
        let slice = Array(text[lower..<upper])
        let map = Array(offsets[lower..<upper])
        let start = map.first ?? raw.start
        let end = map.last.map { $0 + 1 } ?? raw.start
        return ExpressionSource(text: String(decoding: slice, as: UTF8.self), span: Span(file: file.id, start: start, end: max(start, end)),
                                offsets: map)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Decodes the five predefined entities and character references, keeping each output byte's source offset.
    static func decode(_ bytes: [UInt8], _ span: Span) -> ([UInt8], [Int]) {
        var out: [UInt8] = []
        var offsets: [Int] = []
        var index = max(0, span.start)
        let end = min(span.end, bytes.count)
        while index < end {
            if bytes[index] == UInt8(ascii: "&"), let semicolon = bytes[index..<end].firstIndex(of: UInt8(ascii: ";")) {
                let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
                if let replacement = entity(name) {
                    for byte in replacement.utf8 {
                        out.append(byte)
                        offsets.append(index)
                    }
                    index = semicolon + 1
                    continue
                }
            }
            out.append(bytes[index])
            offsets.append(index)
            index += 1
        }
        return (out, offsets)
    }

    private static func entity(_ name: String) -> String? {
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            if name.hasPrefix("#x"), let value = UInt32(name.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) {
                return String(Character(scalar))
            }
            if name.hasPrefix("#"), let value = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(value) {
                return String(Character(scalar))
            }
            return nil
        }
    }
}
