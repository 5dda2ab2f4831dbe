import CMTSource

/// The rule for the top-level constants of a contract program (module constants): they are computed
/// afresh at the start of every call of the contract, before anything reads them, so an initializer
/// may only combine values (literals, operators, other module constants, array and map literals,
/// member and index reads, arrow functions). It may not call a function, create an object or
/// assign (E0417): such code could print, write storage, or read a constant not yet computed.
extension Checker {
    /// `address("…")` with a string literal, `address` being the prelude's (no global hides it).
    func isAddressLiteral(_ callee: Expr, _ arguments: [Expr]) -> Bool {
        guard case .identifier(let name) = callee.kind, name == "address", userGlobal(name, from: callee.span.file) == nil, arguments.count == 1,
            case .string = arguments[0].kind
        else { return false }
        return true
    }

    func checkModuleConstants(_ statements: [Stmt]) {
        for stmt in statements {
            guard case .variables(isConst: true, let bindings) = stmt.kind else { continue }
            for binding in bindings {
                guard let initializer = binding.initializer else { continue }
                if let (span, what) = forbiddenInModuleConstant(initializer) {
                    report(CompilerMessages.moduleConstantInitializer(binding.name.name, does: what), at: span,
                           helps: ["compute the value in a function, or in the constructor and keep it in a state field"])
                }
            }
        }
    }

    /// The first part of `expr` (outside arrow bodies, which run only when called) that a module
    /// constant's initializer may not contain, with what it does.
    private func forbiddenInModuleConstant(_ expr: Expr) -> (Span, String)? {
        switch expr.kind {
        case .number, .string, .boolean, .null, .this, .superRef, .identifier, .arrow, .error:
            return nil
        case .call(let callee, let arguments, _) where isAddressLiteral(callee, arguments):
            return nil  // `address("cmt1…")` is a literal (checked where it is checked as a call)
        case .call:
            return (expr.span, "call a function")
        case .new:
            return (expr.span, "create an object with 'new'")
        case .assign, .update:
            return (expr.span, "assign")
        case .callValue:
            return (expr.span, "call a function")
        case .array, .map, .paren, .spread, .unary, .forceUnwrap, .binary, .index, .conditional, .template:
            var found: (Span, String)?
            SyntaxWalk.children(of: expr, statement: { _ in }, expression: { if found == nil { found = self.forbiddenInModuleConstant($0) } })
            return found
        case .member(let base, _, _):
            // A static field whose initializer is not a literal is computed on first read, by code.
            if let index = fileIndex[expr.span.file], case .field(_, let field)? = symbols[index][expr.id], field.isStatic,
               let initializer = field.decl.initializer, !Self.isLiteral(initializer) {
                return (expr.span, "read static field '\(field.name)', whose initializer is computed")
            }
            return forbiddenInModuleConstant(base)
        }
    }

    private static func isLiteral(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .number, .string, .boolean: true
        case .paren(let inner): isLiteral(inner)
        case .unary(.negate, let inner): if case .number = inner.kind { true } else { false }
        default: false
        }
    }
}
