import CMTSource

// `db` tables (white paper §3.3): a contract state field of the prelude's generic type `Table<T>`
// names a table of records of class `T`. The field has no value of its own; its initializer
// `db.table(["field", …])` only declares the secondary indexes, which are checked here against
// `T`. `Table` is allowed nowhere else (E0407), and a table is only used through its methods
// (E0415, BodyChecker+Tables.swift).
extension Checker {
    /// The record type `T` when `type` is `Table<T>`.
    func tableRecordType(_ type: TypeID) -> TypeID? {
        guard case .instance(let id, let arguments) = types[type], arguments.count == 1,
            let table = builtinClasses["Table"], table.id == id
        else { return nil }
        return arguments[0]
    }

    /// Whether resolving `name` at `span` names `Table` where it may not be used (reported).
    func rejectsTableType(_ info: ClassInfo, allowAny: Bool, span: Span) -> Bool {
        guard info.kind == .builtin, info.name == "Table", !allowAny, span != tableFieldAnnotation else { return false }
        report(CompilerMessages.tableOutsideState(), at: span,
               helps: ["declare the table as a state field of the contract: 'records: Table<Record>;'"])
        return true
    }

    /// The class of a table's records, when it is a user class.
    func tableRecordClass(_ field: FieldInfo) -> ClassInfo? {
        guard let record = tableRecordType(fieldType(field)), case .instance(let id, _) = types[record] else { return nil }
        let info = classes[Int(id.rawValue)]
        return info.kind == .userClass ? info : nil
    }

    /// The indexed fields of a table field, checking its record type and initializer the first time.
    @discardableResult
    func tableIndexes(of field: FieldInfo) -> [String] {
        if let known = field.tableIndexes { return known }
        field.tableIndexes = []
        field.initializerChecked = true
        guard let recordType = tableRecordType(fieldType(field)) else { return [] }
        let recordSpan: Span
        if case .named(_, let arguments)? = field.decl.type?.kind, let first = arguments.first {
            recordSpan = first.span
        } else {
            recordSpan = field.decl.name.span
        }
        var visiting = Set<ClassID>()
        guard let info = tableRecordClass(field), isABIType(recordType, visiting: &visiting) else {
            if recordType != .error {
                report(CompilerMessages.tableRecordType(types.describe(recordType), field: field.name), at: recordSpan)
            }
            return []
        }
        guard let initializer = field.decl.initializer else { return [] }
        guard case .call(let callee, let arguments, optional: false) = initializer.kind,
            case .member(let base, let name, optional: false) = stripParens(callee).kind, name.name == "table",
            case .identifier("db") = stripParens(base).kind, userGlobal("db", from: base.span.file) == nil, arguments.count <= 1
        else {
            report(CompilerMessages.tableInitializer(field.name), at: initializer.span)
            return []
        }
        record(initializer, fieldType(field))
        guard let list = arguments.first else { return [] }
        guard case .array(let elements) = list.kind else {
            report(CompilerMessages.tableInitializer(field.name), at: list.span)
            return []
        }
        record(list, types.array(.string))
        var indexes: [String] = []
        for element in elements {
            guard case .string(let text) = element.kind else {
                // Checked for its own mistakes and for the names it reads, then refused.
                let body = BodyChecker(checker: self, file: field.file, context: .fieldInitializer, function: nil, owner: field.owner, parent: nil)
                body.checkExpression(element, expected: .string)
                report(CompilerMessages.tableInitializer(field.name), at: element.span)
                continue
            }
            record(element, .string)
            guard let indexed = info.instanceFields.first(where: { $0.name == text }) else {
                let suggestion = Spelling.closest(to: text, among: info.instanceFields.map(\.name))
                report(CompilerMessages.unknownIndexField(text, record: info.name), at: element.span,
                       fixIts: suggestion.map { [.replace(element.span, with: "\"\($0)\"", message: "did you mean '\($0)'?")] } ?? [],
                       helps: ["the fields of '\(info.name)': " + info.instanceFields.map(\.name).joined(separator: ", ")])
                continue
            }
            let type = fieldType(indexed)
            switch types[types.unwrapped(type)] {
            case .number, .string, .boolean, .address, .bytes, .error: break
            default:
                report(CompilerMessages.indexFieldType(text, type: types.describe(type)), at: element.span)
                continue
            }
            if indexes.contains(text) {
                report(CompilerMessages.duplicateIndex(text), at: element.span)
                continue
            }
            indexes.append(text)
        }
        field.tableIndexes = indexes
        return indexes
    }
}
