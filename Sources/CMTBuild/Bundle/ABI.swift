import CMTBytecode
import CMTCompiler

/// The contract's interface as JSON: its constructor, public functions, events and webhook
/// handlers with their parameter types (`abi.json` in a bundle, and `cmtc inspect`'s summary).
public enum ABI {
    /// Builds the ABI of a compiled contract (events come from the checked module, the rest from
    /// the bytecode's entry points).
    /// The format version of `abi.json`, its first member.
    public static let format = "cmt-abi/1"

    public static func json(module: Module, checked: CheckedModule?) -> JSON {
        var constructor: JSON = .array([])
        var functions: [JSON] = []
        var webhooks: [JSON] = []
        for entry in module.entryPoints {
            let parameters = JSON.array(entry.parameters.map { .object([("name", .string($0.name)), ("type", .string(typeName($0.type, module)))]) })
            if entry.name == "constructor" {
                constructor = parameters
            } else if entry.name.hasPrefix("webhook:") {
                webhooks.append(.object([("name", .string(String(entry.name.dropFirst(8)))), ("parameters", parameters)]))
            } else {
                functions.append(.object([("name", .string(entry.name)), ("parameters", parameters),
                                          ("returns", .string(typeName(entry.returnType, module)))]))
            }
        }
        var events: [JSON] = []
        var contractName = ""
        if let checked, let contract = checked.classes.first(where: { $0.kind == .contract && !$0.isDeclared }) {
            contractName = contract.name
            for event in contract.events.values.sorted(by: { ($0.span.file, $0.span.start, $0.name) < ($1.span.file, $1.span.start, $1.name) }) {
                let fields = JSON.array(event.params.enumerated().map { position, param in
                    var members: [(String, JSON)] = [("name", .string(param.name)), ("type", .string(checked.types.describe(param.type)))]
                    if event.indexedFields.contains(position) { members.append(("indexed", .bool(true))) }
                    return .object(members)
                })
                events.append(.object([("name", .string(event.name)), ("fields", fields)]))
            }
        }
        var classes: [JSON] = []
        let listed = listedClasses(checked)
        for info in module.classes where !info.name.hasPrefix("__") && listed.map({ $0.contains(info.name) }) ?? true {
            classes.append(.object([("name", .string(info.name)), ("fields", .array(info.fields.map { .string($0) }))]))
        }
        return .object([
            ("format", .string(format)), ("contract", .string(contractName)), ("constructor", constructor), ("functions", .array(functions)), ("events", .array(events)),
            ("webhooks", .array(webhooks)), ("classes", .array(classes)),
        ])
    }

    /// In a program of modules, the classes the ABI lists: the exported ones and those the
    /// contract's entry points and events reach (through fields, elements and type arguments), so
    /// exported names, not the layout of files, decide what a bundle shows. Nil (every class, as
    /// before modules) for a program without modules.
    static func listedClasses(_ checked: CheckedModule?) -> Set<String>? {
        guard let checked, checked.modules.hasModules else { return nil }
        var names = Set(checked.modules.exportedClasses.map { checked.classes[Int($0.rawValue)].name })
        var work: [TypeID] = []
        if let contract = checked.classes.first(where: { $0.kind == .contract && !$0.isDeclared }) {
            for function in contract.methodOrder + (contract.constructor.map { [$0] } ?? [])
            where function.isPublic || function.kind == .webhook || function.kind == .constructor {
                work += function.params.map(\.type) + [function.result]
            }
            for event in contract.events.values { work += event.params.map(\.type) }
        }
        var seen = Set<TypeID>()
        while let type = work.popLast() {
            guard seen.insert(type).inserted else { continue }
            switch checked.types[type] {
            case .array(let inner), .optional(let inner): work.append(inner)
            case .map(let key, let value): work += [key, value]
            case .instance(let id, let arguments):
                work += arguments
                let info = checked.classes[Int(id.rawValue)]
                if info.kind == .userClass {
                    names.insert(info.name)
                    work += info.instanceFields.map(\.type)
                }
            default: break
            }
        }
        return names
    }

    /// A type as CMT writes it, with class names instead of indexes.
    public static func typeName(_ type: TypeDescriptor, _ module: Module) -> String {
        switch type {
        case .object(let index): Int(index) < module.classes.count ? module.classes[Int(index)].name : "class#\(index)"
        case .array(let element): typeName(element, module) + "[]"
        case .optional(let wrapped): typeName(wrapped, module) + "?"
        case .map(let key, let value): "Map<\(typeName(key, module)), \(typeName(value, module))>"
        default: type.description
        }
    }
}
