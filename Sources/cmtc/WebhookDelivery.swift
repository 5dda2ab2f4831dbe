import ArgumentParser
import CMTBuild
import CMTBundle
import CMTBytecode
import CMTVM
import Foundation

/// `cmtc run DIR --webhook NAME`: finds the contract's handler (the entry point `webhook:NAME`) and
/// reads the event's fields, from a JSON object (`--json '{"orderId": "o1"}'`, by parameter name)
/// or from `--arg` values in parameter order. Every mistake is a usage error (exit 2) that says
/// what the handler takes.
enum WebhookDelivery {
    /// The entry point of handler `name`; prints the handlers the contract has when it has no such one.
    static func entry(_ name: String, in module: Module) throws -> EntryPoint {
        if let entry = module.entryPoint(named: "webhook:" + name) { return entry }
        let handlers = module.entryPoints.map(\.name).filter { $0.hasPrefix("webhook:") }.map { String($0.dropFirst("webhook:".count)) }
        printError("error: the contract has no webhook handler '\(name)'; "
            + (handlers.isEmpty ? "it declares none" : "it has \(handlers.sorted().joined(separator: ", "))"))
        throw ExitCode(2)
    }

    /// The handler's arguments, from `json` when given, else from the `--arg` texts.
    static func arguments(for entry: EntryPoint, json: String?, texts: [String], hook: String) throws -> [ContractValue] {
        let signature = entry.parameters.map { "\($0.name): \($0.type)" }.joined(separator: ", ")
        do {
            guard let json else {
                guard texts.count == entry.parameters.count else {
                    throw ArgumentValues.Failure(description: "webhook '\(hook)(\(signature))' takes \(entry.parameters.count) field(s), \(texts.count) given")
                }
                return try zip(texts, entry.parameters).map { try ArgumentValues.parse($0, as: $1.type) }
            }
            guard let data = json.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
                let fields = object as? [String: Any]
            else {
                throw ArgumentValues.Failure(description: "--json must be a JSON object with the fields of '\(hook)(\(signature))'")
            }
            let names = Set(entry.parameters.map(\.name))
            if let unknown = fields.keys.sorted().first(where: { !names.contains($0) }) {
                throw ArgumentValues.Failure(description: "webhook '\(hook)(\(signature))' has no field '\(unknown)'")
            }
            return try entry.parameters.map { parameter in
                guard let value = fields[parameter.name], !(value is NSNull) else {
                    if case .optional = parameter.type { return .null }
                    throw ArgumentValues.Failure(description: "the event lacks field '\(parameter.name)' (\(parameter.type)) of '\(hook)(\(signature))'")
                }
                do {
                    return try ArgumentValues.fromJSON(value, as: parameter.type)
                } catch {
                    throw ArgumentValues.Failure(description: "field '\(parameter.name)' of the event: \(error)")
                }
            }
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }
}
