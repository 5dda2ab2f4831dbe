import CMTBytecode

/// Reads the CMT type names `[parameters]` declares (`number`, `address`, `string[]`,
/// `Map<string, number>`, `bytes?`) as the ABI's ``TypeDescriptor``s, so they can be compared with
/// the constructor's parameters and used to read `--param` values.
public enum ParameterTypes {
    /// The descriptor of a type a template parameter may have, or nil for anything else (classes,
    /// functions, `any`, `void`).
    public static func descriptor(_ text: String) -> TypeDescriptor? {
        let type = text.filter { $0 != " " && $0 != "\t" }
        return parse(Substring(type), depth: 0)
    }

    private static func parse(_ text: Substring, depth: Int) -> TypeDescriptor? {
        guard depth < 16, !text.isEmpty else { return nil }
        if text.hasSuffix("?") { return parse(text.dropLast(), depth: depth + 1).map { .optional($0) } }
        if text.hasSuffix("[]") { return parse(text.dropLast(2), depth: depth + 1).map { .array($0) } }
        if text.hasPrefix("Map<"), text.hasSuffix(">") {
            let inner = text.dropFirst(4).dropLast()
            var level = 0
            for index in inner.indices {
                switch inner[index] {
                case "<": level += 1
                case ">": level -= 1
                case "," where level == 0:
                    guard let key = parse(inner[..<index], depth: depth + 1), let value = parse(inner[inner.index(after: index)...], depth: depth + 1)
                    else { return nil }
                    return .map(key: key, value: value)
                default: break
                }
            }
            return nil
        }
        switch text {
        case "number": return .number
        case "string": return .string
        case "boolean": return .boolean
        case "address": return .address
        case "bytes": return .bytes
        default: return nil
        }
    }
}
