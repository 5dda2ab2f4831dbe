import CMTBytecode
import CMTSource

// `db` tables: every method of a `Table<T>` state field is one `host r, table, 5` instruction
// whose operands are the operation, the table's descriptor (a string constant: the field's name,
// the record class's index and the indexed fields, separated by spaces) and up to three
// arguments, null when absent. The field itself is never loaded: it has no stored value.
extension FunctionLowering {
    /// `loans.put(key, record)` and the other `Table` methods.
    func tableCommand(_ method: FunctionInfo, base: Expr, arguments: [Expr], into dest: UInt16, type: IRType?, span: Span) {
        let operation: TableOperationCode? =
            switch method.name {
            case "get": .get
            case "put": .put
            case "has": .has
            case "delete": .delete
            case "range": .range
            case "keys": .keys
            case "count": .count
            case "find": .find
            default: nil
            }
        guard let operation, let descriptor = module.tableDescriptor(base) else {
            module.report(CompilerMessages.unsupportedConstruct("'Table.\(method.name)' here"), at: span)
            return
        }
        let mark = top
        let window = self.window(5, resultIn: dest)
        emit(.loadI, window, UInt16(operation.rawValue), type: .number)
        loadString(descriptor, into: window + 1)
        fillArguments(Array(arguments.prefix(3)), params: 3, at: window + 2)
        emit(.host, window, HostOperation.table.rawValue, 5, type: type)
        move(dest, window)
        free(to: mark)
    }
}

extension ModuleLowering {
    /// Whether a contract field is a `Table<T>` (it then has no state slot).
    func isTable(_ field: FieldInfo) -> Bool {
        guard case .instance(let id, let arguments) = types[field.type], arguments.count == 1 else { return false }
        let info = checked.classes[Int(id.rawValue)]
        return info.kind == .builtin && info.name == "Table"
    }

    /// The descriptor of the table a method is called on (`loans` or `this.loans`).
    func tableDescriptor(_ base: Expr) -> String? {
        guard case .field(_, let field)? = symbol(stripParens(base).id, in: base.span), isTable(field),
            case .instance(_, let arguments) = types[field.type], case .instance(let recordClass, _) = types[arguments[0]],
            let classIndex = classIndex[recordClass]
        else { return nil }
        return ([field.name, String(classIndex)] + (field.tableIndexes ?? [])).joined(separator: " ")
    }
}

/// The operation numbers of the `table` host operation (CMTVM's `TableOperation`; the compiler
/// does not import the VM, so the numbers are repeated here and a test keeps them equal).
public enum TableOperationCode: Int, Sendable, CaseIterable {
    case get = 0, put, has, delete, range, keys, count, find
}
