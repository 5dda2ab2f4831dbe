import CMTBundle
import CMTCompiler

extension ABI.Contract {
    /// The contract of a checked module, events in declaration order; nil for a script.
    public init?(checked: CheckedModule) {
        guard let contract = checked.classes.first(where: { $0.kind == .contract }) else { return nil }
        let events = contract.events.values.sorted { ($0.span.file, $0.span.start, $0.name) < ($1.span.file, $1.span.start, $1.name) }
        self.init(name: contract.name, events: events.map { event in
            ABI.Contract.Event(name: event.name, fields: event.params.enumerated().map { position, param in
                ABI.Contract.Field(name: param.name, type: checked.types.describe(param.type), indexed: event.indexedFields.contains(position))
            })
        })
    }
}
