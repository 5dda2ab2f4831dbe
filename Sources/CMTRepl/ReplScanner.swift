import CMTBytecode
import CMTVM

/// A problem with what the user typed or asked for in the REPL: printed as `error: MESSAGE`, after
/// which the session goes on.
struct ReplError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Reads the pieces of one REPL line: names, fact references (`f-3`) and literal values
/// (exact decimal numbers, "strings", `true`, `false`, `null` and `[…]` arrays).
struct ReplScanner {
    private let characters: [Character]
    private(set) var position = 0
    /// How deeply arrays may nest (a guard against runaway input, not a language limit).
    static let maximumNesting = 64

    init(_ text: String) { characters = Array(text) }

    var isAtEnd: Bool {
        mutating get {
            skipSpaces()
            return position >= characters.count
        }
    }

    /// The text not read yet, trimmed.
    var rest: String {
        mutating get {
            skipSpaces()
            return String(characters[position...]).trimmingTrailingSpaces()
        }
    }

    mutating func skipSpaces() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    /// Consumes `character` if it comes next.
    mutating func take(_ character: Character) -> Bool {
        skipSpaces()
        guard position < characters.count, characters[position] == character else { return false }
        position += 1
        return true
    }

    mutating func expect(_ character: Character, _ context: String) throws(ReplError) {
        guard take(character) else { throw ReplError("expected '\(character)' \(context), found \(found())") }
    }

    /// What comes next, for messages: `'x'` or `the end of the line`.
    mutating func found() -> String {
        skipSpaces()
        guard position < characters.count else { return "the end of the line" }
        let word = characters[position...].prefix { !$0.isWhitespace }.prefix(20)
        return "'\(String(word))'"
    }

    /// A name: a letter, `_` or `$`, then letters, digits and `_`.
    mutating func name() -> String? {
        skipSpaces()
        guard position < characters.count, characters[position].isLetter || characters[position] == "_" || characters[position] == "$" else {
            return nil
        }
        let start = position
        position += 1
        while position < characters.count, characters[position].isLetter || characters[position].isNumber || characters[position] == "_" {
            position += 1
        }
        return String(characters[start..<position])
    }

    /// `Type.FIELD` (a static field used as a value), if it comes next; nothing is consumed otherwise.
    mutating func staticField() -> ReplInput.StaticField? {
        let start = position
        if let type = name(), take("."), let field = name() { return ReplInput.StaticField(type: type, field: field) }
        position = start
        return nil
    }

    /// A fact reference: `f-3`, `f3` or `3`.
    mutating func factReference() throws(ReplError) -> Int {
        skipSpaces()
        let start = position
        while position < characters.count, !characters[position].isWhitespace, characters[position] != "," { position += 1 }
        var word = String(characters[start..<position]).lowercased()
        if word.hasPrefix("f-") { word.removeFirst(2) } else if word.hasPrefix("f") { word.removeFirst() }
        guard let id = Int(word), id > 0 else {
            throw ReplError("expected a fact such as 'f-1', found '\(String(characters[start..<position]))'")
        }
        return id
    }

    /// A literal value.
    mutating func literal(depth: Int = 0) throws(ReplError) -> ContractValue {
        skipSpaces()
        guard position < characters.count else { throw ReplError("expected a value, found the end of the line") }
        let first = characters[position]
        if first == "\"" || first == "'" { return .string(try string(quote: first)) }
        if first == "[" {
            guard depth < Self.maximumNesting else { throw ReplError("arrays nest too deeply (more than \(Self.maximumNesting) levels)") }
            position += 1
            var elements: [ContractValue] = []
            if take("]") { return .array(elements) }
            repeat {
                elements.append(try literal(depth: depth + 1))
            } while take(",")
            try expect("]", "to close the array")
            return .array(elements)
        }
        if first.isNumber || first == "-" || first == "+" || first == "." { return try number() }
        if let word = name() {
            switch word {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "null": return .null
            default: throw ReplError("'\(word)' is not a value: write numbers, \"strings\", true, false, null or [arrays]")
            }
        }
        throw ReplError("expected a value, found \(found())")
    }

    private mutating func number() throws(ReplError) -> ContractValue {
        let start = position
        if characters[position] == "-" || characters[position] == "+" { position += 1 }
        while position < characters.count, characters[position].isLetter || characters[position].isNumber
            || characters[position] == "." || characters[position] == "_" {
            position += 1
        }
        var text = String(characters[start..<position])
        if text.hasPrefix("+") { text.removeFirst() }
        guard let value = Decimal18(literal: text) else {
            throw ReplError("'\(String(characters[start..<position]))' is not a number (numbers are exact decimals with up to 18 places)")
        }
        return .number(value)
    }

    private mutating func string(quote: Character) throws(ReplError) -> String {
        position += 1
        var text = ""
        while position < characters.count {
            let character = characters[position]
            position += 1
            if character == quote { return text }
            guard character == "\\" else {
                text.append(character)
                continue
            }
            guard position < characters.count else { break }
            let escaped = characters[position]
            position += 1
            switch escaped {
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "r": text.append("\r")
            case "0": text.append("\0")
            default: text.append(escaped)
            }
        }
        throw ReplError("unterminated string: add the closing \(quote)")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
