import CMTSource

// Uses of `db` tables in bodies (see Checker+Tables.swift): a table field is only the receiver of
// its methods, `db.table` only appears as a table field's initializer, and `find` names one of the
// table's indexes with a value of that field's type.
extension BodyChecker {
    /// Reports reading a table field as a value anywhere but as the receiver of a method call.
    func rejectsTableValue(_ field: FieldInfo, expr: Expr) -> Bool {
        guard checker.tableRecordType(checker.fieldType(field)) != nil, expr.id != tableReceiver else { return false }
        report(CompilerMessages.tableAsValue(field.name), at: expr.span)
        return true
    }

    /// A call of a method of `Database` or `Table`.
    func checkTableCall(_ owner: String, _ method: FunctionInfo, typeArguments: [TypeID], base: Expr, arguments: [Expr],
                        name: Identifier) -> TypeID {
        if owner == "Database" {
            let help = context == .fieldInitializer
                ? "give the field its type: 'name: Table<Record> = db.table([\"field\"]);'"
                : "declare a table as a state field of the contract: 'records: Table<Record> = db.table([\"field\"]);'"
            report(CompilerMessages.tableDeclarationMisplaced(), at: name.span, helps: [help])
            for argument in arguments { checkExpression(argument, expected: types.array(.string)) }
            return .error
        }
        let result = callFunction(method, typeArguments: typeArguments, arguments: arguments, name: name)
        guard method.name == "find", arguments.count == 2, let field = tableField(base) else { return result }
        let indexes = checker.tableIndexes(of: field)
        let fieldArgument = stripParens(arguments[0])
        guard case .string(let text) = fieldArgument.kind else {
            report(CompilerMessages.indexNameNotLiteral(field.name), at: arguments[0].span)
            return result
        }
        guard indexes.contains(text) else {
            let suggestion = Spelling.closest(to: text, among: indexes)
            report(CompilerMessages.notAnIndex(text, table: field.name, indexes: indexes), at: arguments[0].span,
                   fixIts: suggestion.map { [.replace(fieldArgument.span, with: "\"\($0)\"", message: "did you mean '\($0)'?")] } ?? [],
                   helps: ["declare an index in the field's initializer: '\(field.name): … = db.table([\"\(text)\"])'"])
            return result
        }
        guard let record = checker.tableRecordClass(field), let indexed = record.instanceFields.first(where: { $0.name == text }) else {
            return result
        }
        let expected = checker.fieldType(indexed)
        let found = checker.expressionType(arguments[1]) ?? .error
        if !checker.isAssignable(found, to: expected) {
            report(CompilerMessages.argumentMismatch(2, callee: "'\(field.name).find'", found: types.describe(found),
                                                     expected: types.describe(expected)),
                   at: arguments[1].span, helps: conversionHelp(from: found, to: expected))
        }
        return result
    }

    /// The table field a method is called on (`loans` or `this.loans`).
    func tableField(_ base: Expr) -> FieldInfo? {
        let receiver = stripParens(base)
        guard case .field(_, let field)? = checker.symbol(receiver.id, in: file) else { return nil }
        return field
    }
}
