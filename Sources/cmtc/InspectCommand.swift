import ArgumentParser
import CMTBuild
import Foundation

/// `cmtc inspect FILE.sbc`: verifies a bundle and lists its parts, sizes, hashes and ABI.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Verify a .sbc bundle and list its parts, hashes and ABI.",
        discussion: """
            Every part is checked against the SHA-256 that index.json lists, the archive against its canonical form, \
            the bytecode with the verifier, and the rule networks and process definitions by decoding them. Exit \
            status: 0 when the bundle is intact, 1 when anything is wrong, 2 on a usage error.
            """
    )

    @Argument(help: "The bundle to inspect.")
    var path: String

    func run() throws {
        let bundle = try BundleFile.read(path)
        print("bundle \(path)")
        print("id \(bundle.id)")
        print("size \(bundle.size) bytes")
        print("package \(bundle.packageName) \(bundle.version)" + (bundle.contract.map { ", contract \($0)" } ?? ", script"))
        if !bundle.bound.isEmpty {
            print("parameters")
            for parameter in bundle.bound { print("  \(parameter.name): \(parameter.type) = \(parameter.value)") }
        }
        print("parts")
        let width = bundle.parts.map(\.name.count).max() ?? 0
        for part in bundle.parts {
            let size = String(part.size)
            print("  \(part.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(repeating: " ", count: max(0, 8 - size.count)))\(size) B  sha256 \(part.sha256)")
        }
        print("abi")
        for line in Self.abiLines(bundle.abi) { print("  \(line)") }
        let module = bundle.module.module
        print("verified: bytecode (\(module.functions.count) functions, \(module.entryPoints.count) entry points), "
              + "\(bundle.ruleSets.count) rule network\(bundle.ruleSets.count == 1 ? "" : "s"), "
              + "\(bundle.processes.count) process definition\(bundle.processes.count == 1 ? "" : "s"), every part matches index.json")
    }

    static func abiLines(_ abi: JSON) -> [String] {
        func parameters(_ value: JSON?, key: String = "type") -> String {
            (value?.arrayValue ?? []).map { "\($0["name"]?.stringValue ?? "?"): \($0[key]?.stringValue ?? "?")" }.joined(separator: ", ")
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
