import CMTSource

extension Checker {
    /// The most indexed fields an event may have (the VM's limit of topics).
    static let maxIndexedFields = 3

    /// The positions of `decl`'s `indexed` fields, checked: each holds a number, boolean, string,
    /// bytes or address (optionals included), whose encoding the host compares when filtering
    /// (E0292), and there are at most three (E0293).
    func checkIndexedFields(_ decl: EventDecl, params: [ParamInfo]) -> [Int] {
        var positions: [Int] = []
        for (position, param) in decl.params.enumerated() where param.isIndexed {
            switch types[types.unwrapped(params[position].type)] {
            case .number, .boolean, .string, .bytes, .address, .error: break
            default:
                report(CompilerMessages.indexedFieldType(param.name.name, type: types.describe(params[position].type)), at: param.span)
                continue
            }
            positions.append(position)
            if positions.count == Self.maxIndexedFields + 1 {
                report(CompilerMessages.tooManyIndexedFields(decl.name.name, limit: Self.maxIndexedFields), at: param.span)
            }
        }
        return positions
    }
}
