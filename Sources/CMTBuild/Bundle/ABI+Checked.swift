import CMTBundle
import CMTBytecode
import CMTCompiler

extension ABI.Contract {
    /// The contract of a checked module, events in declaration order; nil for a script.
    public init?(checked: CheckedModule) {
        guard let contract = checked.classes.first(where: { $0.kind == .contract && !$0.isDeclared }) else { return nil }
        let events = contract.events.values.sorted { ($0.span.file, $0.span.start, $0.name) < ($1.span.file, $1.span.start, $1.name) }
        self.init(name: contract.name, events: events.map { event in
            ABI.Contract.Event(name: event.name, fields: event.params.enumerated().map { position, param in
                ABI.Contract.Field(name: param.name, type: checked.types.describe(param.type), indexed: event.indexedFields.contains(position))
            })
        })
    }
}

extension ABI {
    /// The ABI of a checked and compiled program.
    public static func json(module: Module, checked: CheckedModule?) -> JSON {
        json(module: module, contract: checked.flatMap { ABI.Contract(checked: $0) }, listedClasses: listedClasses(checked))
    }

    /// In a program of modules, the classes the ABI lists: the exported ones and those the
    /// contract's entry points and events reach (through fields, elements and type arguments), so
    /// exported names, not the layout of files, decide what a bundle shows. Nil (every class, as
    /// before modules) for a program without modules.
    public static func listedClasses(_ checked: CheckedModule?) -> Set<String>? {
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

}
