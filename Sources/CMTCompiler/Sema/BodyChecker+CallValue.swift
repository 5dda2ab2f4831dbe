import CMTSource

extension BodyChecker {
    /// `handle.f{ value: amount }(arguments)`: a contract call that sends `amount` CMT with it
    /// (docs/language.md "Sending CMT with a call"). The callee must be a public function called
    /// through a handle (a contract value other than `this`), outside test files (E0296, E0297), and
    /// the amount a number (E0203); the call itself is checked as any handle call.
    func checkValueCall(_ callee: Expr, value: Expr, _ arguments: [Expr], optional: Bool, expr: Expr) -> TypeID {
        let valueType = checkExpression(value, expected: .number)
        if valueType != .error, !checker.isAssignable(valueType, to: .number) {
            report(CompilerMessages.cannotAssign(types.describe(valueType), to: "number", what: "the value sent with a call"),
                   at: value.span)
        }
        let result = checkCall(callee, arguments, optional: optional, expr: expr)
        guard case .member(let base, _, _) = stripParens(callee).kind, !isThis(base),
              let baseType = checker.expressionType(base), contractOfHandle(types.unwrapped(baseType)) != nil
        else {
            report(CompilerMessages.callValueNotContractCall, at: callee.span, helps: [CompilerMessages.callValueHelp])
            return .error
        }
        if isTestFile {
            report(CompilerMessages.callValueInTest, at: value.span)
            return .error
        }
        return result
    }
}
