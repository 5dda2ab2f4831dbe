/// The text `cmtc inspect` prints for a verified bundle: id, package, bound parameters, every part
/// with its size and SHA-256, the ABI, and what was verified.
public enum BundleReport {
    public static func text(_ bundle: LoadedBundle, path: String) -> String {
        var lines = ["bundle \(path)", "id \(bundle.id)", "size \(bundle.size) bytes"]
        lines.append("package \(bundle.packageName) \(bundle.version)" + (bundle.contract.map { ", contract \($0)" } ?? ", script"))
        if !bundle.bound.isEmpty {
            lines.append("parameters")
            for parameter in bundle.bound { lines.append("  \(parameter.name): \(parameter.type) = \(parameter.value)") }
        }
        lines.append("parts")
        let width = bundle.parts.map(\.name.count).max() ?? 0
        for part in bundle.parts {
            let size = String(part.size)
            let name = part.name + String(repeating: " ", count: max(0, width - part.name.count))
            lines.append("  \(name)  \(String(repeating: " ", count: max(0, 8 - size.count)))\(size) B  sha256 \(part.sha256)")
        }
        lines.append("abi")
        for line in abiLines(bundle.abi) { lines.append("  \(line)") }
        let module = bundle.module.module
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        lines.append("verified: bytecode (\(plural(module.functions.count, "function")), \(plural(module.entryPoints.count, "entry point"))), "
                     + "\(plural(bundle.ruleSets.count, "rule network")), \(plural(bundle.processes.count, "process definition")), "
                     + "every part matches index.json")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The ABI as CMT-like signatures, one per line.
    public static func abiLines(_ abi: JSON) -> [String] {
        func parameters(_ value: JSON?) -> String {
            (value?.arrayValue ?? []).map { "\($0["name"]?.stringValue ?? "?"): \($0["type"]?.stringValue ?? "?")" }.joined(separator: ", ")
        }
        var lines: [String] = []
        if let contract = abi["contract"]?.stringValue, !contract.isEmpty {
            lines.append("contract \(contract)")
            lines.append("constructor(\(parameters(abi["constructor"])))")
        }
        for function in abi["functions"]?.arrayValue ?? [] {
            lines.append("function \(function["name"]?.stringValue ?? "?")(\(parameters(function["parameters"]))): \(function["returns"]?.stringValue ?? "?")")
        }
        for event in abi["events"]?.arrayValue ?? [] {
            lines.append("event \(event["name"]?.stringValue ?? "?")(\(parameters(event["fields"])))")
        }
        for hook in abi["webhooks"]?.arrayValue ?? [] {
            lines.append("webhook \(hook["name"]?.stringValue ?? "?")(\(parameters(hook["parameters"])))")
        }
        return lines
    }
}
