import CMTSource

extension BodyChecker {
    /// `engine.facts(Invoice)` and `engine.query(Invoice, "name", arguments…)`: the first argument
    /// names a class and the result is an array of it (`Invoice[]`); a query's arguments are checked
    /// against its parameters when it runs (the rule set is only known then). Nil for other calls.
    func checkRuleSessionListing(_ method: FunctionInfo, arguments: [Expr], name: Identifier) -> TypeID? {
        guard let owner = method.owner, owner.kind == .builtin, owner.name == "RuleSession",
              method.name == "facts" || method.name == "query" else { return nil }
        let callee = "'RuleSession.\(method.name)'"
        let expected = method.name == "facts" ? "1" : "at least 2"
        let countFits = method.name == "facts" ? arguments.count == 1 : arguments.count >= 2
        guard countFits, let first = arguments.first else {
            report(CompilerMessages.wrongArgumentCount(callee, expected: expected, found: arguments.count), at: name.span)
            checkArgumentsLoosely(arguments)
            return .error
        }
        let classType = checkExpression(first, expected: nil)
        var result = TypeID.error
        if case .classObject(let id) = types[classType], Int(id.rawValue) < checker.classes.count,
           checker.classes[Int(id.rawValue)].kind == .userClass {
            result = types.array(types.intern(.instance(id, [])))
        } else if classType != .error {
            report(CompilerMessages.argumentMismatch(1, callee: callee, found: types.describe(classType), expected: "a class name"),
                   at: first.span)
        }
        if method.name == "query" {
            let queryName = checkExpression(arguments[1], expected: .string)
            if !checker.isAssignable(queryName, to: .string) {
                report(CompilerMessages.argumentMismatch(2, callee: callee, found: types.describe(queryName), expected: "string"),
                       at: arguments[1].span)
            }
            for argument in arguments.dropFirst(2) { _ = checkExpression(argument, expected: nil) }
        }
        return result
    }
}
