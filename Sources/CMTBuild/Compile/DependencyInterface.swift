import CMTBytecode
import CMTCompiler

/// The CMT source that a `[dependencies]` entry contributes to a program that imports it:
/// `export declare contract Name { public function f(…): T; … }`, written from the dependency's
/// compiled entry points (its ABI), so that calls through a handle of its type are checked against
/// what the deployed contract really takes and returns.
enum DependencyInterface {
    /// The interface of `contract` from its module's entry points. Functions whose parameters or
    /// result hold class instances are left out (their classes are not part of the interface yet),
    /// and so are webhook handlers, which a contract cannot call. The constructor's parameters are
    /// declared (no handle calls it; `Name.deploy(…)` in a test is checked against them).
    static func source(dependency: String, contract: String, module: Module) -> String {
        var lines = ["/// The contract '\(contract)' of the dependency '\(dependency)', from its ABI.", "export declare contract \(contract) {"]
        if let constructor = module.entryPoint(named: EntryPoint.constructorName), !constructor.parameters.isEmpty {
            let parameters = constructor.parameters.map { parameter in typeText(parameter.type).map { "\(parameter.name): \($0)" } }
            if parameters.allSatisfy({ $0 != nil }) {
                lines.append("    constructor(\(parameters.compactMap { $0 }.joined(separator: ", ")));")
            }
        }
        for entry in module.entryPoints where entry.name != EntryPoint.constructorName && !entry.name.hasPrefix("webhook:") {
            let parameters = entry.parameters.map { parameter in typeText(parameter.type).map { "\(parameter.name): \($0)" } }
            guard parameters.allSatisfy({ $0 != nil }), let result = entry.returnType == .void ? "void" : typeText(entry.returnType) else {
                lines.append("    // '\(entry.name)' takes or returns class instances and cannot be called from here yet")
                continue
            }
            lines.append("    public function \(entry.name)(\(parameters.compactMap { $0 }.joined(separator: ", "))): \(result);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A descriptor as a CMT type, or nil when it names a class (or is not a value type).
    static func typeText(_ type: TypeDescriptor) -> String? {
        switch type {
        case .number: "number"
        case .boolean: "boolean"
        case .string: "string"
        case .bytes: "bytes"
        case .address: "address"
        case .array(let element): typeText(element).map { "\($0)[]" }
        case .map(let key, let value): typeText(key).flatMap { key in typeText(value).map { "Map<\(key), \($0)>" } }
        case .optional(let wrapped): typeText(wrapped).map { $0 + "?" }
        default: nil
        }
    }
}
