import CMTVM

/// How `cmtc test` shows a value in a failure: strings quoted, objects with their class and field
/// names, addresses the test named with their name (`cmt1… (buyer)`).
struct ValueText {
    let program: Program
    let chain: TestChain

    func render(_ value: ContractValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .address(let address): return chain.describe(address)
        case .array(let elements): return "[" + elements.map(render).joined(separator: ", ") + "]"
        case .map(let entries): return "{" + entries.map { render($0.key) + ": " + render($0.value) }.joined(separator: ", ") + "}"
        case .object(let classIndex, let fields):
            let classes = program.module.module.classes
            guard Int(classIndex) < classes.count else { return value.description }
            let info = classes[Int(classIndex)]
            return info.name + " {" + zip(info.fields, fields).map { "\($0): " + render($1) }.joined(separator: ", ") + "}"
        default: return value.description
        }
    }

    private func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
