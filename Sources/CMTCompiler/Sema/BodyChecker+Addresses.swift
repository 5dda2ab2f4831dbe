import CMTBytecode
import CMTSource

extension BodyChecker {
    /// `address("cmt1…")`, the address literal: its argument must be a string literal that
    /// ``Address/parse(_:)`` (the one validation every edge uses) accepts.
    func checkAddressLiteral(_ function: FunctionInfo, arguments: [Expr]) {
        guard function.isBuiltin, function.owner == nil, function.name == "address", let argument = arguments.first else { return }
        guard case .string(let text) = stripParens(argument).kind else {
            report(CompilerMessages.addressNotLiteral, at: argument.span)
            return
        }
        do { _ = try Address.parse(text) } catch {
            report(CompilerMessages.badAddressLiteral(text, reason: error.message), at: argument.span,
                   helps: [CompilerMessages.addressLiteralHelp])
        }
    }
}
