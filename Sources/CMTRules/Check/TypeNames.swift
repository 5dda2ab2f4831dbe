/// Maps the Java type names DRL files are often written with to CMT types (`String` → `string`,
/// `int` → `number`, `List<Item>` → `Item[]`); CMT type names pass through unchanged.
enum TypeNames {
    static let numberNames: Set<String> = [
        "int", "Integer", "long", "Long", "short", "Short", "byte", "Byte", "double", "Double", "float", "Float",
        "BigDecimal", "BigInteger", "Number",
    ]
    static let listNames: [String] = ["java.util.List", "List", "ArrayList", "Collection", "Set", "HashSet"]

    /// The CMT spelling of a type written in a DRL file, or nil when it is already CMT.
    static func cmt(_ written: String) -> String? {
        let text = written.filter { !$0.isWhitespace }
        if numberNames.contains(text) { return "number" }
        if text == "String" || text == "java.lang.String" { return "string" }
        if text == "boolean" || text == "Boolean" { return "boolean" }
        for list in listNames where text.hasPrefix(list + "<") && text.hasSuffix(">") {
            let inner = String(text.dropFirst(list.count + 1).dropLast())
            return (cmt(inner) ?? inner) + "[]"
        }
        return nil
    }

    /// The value a field of `type` starts with when its declare gives none, or nil when the field
    /// must be optional (`name?: Type`, starting as null).
    static func defaultValue(_ type: String) -> String? {
        switch type {
        case "number": "0"
        case "string": "\"\""
        case "boolean": "false"
        default: type.hasSuffix("[]") ? "[]" : nil
        }
    }
}
